"""The on-disk pyoxigraph store: `build --store PATH` writes it whole, and query, analyze, path,
export and serve read it with `--store PATH`, giving what they give from graph.ttl."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from typer.testing import CliRunner

from policykg.cli import app

from .conftest import SOURCES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("store")
    result = run("build", SOURCES, "-o", root / "out", "--no-html", "-q", "--store", root / "db")
    assert result.exit_code == 0, result.output
    return root / "out", root / "db"


@pytest.mark.parametrize("name", ["allies", "entities", "evidence", "members"])
def test_queries_on_the_store_equal_queries_on_the_graph_file(built, name: str):
    out, db = built
    from_file = run("query", name, "-g", out / "graph.ttl", "-f", "csv")
    from_store = run("query", name, "--store", db, "-f", "csv")
    assert from_file.exit_code == from_store.exit_code == 0, from_store.output
    assert from_store.output == from_file.output and from_file.output.count("\n") > 1


def test_analyze_path_and_export_read_the_store(built, tmp_path: Path):
    out, db = built
    assert run("analyze", "--store", db, "-o", tmp_path, "-q").exit_code == 0
    assert (tmp_path / "report.json").read_text() == (out / "report.json").read_text()
    via_store = run("path", "Turkey", "terrorism", "--store", db)
    assert via_store.exit_code == 0
    assert via_store.output == run("path", "Turkey", "terrorism", "-g", out / "graph.ttl").output
    assert run("export", "-f", "nt", "--store", db, "-o", tmp_path / "x.nt").exit_code == 0
    from rdflib import Graph
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(tmp_path / "x.nt"), Graph().parse(out / "graph.ttl"))


def test_a_rebuild_replaces_the_store_whole(tmp_path: Path):
    db = tmp_path / "db"
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.md").write_text("# A\n\nTurkey and Qatar are close allies.\n", encoding="utf-8")
    assert run("build", one, "-o", tmp_path / "o1", "-q", "--no-html", "--store", db).exit_code == 0
    first = run("query", "allies", "--store", db, "-f", "csv").output
    assert "Qatar" in first
    two = tmp_path / "two"
    two.mkdir()
    (two / "b.md").write_text("# B\n\nJordan and Egypt are close allies.\n", encoding="utf-8")
    assert run("build", two, "-o", tmp_path / "o2", "-q", "--no-html", "--store", db).exit_code == 0
    second = run("query", "allies", "--store", db, "-f", "csv").output
    assert "Jordan" in second and "Qatar" not in second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "o1", "o2", "one", "two"]
    marker = json.loads((db / "policykg-store.json").read_text())
    assert len(marker["graph_sha256"]) == 64


def test_a_folder_that_is_no_store_is_never_replaced_and_a_missing_store_is_reported(
    tmp_path: Path,
):
    taken = tmp_path / "mine"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep me")
    result = run("build", SOURCES, "-o", tmp_path / "out", "--store", taken)
    assert result.exit_code == 2 and "error[G003]" in result.output
    assert (taken / "notes.txt").read_text() == "keep me" and not (tmp_path / "out").exists()
    missing = run("query", "allies", "--store", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "error[G004]: no policykg store here" in missing.output


def test_serve_answers_from_the_store(built):
    import threading

    from policykg.graph.serve import EndpointServer, Limits

    out, db = built
    limits = Limits(time=5.0, rows=1000, request=20_000, workers=1)
    server = EndpointServer(db, "127.0.0.1", 0, limits, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address[:2]
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        request = Request(
            f"http://{host}:{port}/sparql?" + urlencode({"query": query}),
            headers={"Accept": "application/sparql-results+json"},
        )
        with urlopen(request, timeout=30) as response:
            data = json.load(response)
        from rdflib import Graph

        count = int(data["results"]["bindings"][0]["n"]["value"])
        assert count == len(Graph().parse(out / "graph.ttl"))
    finally:
        server.shutdown()
        server.server_close()
