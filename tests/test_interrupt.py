"""A build interrupted at any moment (issue 8): Ctrl-C ends with one line and exit 130; SIGKILL
at random points, in a loop, leaves every output file either as the previous build wrote it or
as the new one writes it, never truncated; the cache and the on-disk store survive and the next
build is whole."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SOURCES

POLICYKG = str(Path(sys.executable).with_name("policykg"))
OUTPUTS = ("graph.ttl", "report.md", "report.json", "coverage.md", "coverage.json")


def _interruptible() -> None:
    # A job a shell starts in the background (``pytest … &``) inherits Ctrl-C ignored, and Python
    # keeps an ignored SIGINT ignored: the build must start as from a terminal, where Ctrl-C acts.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(sources: Path, out: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen(
        [POLICYKG, "build", str(sources), "-o", str(out), "--no-html", "-q", *more],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    )


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, tuple[Path, dict[str, bytes]]]:
    """Two corpora (the essays, and the essays with one more document) and the outputs each
    gives when its build runs to the end."""
    root = tmp_path_factory.mktemp("corpora")
    more = root / "more"
    shutil.copytree(SOURCES, more)
    (more / "extra.md").write_text(
        "# Extra\n\nTurkey and Pakistan hold joint exercises to counter terrorism.\n",
        encoding="utf-8",
    )
    found = {}
    for name, sources in (("essays", SOURCES), ("more", more)):
        out = root / f"out-{name}"
        done = start(sources, out)
        assert done.wait(timeout=300) == 0, done.stderr.read()
        found[name] = (sources, {n: (out / n).read_bytes() for n in OUTPUTS})
    assert found["essays"][1]["graph.ttl"] != found["more"][1]["graph.ttl"]
    return found


def test_ctrl_c_ends_with_one_line_and_exit_130_leaving_the_outputs(corpora, tmp_path):
    sources, expected = corpora["essays"]
    out = tmp_path / "out"
    assert start(sources, out).wait(timeout=300) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    from bench.corpus import generate

    large = tmp_path / "large"
    generate(large, 150_000)  # a build of ten seconds and more here: the signal comes inside it
    build = start(large, out)
    time.sleep(1.5)
    assert build.poll() is None, "the build ended before the signal"
    build.send_signal(signal.SIGINT)
    code = build.wait(timeout=120)
    stderr = build.stderr.read()
    assert code == 130
    assert stderr == "policykg: interrupted\n"
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before == expected


# Ctrl-C while the command line is still being imported: the import raises KeyboardInterrupt,
# as Python makes it raise where the signal lands (a real signal cannot be aimed at that moment).
_IMPORT_INTERRUPTED = """
import builtins, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name == "policykg.cli":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
from policykg.__main__ import main
sys.argv = ["policykg", "build", "--help"]
main()
"""


def test_ctrl_c_while_the_command_line_loads_ends_with_one_line_and_exit_130():
    from policykg.__main__ import INTERRUPTED
    from policykg.errors import ExitCode

    assert INTERRUPTED == ExitCode.INTERRUPTED
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_INTERRUPTED], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "policykg: interrupted\n", "")


def test_the_console_script_is_the_entry_point_that_catches_it():
    script = Path(POLICYKG).read_text(encoding="utf-8")
    assert "from policykg.__main__ import main" in script
    done = subprocess.run(
        [sys.executable, "-m", "policykg", "--version"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (
        0,
        f"policykg {__import__('policykg').__version__}",
    )


def test_sigkill_at_random_points_never_leaves_a_truncated_output(corpora, tmp_path):
    out = tmp_path / "out"
    rng = random.Random(8)
    assert start(corpora["essays"][0], out).wait(timeout=300) == 0
    versions = {n: {corpora[c][1][n] for c in corpora} for n in OUTPUTS}
    killed = 0
    for round_ in range(10):
        name = ("more", "essays")[round_ % 2]
        build = start(corpora[name][0], out)
        time.sleep(rng.uniform(0.2, 3.0))
        if build.poll() is None:
            build.kill()
            killed += 1
        build.wait(timeout=120)
        for n in OUTPUTS:
            assert (out / n).read_bytes() in versions[n], f"{n} after kill {round_}"
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["counts"]["documents"] in (5, 6)
    assert killed >= 5
    # the cache and the folder survive: the next build runs to the end and gives its outputs
    final = start(corpora["more"][0], out)
    assert final.wait(timeout=300) == 0, final.stderr.read()
    assert "cache entries did not check out" not in final.stderr.read()
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == corpora["more"][1]
    assert not list(out.glob(".*.tmp")), "temporary files of killed builds are swept away"


def count_in_store(store: Path) -> int:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    done = subprocess.run(
        [POLICYKG, "query", count, "--store", str(store), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_the_store_survives_a_kill_at_random_points_and_while_it_is_swapped(corpora, tmp_path):
    from policykg.graph.store import write_disk_store

    out, store = tmp_path / "out", tmp_path / "db"
    counts, took = {}, []
    for name in ("essays", "more"):
        started = time.perf_counter()
        build = start(corpora[name][0], out, "--store", str(store), "--no-cache")
        assert build.wait(timeout=300) == 0
        took.append(time.perf_counter() - started)
        counts[name] = count_in_store(store)
    assert counts["essays"] != counts["more"]
    rng = random.Random(88)
    killed = round_ = 0
    # until four builds were killed while running: one that ended first (a machine faster than
    # when the builds were timed) shortens the wait before the next kills
    while killed < 4 and round_ < 24:
        name = ("essays", "more")[round_ % 2]
        started = time.perf_counter()
        build = start(corpora[name][0], out, "--store", str(store), "--no-cache")
        time.sleep(rng.uniform(0.4, 1.0) * min(took))  # mostly late: the store is written last
        if build.poll() is None:
            build.kill()
            killed += 1
        else:
            took.append(time.perf_counter() - started)
        build.wait(timeout=120)
        assert count_in_store(store) in counts.values(), f"after round {round_}"
        round_ += 1
    assert killed >= 4, f"only {killed} of {round_} builds were still running when killed"
    # killed between its two renames: the old store set aside, the new one not yet in place (a
    # build killed while deleting the store it replaced may have left part of that one there)
    previous = store.with_name(f".{store.name}.old")
    shutil.rmtree(previous, ignore_errors=True)
    store.rename(previous)
    assert count_in_store(store) in counts.values() and not previous.exists()
    store.rename(previous)
    write_disk_store(store, corpora["essays"][1]["graph.ttl"])
    assert count_in_store(store) == counts["essays"]
    assert not list(tmp_path.glob(".db.*")), "what killed builds left beside the store is gone"
