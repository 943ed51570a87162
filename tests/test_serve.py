"""`policykg serve`: a real SPARQL client (SPARQLWrapper) and raw HTTP against an endpoint started
on loopback: results and content negotiation, the service description and the query page, the
refusals (updates, LOAD, SERVICE, oversized requests and results, slow queries), CORS, and many
clients at once."""

from __future__ import annotations

import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from policykg.graph.serve import EndpointServer, Limits

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def graph(essays) -> Path:
    """The graph of the session's build of the essays (conftest)."""
    return essays.outputs["graph.ttl"]


def start(graph: Path, **kwargs) -> EndpointServer:
    limits = kwargs.pop("limits", Limits(time=5.0, rows=1000, request=20_000, workers=2))
    server = EndpointServer(graph, "127.0.0.1", 0, limits, quiet=True, **kwargs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def endpoint(graph: Path):
    server = start(graph)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def triples(graph: Path) -> int:
    return len(Graph().parse(graph))


def url(server: EndpointServer, path: str = "/sparql") -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{path}"


def request(server, method="GET", path="/sparql", body=None, headers=None):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def get(server, query: str, accept: str | None = None, **params):
    path = "/sparql?" + urlencode({"query": query, **params})
    return request(server, "GET", path, headers={"Accept": accept} if accept else {})


def test_sparqlwrapper_select_ask_and_construct(endpoint, triples: int):
    client = SPARQLWrapper(url(endpoint))
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == triples
    client.setQuery("ASK { ?x a <https://w3id.org/policykg#Nation> }")
    assert client.query().convert()["boolean"] is True
    client.setQuery(
        "PREFIX pkg: <https://w3id.org/policykg#>"
        " CONSTRUCT { ?a pkg:alliedWith ?b } WHERE { ?a pkg:alliedWith ?b }"
    )
    client.setReturnFormat(TURTLE)
    client.setMethod("POST")
    result = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(result) >= 4


@pytest.mark.parametrize(
    ("accept", "kind", "check"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", '"head"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("text/csv", "text/csv", "n\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?n\n"),
        ("text/html, text/csv;q=0.5, */*;q=0.1", "text/csv", "n\r\n"),
        (None, "application/sparql-results+json", '"bindings"'),
    ],
)
def test_select_results_follow_the_accept_header(endpoint, accept, kind, check):
    status, headers, body = get(endpoint, COUNT, accept)
    assert status == 200 and headers["Content-Type"].startswith(kind)
    assert check in body.decode()


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_graph_results_follow_the_accept_header(endpoint, accept, fmt):
    query = "DESCRIBE <https://w3id.org/policykg/id/turkiye>"
    status, headers, body = get(endpoint, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    described = Graph().parse(data=body.decode(), format=fmt)
    assert len(described) >= 3


def test_post_as_form_and_as_direct_body_and_format_parameter(endpoint, triples: int):
    form = urlencode({"query": COUNT, "format": "csv"})
    status, _, body = request(
        endpoint, "POST", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and body.decode() == f"n\r\n{triples}\r\n"
    status, _, body = request(
        endpoint,
        "POST",
        body=COUNT,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and body.decode().endswith(f"{triples}\r\n")


def test_service_description_and_offline_query_page(endpoint):
    status, headers, body = request(endpoint, "GET", "/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    sd = Graph().parse(data=body.decode(), format="turtle")
    assert any("SPARQL11Query" in str(o) for o in sd.objects())
    status, headers, page = request(endpoint, "GET", "/")
    text = page.decode()
    assert status == 200 and "policykg SPARQL" in text and "shared-mechanisms" in text
    # nothing is fetched but the endpoint itself: no script or style source, no link
    assert "src=" not in text and "<link" not in text and "@import" not in text
    assert text.count("fetch(") == 1 and 'fetch("sparql"' in text
    assert ".textContent" in text and "innerHTML" not in text


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "message"),
    [
        ("POST", "/sparql", "INSERT DATA { <a:b> <a:c> <a:d> }",
         {"Content-Type": "application/sparql-update"}, 403, "read-only"),
        ("POST", "/sparql", urlencode({"update": "CLEAR ALL"}),
         {"Content-Type": "application/x-www-form-urlencoded"}, 403, "read-only"),
        ("GET", "/sparql?" + urlencode({"query": "LOAD <http://example.org/x>"}), None, {}, 403,
         "read-only"),
        ("GET", "/sparql?" + urlencode(
            {"query": "PREFIX a: <http://x/>\nDELETE WHERE { ?s ?p ?o }"}),
         None, {}, 403, "read-only"),
        ("GET", "/sparql?" + urlencode(
            {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}),
         None, {}, 403, "SERVICE is refused"),
        ("GET", "/sparql?" + urlencode({"query": "SELECT ?x WHERE { ?x ?y }"}), None, {}, 400,
         "syntax error"),
        ("POST", "/sparql", "x" * 30_000, {"Content-Type": "application/sparql-query"}, 413,
         "larger than"),
        ("GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}), None, {}, 413,
         "more than 1000 rows"),
        ("POST", "/sparql", COUNT, {"Content-Type": "text/plain"}, 415, "POST a query"),
        ("GET", "/elsewhere", None, {}, 404, "not found"),
        ("GET", "/sparql?" + urlencode({"query": COUNT, "format": "yaml"}), None, {}, 400,
         "unknown format"),
    ],
)  # fmt: skip
def test_refusals_are_clear_4xx_errors(endpoint, method, path, body, headers, status, message):
    got, _, data = request(endpoint, method, path, body, headers)
    assert got == status and message in data.decode()


def test_a_slow_query_is_stopped_at_the_time_limit_and_the_endpoint_recovers(graph, triples):
    server = start(graph, limits=Limits(time=1.0, rows=1000, request=20_000, workers=1))
    try:
        started = time.monotonic()
        status, _, body = get(server, SLOW)
        assert status == 503 and "time limit (1 s)" in body.decode()
        assert time.monotonic() - started < 10
        status, _, body = get(server, COUNT, "text/csv")  # a fresh worker answers
        assert status == 200 and body.decode().endswith(f"{triples}\r\n")
    finally:
        server.shutdown()
        server.server_close()


def test_loopback_by_default_and_cors_only_when_asked(endpoint, graph):
    assert endpoint.server_address[0] == "127.0.0.1"
    _, headers, _ = get(endpoint, COUNT)
    assert "Access-Control-Allow-Origin" not in headers
    server = start(graph, cors="https://analyst.example")
    try:
        _, headers, _ = get(server, COUNT)
        assert headers["Access-Control-Allow-Origin"] == "https://analyst.example"
    finally:
        server.shutdown()
        server.server_close()


def test_many_clients_at_once_all_get_correct_answers(endpoint, triples: int):
    queries = [
        (COUNT, "text/csv", lambda b: b.endswith(f"{triples}\r\n")),
        ("ASK { ?x a <https://w3id.org/policykg#Nation> }", None, lambda b: '"boolean": true' in b),
        (
            "SELECT ?l WHERE { <https://w3id.org/policykg/id/turkiye>"
            " <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            "application/sparql-results+json",
            lambda b: json.loads(b)["results"]["bindings"][0]["l"]["value"] == "Türkiye",
        ),
    ]

    def client(i: int) -> bool:
        query, accept, check = queries[i % len(queries)]
        status, _, body = get(endpoint, query, accept)
        return status == 200 and check(body.decode())

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(client, range(96)))
    elapsed = time.monotonic() - started
    assert all(answers) and len(answers) == 96
    assert elapsed < 60, f"96 queries from 16 clients took {elapsed:.1f} s"


def test_serve_command_reports_a_busy_port_and_a_missing_graph(endpoint, graph, tmp_path):
    from typer.testing import CliRunner

    from policykg.cli import app

    runner = CliRunner()
    port = str(endpoint.server_address[1])
    busy = runner.invoke(app, ["serve", "-g", str(graph), "--port", port, "--workers", "1"])
    assert busy.exit_code == 2 and "error[U005]: cannot listen" in busy.output
    missing = runner.invoke(app, ["serve", "-g", str(tmp_path / "graph.ttl")])
    assert missing.exit_code == 2 and "error[G001]" in missing.output
    bad = runner.invoke(app, ["serve", "-g", str(graph), "--time-limit", "0"])
    assert bad.exit_code == 2 and "error[U001]" in bad.output
