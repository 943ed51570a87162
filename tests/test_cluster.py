"""`build --scheduler`: extraction on a Dask cluster (a real `distributed.LocalCluster` on
loopback, two worker processes) gives the graph a local build gives, and a cluster that cannot
be reached or cannot run policykg is a located error, before anything is written."""

from __future__ import annotations

import distributed  # the test extra installs Dask
import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import PolicyKGError
from policykg.pipeline import build

from .conftest import SOURCES


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def local_graph(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("local")
    build([SOURCES], out, render=False, cache=None)
    return (out / "graph.ttl").read_bytes()


def test_a_cluster_build_is_byte_identical_to_a_local_build(cluster, local_graph, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            *("build", str(SOURCES), "-o", str(tmp_path), "--no-html", "-q", "--no-cache"),
            *("--scheduler", cluster.scheduler_address),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == local_graph


def test_the_cache_sends_the_cluster_only_what_changed(cluster, local_graph, tmp_path):
    kept = tmp_path / ".cache"
    first = build(
        [SOURCES], tmp_path, render=False, cache=kept, scheduler=cluster.scheduler_address
    )
    assert first.manifest["cache"]["misses"] == first.manifest["counts"]["documents"]
    again = build(
        [SOURCES], tmp_path, render=False, cache=kept, scheduler=cluster.scheduler_address
    )
    assert again.manifest["cache"]["hits"] == again.manifest["counts"]["documents"]
    assert again.manifest["cache"]["misses"] == 0
    assert (tmp_path / "graph.ttl").read_bytes() == local_graph


def test_workers_with_another_policykg_are_refused_before_any_work(cluster, tmp_path, monkeypatch):
    import policykg.cluster

    real = policykg.cluster.metadata.version
    monkeypatch.setattr(
        policykg.cluster.metadata,
        "version",
        lambda name: "9.9.9" if name == "policykg" else real(name),
    )
    with pytest.raises(PolicyKGError) as caught:
        build([SOURCES], tmp_path / "out", render=False, scheduler=cluster.scheduler_address)
    (problem,) = caught.value.problems
    assert problem.code == "D002"
    assert "need policykg 9.9.9" in problem.message
    assert problem.path == cluster.scheduler_address
    assert not (tmp_path / "out").exists()


def test_a_cluster_without_workers_is_a_located_error(tmp_path):
    with (
        distributed.LocalCluster(
            n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as empty,
        pytest.raises(PolicyKGError) as caught,
    ):
        build([SOURCES], tmp_path / "out", render=False, scheduler=empty.scheduler_address)
    assert caught.value.problems[0].code == "D002"
    assert "no workers" in caught.value.problems[0].message


def test_an_unreachable_scheduler_is_a_located_error_and_writes_nothing(tmp_path, monkeypatch):
    import policykg.cluster

    monkeypatch.setattr(policykg.cluster, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(SOURCES), "-o", str(out), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert result.output.startswith("tcp://127.0.0.1:9: error[D001]: cannot reach the Dask")
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "127.0.0.1"], "'127.0.0.1' is no scheduler address: give tcp://HOST:PORT"),
        (["--scheduler", "tcp://127.0.0.1:9", "-j", "2"], "give --jobs or --scheduler, not both"),
    ],
)
def test_scheduler_usage_errors(args, message, tmp_path):
    result = CliRunner().invoke(app, ["build", str(SOURCES), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert result.output == f"--scheduler: error[U001]: {message}\n"
