"""The bundled named queries on the five essays (snapshots of their CSV results), parameters bound
from the command line, and the result formats of SELECT and CONSTRUCT queries.

Run with ``POLICYKG_UPDATE_SNAPSHOTS=1`` to rewrite the snapshots after an intended change (a rule
change alters the essays' graph), then read the diff of ``tests/cases/queries/`` before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.query import Result
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.query import named_queries
from policykg.pipeline import build

from .conftest import CASES, ROOT

runner = CliRunner()
SNAPSHOTS = CASES / "queries"
ESSAY = "foreign-policy-and-security-relations-of-an-islamic-nation.md"
PARAMETERS = {
    # bundled query: the parameters its snapshot binds
    "partners": ["nation=Turkey"],
    "mechanisms-goals": ["actor=Islamic nation"],
    "countered-by": ["threat=terrorism"],
    "fact-evidence": ["subject=Turkey"],
    "document-entities": [f"document={ESSAY}"],
    "shared-mechanisms": ["first=islamic-nation", "second=Turkey"],
}


@pytest.fixture(scope="module")
def essays(essays) -> str:
    """The graph of the session's build of the essays (conftest)."""
    return str(essays.outputs["graph.ttl"])


def query(graph: str, *args: str):
    return runner.invoke(app, ["query", *args, "--graph", graph])


def test_every_bundled_query_has_a_title_a_description_and_a_snapshot():
    queries = named_queries()
    assert len(queries) >= 14
    for name, q in queries.items():
        assert q.title != name and q.description, name
        assert (SNAPSHOTS / f"{name}.csv").is_file() or os.environ.get(
            "POLICYKG_UPDATE_SNAPSHOTS"
        ), f"no snapshot for {name}"
        for p in q.parameters:
            assert p.name in q.text and p.description, (name, p.name)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_bundled_query_result_on_the_essays_matches_its_snapshot(
    name: str, engine: str, essays: str
):
    """Both engines give the snapshot, byte for byte: pyoxigraph, the default, may stand for
    rdflib on every bundled query."""
    args = [a for value in PARAMETERS.get(name, []) for a in ("--param", value)]
    result = query(essays, name, *args, "--format", "csv", "--engine", engine)
    assert result.exit_code == 0, result.output
    snapshot = SNAPSHOTS / f"{name}.csv"
    if os.environ.get("POLICYKG_UPDATE_SNAPSHOTS") and engine == "rdflib":
        snapshot.write_text(result.output)
    assert result.output == snapshot.read_text()


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_parameters_narrow_the_results_and_match_labels_aliases_ids_and_iris(essays: str):
    everyone = rows(query(essays, "partners", "-f", "csv").output)
    turkey = rows(query(essays, "partners", "-p", "nation=Turkey", "-f", "csv").output)
    assert turkey and len(turkey) < len(everyone)
    assert {r["nationLabel"] for r in turkey} == {"Türkiye"}
    assert {r["partnerLabel"] for r in turkey} == {"Islamic nation"}
    for value in (
        "Türkiye",
        "turkey",
        "turkiye",
        "id:turkiye",
        "https://w3id.org/policykg/id/turkiye",
    ):
        same = rows(query(essays, "partners", "-p", f"nation={value}", "-f", "csv").output)
        assert same == turkey, value
    allied = rows(
        query(
            essays,
            "fact-evidence",
            "-p",
            "subject=Turkey",
            "-p",
            "property=alliedWith",
            "-f",
            "csv",
        ).output
    )
    assert allied and {r["relation"] for r in allied} == {"alliedWith"}
    assert all(r["sentence"] and r["rule"] and r["document"].endswith(".md") for r in allied)
    one = rows(query(essays, "document-entities", "-p", f"document={ESSAY}", "-f", "csv").output)
    assert one and {r["source"] for r in one} == {f"sources/{ESSAY}"}


def test_shared_mechanisms_of_two_nations(tmp_path: Path):
    build([ROOT / "tests" / "eval" / "unseen"], tmp_path, render=False)
    graph = str(tmp_path / "graph.ttl")
    shared = rows(
        query(
            graph,
            "shared-mechanisms",
            "-p",
            "first=Indonesia",
            "-p",
            "second=Malaysia",
            "-f",
            "csv",
        ).output
    )
    assert {"maritime patrols"} <= {r["mechanismLabel"] for r in shared}
    assert {(r["firstLabel"], r["secondLabel"]) for r in shared} == {("Indonesia", "Malaysia")}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["shared-mechanisms", "-p", "first=Turkey"], "Q005", "needs --param second=…"),
        (
            ["partners", "-p", "country=Turkey"],
            "Q004",
            "has no parameter 'country' (it takes: nation)",
        ),
        (["partners", "-p", "nation"], "Q004", "'nation' is not NAME=VALUE"),
        (
            ["partners", "-p", "nation=Turky"],
            "Q006",
            "no nation is called 'Turky'; did you mean 'Turkey'",
        ),
        (["partners", "-p", "nation=terrorism"], "Q006", "no nation is called 'terrorism'"),
        (["fact-evidence", "-p", "property=allied"], "Q006", "'allied' is no property"),
        (
            ["partners", "-p", "nation=https://example.org/x"],
            "Q006",
            "is in no triple of the graph",
        ),
        (["SELECT ?x WHERE { ?x ?p ?o }", "-p", "y=Turkey"], "Q004", "has no variable ?y"),
        (["entities", "-f", "ttl"], "Q007", "a SELECT query gives a table"),
    ],
)
def test_parameter_and_format_errors_are_located_and_exit_2(essays, args, code, message):
    result = query(essays, *args)
    assert result.exit_code == 2, result.output
    assert f"error[{code}]" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_an_ad_hoc_query_may_bind_any_of_its_variables(essays: str):
    sparql = (
        "PREFIX pkg: <https://w3id.org/policykg#>"
        " SELECT ?m WHERE { ?nation pkg:employs ?m } ORDER BY ?m"
    )
    bound = rows(query(essays, sparql, "-p", "nation=Islamic nation", "-f", "csv").output)
    assert bound and all(r["m"].startswith("id:") for r in bound)


def test_select_results_in_sparql_json_and_xml_and_graphs_in_rdf_formats(essays: str):
    data = json.loads(query(essays, "allies", "-f", "json").output)
    assert data["head"]["vars"][:3] == ["nation", "relation", "partner"]
    xml = query(essays, "allies", "-f", "xml").output
    parsed = Result.parse(io.StringIO(xml), format="xml")
    assert len(parsed) == len(data["results"]["bindings"]) > 0
    construct = (
        "PREFIX pkg: <https://w3id.org/policykg#>"
        " CONSTRUCT { ?a pkg:alliedWith ?b } WHERE { ?a pkg:alliedWith ?b }"
    )
    graphs = {}
    for fmt, rdflib_fmt in (
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("jsonld", "json-ld"),
        ("xml", "xml"),
        ("trig", "trig"),
    ):
        result = query(essays, construct, "-f", fmt)
        assert result.exit_code == 0, result.output
        graphs[fmt] = Graph().parse(data=result.output, format=rdflib_fmt)
    assert len({len(g) for g in graphs.values()}) == 1 and len(graphs["ttl"]) > 0
