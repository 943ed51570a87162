"""`build --endpoint` and `query --endpoint` against real SPARQL servers on loopback: the Oxigraph
server and Virtuoso 7 (tests/sparql_servers.py). The store holds one named graph per document,
replaced on rebuild; its union is the built graph; every bundled query answers there what it
answers from the file; the password is read from the environment or a file and never shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.query import named_queries
from policykg.graph.remote import GRAPHS, INDEX, Endpoint, document_graph, partition

from .conftest import SOURCES
from .sparql_servers import Server, oxigraph_server, virtuoso_server

SERVERS = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request, tmp_path_factory) -> Server:
    """Each server once per module; a test that needs Virtuoso's credentials asks for it alone."""
    yield from SERVERS[request.param](tmp_path_factory.mktemp(request.param))


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def secrets_of(server: Server) -> tuple[list[str], dict[str, str]]:
    """The options and environment that give the server's credentials, if it needs any."""
    if server.password is None:
        return [], {}
    return ["--user", server.user], {"POLICYKG_ENDPOINT_PASSWORD": server.password}


@pytest.fixture(scope="module")
def loaded(server: Server, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"built-{server.name}")
    options, env = secrets_of(server)
    result = run(
        *("build", str(SOURCES), "-o", str(out), "--no-html", "--no-cache"),
        *("--endpoint", server.store_url, *options),
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert f"{server.store_url}: 6 named graphs" in result.output
    if server.password:
        assert server.password not in result.output
        assert server.password not in (out / "manifest.json").read_text()
    return out / "graph.ttl"


def remote_graph(server: Server) -> Graph:
    """The union of policykg's named graphs in the store (a store may hold graphs of its own,
    as Virtuoso does), the index left out."""
    result = run(
        "query",
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o }"
        f' FILTER(STRSTARTS(STR(?g), "{GRAPHS}") && ?g != <{INDEX}>) }}',
        *("--endpoint", server.query_url, "--format", "nt"),
    )
    assert result.exit_code == 0, result.output
    return Graph().parse(data=result.output, format="nt")


def test_the_store_holds_the_built_graph(server, loaded):
    local = Graph().parse(loaded)
    assert isomorphic(remote_graph(server), local)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_bundled_query_answers_the_same_from_the_store(name, server, loaded):
    values = {
        "Nation": "Türkiye",
        "Entity": "Islamic nation",
        "Threat": "terrorism",
        "Property": "alliedWith",
        "Document": sorted(SOURCES.glob("*.md"))[0].name,
    }
    params = []
    for p in named_queries()[name].parameters:
        value = "Islamic nation" if p.name in ("second", "subject") else values[p.kind]
        params += ["--param", f"{p.name}={value}"]
    local = run("query", name, *params, "-g", str(loaded), "-f", "csv")
    remote = run("query", name, *params, "--endpoint", server.query_url, "-f", "csv")
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_a_rebuild_replaces_the_graphs_and_deletes_those_of_documents_gone(
    server, loaded, tmp_path
):
    fewer = tmp_path / "sources"
    shutil.copytree(SOURCES, fewer)
    gone = sorted(fewer.glob("*.md"))[0]
    gone.unlink()
    options, env = secrets_of(server)
    result = run(
        *("build", str(fewer), "-o", str(tmp_path / "out"), "--no-html", "--no-cache"),
        *("--endpoint", server.store_url, *options),
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert "5 named graphs" in result.output and "1 stale graphs deleted" in result.output
    rebuilt = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert isomorphic(remote_graph(server), rebuilt)
    listed = run(
        "query",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
        *("--endpoint", server.query_url, "-f", "csv"),
    )
    names = {line.strip("<>") for line in listed.output.split()[1:]}
    assert names >= {str(name) for name in partition(rebuilt)}
    assert str(document_graph(f"x/{gone.stem}")) not in names
    # and back: the next build restores the store to the whole corpus
    again = run(
        *("build", str(SOURCES), "-o", str(tmp_path / "again"), "--no-html", "--no-cache"),
        *("--endpoint", server.store_url, *options),
        env=env,
    )
    assert again.exit_code == 0, again.output
    assert isomorphic(remote_graph(server), Graph().parse(loaded))


@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)  # writes need a password
def test_a_wrong_password_is_refused_and_nothing_is_written(server, tmp_path):
    assert server.password is not None
    out = tmp_path / "out"
    result = run(
        *("build", str(SOURCES), "-o", str(out), "--no-html", "--no-cache"),
        *("--endpoint", server.store_url, "--user", server.user),
        env={"POLICYKG_ENDPOINT_PASSWORD": "not-the-password"},
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"{server.store_url}: error[N003]: the store refused user")
    assert "not-the-password" not in result.output
    assert not out.exists()
    anonymous = run(
        *("build", str(SOURCES), "-o", str(out), "--no-html", "--no-cache"),
        *("--endpoint", server.store_url),
        env={"POLICYKG_ENDPOINT_PASSWORD": ""},
    )
    assert anonymous.exit_code == 2
    assert "error[N003]: the store asks for credentials" in anonymous.output


@pytest.mark.parametrize("server", ["virtuoso"], indirect=True)  # writes need a password
def test_the_password_may_come_from_a_file(server, tmp_path):
    assert server.password is not None
    secret = tmp_path / "password"
    secret.write_text(server.password + "\n")
    result = run(
        *("build", str(SOURCES), "-o", str(tmp_path / "out"), "--no-html", "-q"),
        *("--endpoint", server.store_url, "--user", server.user, "--password-file", str(secret)),
        env={"POLICYKG_ENDPOINT_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.output


def test_endpoint_usage_errors_are_located_and_never_reach_the_network(tmp_path):
    unreachable = "http://127.0.0.1:9/sparql"
    cases = [
        (
            ["query", "allies", "--endpoint", "http://dba:secret@127.0.0.1:9/sparql"],
            "--endpoint: error[U001]: do not put a password in the URL",
        ),
        (["query", "allies", "--endpoint", "ftp://127.0.0.1/x"], "--endpoint: error[U001]"),
        (["query", "SELECT ?x WHERE { ?x }", "--endpoint", unreachable], "error[Q001]"),
        (
            ["query", "allies", "--endpoint", unreachable],
            f"{unreachable}: error[N001]: cannot reach the endpoint",
        ),
        (
            ["build", str(SOURCES), "-o", str(tmp_path / "o"), "--endpoint", unreachable],
            f"{unreachable}: error[N001]: cannot reach the store",
        ),
    ]
    for args, expected in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "secret" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_the_password_never_shows_in_a_repr():
    endpoint = Endpoint("http://127.0.0.1/x", "dba", "hunter2")
    assert "hunter2" not in repr(endpoint)
