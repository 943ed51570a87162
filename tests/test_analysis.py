"""The NetworkX analysis: report contents on the essays, determinism, bridges and paths on a small
graph whose answers are known, and the analyze and path commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.analysis import explanation_paths, report_markdown, summarize
from policykg.graph.store import load_graph
from policykg.graph.vocab import DCTERMS, PROV, RDF, RDFS, P, bind_prefixes

runner = CliRunner()
ID = "https://w3id.org/policykg/id/"


@pytest.fixture(scope="module")
def essays(essays) -> Path:
    """The folder of the session's build of the essays (conftest)."""
    return essays.outputs["graph.ttl"].parent


def chain() -> Graph:
    """Jordan —cooperatesWith→ Egypt —employs→ sanctions —counters→ terrorism, and Qatar
    —cooperatesWith→ Egypt: Egypt and sanctions are articulation points."""
    g = Graph()
    bind_prefixes(g)
    doc = URIRef("https://w3id.org/policykg/document/d")
    g.add((doc, RDF.type, P.Document))
    g.add((doc, DCTERMS.source, Literal("sources/d.md")))
    for eid, cls, label in [
        ("jordan", "Nation", "Jordan"),
        ("egypt", "Nation", "Egypt"),
        ("qatar", "Nation", "Qatar"),
        ("sanctions", "Mechanism", "sanctions"),
        ("terrorism", "Threat", "terrorism"),
    ]:
        g.add((URIRef(ID + eid), RDF.type, P[cls]))
        g.add((URIRef(ID + eid), RDFS.label, Literal(label)))
    facts = [
        ("jordan", "cooperatesWith", "egypt"),
        ("qatar", "cooperatesWith", "egypt"),
        ("egypt", "employs", "sanctions"),
        ("sanctions", "counters", "terrorism"),
    ]
    for i, (s, p, o) in enumerate(facts):
        g.add((URIRef(ID + s), P[p], URIRef(ID + o)))
        sentence = URIRef(f"https://w3id.org/policykg/sentence/d-{i:04d}")
        g.add((sentence, P.text, Literal(f"Sentence {i}: {s} {p} {o}.")))
        g.add((sentence, P.inDocument, doc))
        g.add((sentence, P.mentions, URIRef(ID + s)))
        ev = URIRef(f"https://w3id.org/policykg/evidence/e{i}")
        g.add((ev, RDF.type, P.Evidence))
        g.add((ev, RDF.subject, URIRef(ID + s)))
        g.add((ev, RDF.predicate, P[p]))
        g.add((ev, RDF.object, URIRef(ID + o)))
        g.add((ev, PROV.wasDerivedFrom, sentence))
    return g


def test_bridges_core_and_mechanisms_on_a_known_graph():
    summary = summarize(chain())
    points = {r["label"] for r in summary["bridges"]["articulation_points"]}
    assert points == {"Egypt", "sanctions"}
    assert len(summary["bridges"]["bridges"]) == 4  # a tree: every fact is a bridge
    assert summary["core"]["k"] == 1
    (mechanism,) = summary["mechanisms"]
    assert mechanism == {
        "label": "sanctions",
        "goals": [],
        "threats": ["terrorism"],
        "employed_by": ["Egypt"],
    }
    assert summary["central_entities"][0]["label"] == "Egypt"  # the hub has the top PageRank


def test_explanation_path_gives_each_step_with_its_evidence():
    (path,) = explanation_paths(chain(), ID + "jordan", ID + "terrorism")
    assert [(s.subject, s.prop, s.object) for s in path] == [
        ("Jordan", "cooperatesWith", "Egypt"),
        ("Egypt", "employs", "sanctions"),
        ("sanctions", "counters", "terrorism"),
    ]
    assert (
        path[1].sentence == "Sentence 2: egypt employs sanctions."
        and path[1].source == "sources/d.md"
    )
    assert explanation_paths(chain(), ID + "jordan", ID + "nowhere") == []


def test_the_essays_report_names_communities_cores_and_similar_documents(essays: Path):
    summary = json.loads((essays / "report.json").read_text())
    assert summary["communities"] and all(
        c["name"] == c["members"][0]["label"] for c in summary["communities"]
    )
    assert summary["central_entities"][0]["label"] == "Islamic nation"
    assert set(summary["central_by_class"]) == {
        "Nation",
        "Organization",
        "Agreement",
        "Mechanism",
        "Goal",
        "Threat",
    }
    assert "Islamic nation" in {r["label"] for r in summary["bridges"]["articulation_points"]}
    assert len(summary["documents"]) == 5
    for doc in summary["documents"]:
        assert doc["emphasis"] and 0 < doc["most_similar"]["cosine"] <= 1
    report = (essays / "report.md").read_text()
    for heading in (
        "## Communities",
        "## Core (k = ",
        "## Bridges",
        "## Mechanisms by what they connect",
    ):
        assert heading in report


def test_the_analysis_is_deterministic(essays: Path):
    graph = load_graph(essays / "graph.ttl")
    assert report_markdown(summarize(graph)) == report_markdown(summarize(graph))
    assert report_markdown(summarize(graph)) == (essays / "report.md").read_text()


def test_analyze_writes_the_reports_and_path_explains(essays: Path, tmp_path: Path):
    result = runner.invoke(app, ["analyze", "-g", str(essays / "graph.ttl"), "-o", str(tmp_path)])
    assert result.exit_code == 0 and "## Communities" in result.output
    assert (tmp_path / "report.md").read_text() == (essays / "report.md").read_text()
    assert json.loads((tmp_path / "report.json").read_text())["counts"]["documents"] == 5
    path = runner.invoke(app, ["path", "Turkey", "terrorism", "-g", str(essays / "graph.ttl")])
    assert path.exit_code == 0, path.output
    assert path.output.startswith("path 1 (2 steps):")
    assert "Türkiye —alliedWith→ Islamic nation" in path.output and "“" in path.output
    unknown = runner.invoke(app, ["path", "Turkey", "Atlantis", "-g", str(essays / "graph.ttl")])
    assert (
        unknown.exit_code == 2
        and "path: error[Q006]: B: no entity is called 'Atlantis'" in unknown.output
    )


def test_path_between_unconnected_entities_exits_1(tmp_path: Path):
    g = chain()
    g.add((URIRef(ID + "oman"), RDF.type, P.Nation))
    g.add((URIRef(ID + "oman"), RDFS.label, Literal("Oman")))
    target = tmp_path / "graph.ttl"
    g.serialize(target, format="turtle")
    assert explanation_paths(g, ID + "jordan", ID + "oman") == []
    result = runner.invoke(app, ["path", "Jordan", "Oman", "-g", str(target)])
    assert result.exit_code == 1 and "no path links Jordan and Oman" in result.output


def _undirected(graph: Graph):
    import networkx as nx

    from policykg.graph.network import to_networkx

    net = to_networkx(graph)
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(net.nodes))
    undirected.add_edges_from(sorted((s, o) for s, o in net.edges() if s != o))
    return undirected


def test_betweenness_is_networkx_s_exactly_and_estimated_above_the_limit(
    essays: Path, monkeypatch: pytest.MonkeyPatch
):
    import networkx as nx

    import policykg.graph.analysis as analysis

    undirected = _undirected(load_graph(essays / "graph.ttl"))
    exact = nx.betweenness_centrality(undirected)
    found, method = analysis.betweenness_centrality(undirected)
    assert method == {"method": "exact"}
    assert found.keys() == exact.keys()
    assert max(abs(found[v] - exact[v]) for v in exact) < 1e-12
    # above the limit: sampled sources, said so, and the same most central entities
    monkeypatch.setattr(analysis, "EXACT_BETWEENNESS", 10)
    monkeypatch.setattr(analysis, "PIVOTS", undirected.number_of_nodes() // 2)
    sampled, method = analysis.betweenness_centrality(undirected)
    assert method["method"] == "sampled" and method["pivots"] == analysis.PIVOTS
    top = sorted(exact, key=lambda v: (-exact[v], v))[:3]
    assert all(sampled[v] > 0 for v in top)
    assert sampled == analysis.betweenness_centrality(undirected)[0]  # seeded: the same each time
    assert "estimated" in report_markdown({**summarize(load_graph(essays / "graph.ttl"))})


def test_large_graph_communities_come_from_igraph_seeded_and_cover_every_entity(
    essays: Path, monkeypatch: pytest.MonkeyPatch
):
    import policykg.graph.analysis as analysis

    undirected = _undirected(load_graph(essays / "graph.ttl"))
    monkeypatch.setattr(analysis, "NETWORKX_LOUVAIN", 0)
    first = analysis._louvain(undirected)
    assert first == analysis._louvain(undirected)
    assert set().union(*first) == set(undirected.nodes)
    assert sum(len(c) for c in first) == undirected.number_of_nodes()
    assert 1 < len(first) < undirected.number_of_nodes()
