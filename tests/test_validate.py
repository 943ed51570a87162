"""SHACL validation: the shipped shapes, each kind of violation, `policykg validate`, and build
refusing to write a graph that violates the shapes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.store import load_graph
from policykg.graph.validate import validate_graph
from policykg.graph.vocab import NIF, PROV, RDF, RDFS, P
from policykg.ontology import bundled

from .conftest import ROOT, SOURCES

runner = CliRunner()
ID = "https://w3id.org/policykg/id/"


@pytest.fixture(scope="module")
def built(essays) -> Path:
    """The folder of the session's build of the essays (conftest)."""
    return essays.outputs["graph.ttl"].parent


@pytest.fixture
def graph(built: Path) -> Graph:
    return load_graph(built / "graph.ttl")


def test_the_shapes_file_is_the_generator_s_output():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "generate_shapes.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert bundled("shapes.ttl").read_text(encoding="utf-8") == gen.shapes()


def test_a_built_graph_conforms_and_its_manifest_says_so(built: Path, graph: Graph):
    report = validate_graph(graph)
    assert report.conforms and not report.violations and report.shapes == 13
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["validation"] == {"conforms": True, "shapes": 13}


def first(graph: Graph, cls) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def break_fact_without_evidence(g: Graph):
    g.add((URIRef(ID + "turkiye"), P.alliedWith, URIRef(ID + "malaysia")))


def break_range(g: Graph):
    evidence = first(g, P.Evidence)
    s = g.value(evidence, RDF.subject)
    g.add((s, P.memberOf, URIRef(ID + "terrorism")))
    g.add((evidence, RDF.object, URIRef(ID + "terrorism")))  # evidence for it, but two objects


def break_two_labels(g: Graph):
    g.add((URIRef(ID + "turkiye"), RDFS.label, Literal("Turkey")))


def break_offsets(g: Graph):
    g.set((first(g, P.Sentence), NIF.endIndex, Literal(10**7)))


def break_matched_text(g: Graph):
    g.set((first(g, P.Evidence), P.matchedText, Literal("words from nowhere")))


def break_missing_rule(g: Graph):
    g.remove((first(g, P.Evidence), P.rule, None))


def break_fact_of_evidence(g: Graph):
    evidence = first(g, P.Evidence)
    fact = (g.value(evidence, RDF.subject), g.value(evidence, RDF.predicate), None)
    g.remove(fact)  # and the fact's reverse evidence, if symmetric, now names a missing fact too


def break_sentence_without_document(g: Graph):
    g.remove((first(g, P.Sentence), P.inDocument, None))


def break_evidence_sentence(g: Graph):
    g.set((first(g, P.Evidence), PROV.wasDerivedFrom, URIRef(ID + "turkiye")))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (break_fact_without_evidence, "a pkg:alliedWith fact has no evidence"),
        (break_range, "pkg:memberOf points to an Organization or an Agreement"),
        (break_range, "evidence names one object"),
        (break_two_labels, "an entity has exactly one rdfs:label"),
        (break_offsets, "the sentence ends after the end of its document"),
        (break_offsets, "the sentence's text is not as long as its offsets say"),
        (break_matched_text, "the matched words are not in the evidence's sentence"),
        (break_missing_rule, "evidence names the rule that fired"),
        (break_sentence_without_document, "a sentence belongs to one document"),
        (break_evidence_sentence, "evidence comes from one sentence"),
        (break_fact_of_evidence, "the evidence's fact is not in the graph"),
    ],
)
def test_each_kind_of_damage_is_a_violation(graph: Graph, damage, message: str):
    damage(graph)
    report = validate_graph(graph)
    assert not report.conforms
    assert message in {v.message for v in report.violations}, report.violations


def test_the_bundled_constraints_run_as_anti_joins_but_a_one_triple_probe():
    """MINUS hashes what it subtracts: for ``{ ?s ?p ?o }`` that is the whole graph (350 MB at a
    million triples), so that block stays a filter, one index lookup per row; others become
    MINUS, the hash anti-join that keeps a hub entity from making them quadratic."""
    from policykg.graph.validate import _anti_joins

    probe = "SELECT $this WHERE { $this rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .\n"
    probe += "  FILTER NOT EXISTS { ?s ?p ?o } }"
    assert _anti_joins(probe) == probe
    hub = "SELECT $this ?value WHERE { $this pkg:alliedWith ?value .\n"
    hub += "  FILTER NOT EXISTS { ?e rdf:subject $this ; rdf:object ?value } }"
    assert _anti_joins(hub) == hub.replace("FILTER NOT EXISTS {", "MINUS {")
    both = f"{probe[:-2]} filter not exists {{ ?e a pkg:Evidence }} }}"
    assert _anti_joins(both) == f"{probe[:-2]} MINUS {{ ?e a pkg:Evidence }} }}"
    assert _anti_joins("SELECT ?x WHERE { ?x ?y ?z }") == "SELECT ?x WHERE { ?x ?y ?z }"


def test_validate_command_reports_and_exits_1_on_violations(built: Path, tmp_path: Path):
    ok = runner.invoke(app, ["validate", "-g", str(built / "graph.ttl")])
    assert ok.exit_code == 0 and ok.output.startswith("ok: the graph")
    g = load_graph(built / "graph.ttl")
    break_fact_without_evidence(g)
    break_two_labels(g)
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = runner.invoke(app, ["validate", "-g", str(bad)])
    assert result.exit_code == 1
    assert "violations of the shapes" in result.output
    assert "a pkg:alliedWith fact has no evidence (1)" in result.output
    assert "id:turkiye = id:malaysia" in result.output
    data = json.loads(runner.invoke(app, ["validate", "-g", str(bad), "--json"]).output)
    assert data["conforms"] is False and len(data["violations"]) == 2


def test_validate_reads_more_shapes_and_refuses_a_missing_file(built: Path, tmp_path: Path):
    extra = tmp_path / "iso.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix pkg: <https://w3id.org/policykg#> .\n"
        "<urn:x:iso> a sh:NodeShape ; sh:targetClass pkg:Nation ;\n"
        '  sh:property [ sh:path pkg:isoAlpha3 ; sh:minCount 1 ; sh:message "no ISO code" ] .\n'
    )
    result = runner.invoke(
        app, ["validate", "-g", str(built / "graph.ttl"), "--shapes", str(extra)]
    )
    assert result.exit_code == 1 and "no ISO code" in result.output  # "the Islamic nation" has none
    # A SPARQL constraint of the user's own: its FILTER NOT EXISTS shares no variable with the
    # outer pattern (MINUS would remove nothing there), and is run as written.
    sparql = tmp_path / "rules.ttl"
    sparql.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix pkg: <https://w3id.org/policykg#> .\n"
        "<urn:x:r> a sh:NodeShape ; sh:targetClass pkg:Nation ; sh:sparql [\n"
        '  sh:message "no rule in the graph" ;\n'
        '  sh:select """SELECT $this WHERE { $this a ?c .\n'
        '    FILTER NOT EXISTS { ?r a <https://w3id.org/policykg#NoSuchClass> } }""" ] .\n'
    )
    flagged = runner.invoke(
        app, ["validate", "-g", str(built / "graph.ttl"), "--shapes", str(sparql), "--json"]
    )
    found = json.loads(flagged.output)["violations"]
    nations = len(set(load_graph(built / "graph.ttl").subjects(RDF.type, P.Nation)))
    assert flagged.exit_code == 1 and len(found) == nations > 0
    assert {v["message"] for v in found} == {"no rule in the graph"}
    missing = runner.invoke(
        app, ["validate", "-g", str(built / "graph.ttl"), "--shapes", str(tmp_path / "no.ttl")]
    )
    assert missing.exit_code == 2 and "error[U001]: no such shapes file" in missing.output


def test_build_refuses_to_write_a_graph_that_violates_the_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import policykg.pipeline as pipeline

    real = pipeline.build_graph

    def damaged(*args, **kwargs):
        from policykg.graph.store import graph_of_store

        result = real(*args, **kwargs)
        break_fact_without_evidence(graph_of_store(result.store))  # the graph the build writes
        return result

    monkeypatch.setattr(pipeline, "build_graph", damaged)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SOURCES), "--out", str(out), "--no-html"])
    assert result.exit_code == 1
    assert "error[V001]: a pkg:alliedWith fact has no evidence: 1" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Graph:
    """A small built graph (two documents), for the engines to check many damaged copies of."""
    from policykg.pipeline import build

    src = tmp_path_factory.mktemp("small-src")
    (src / "a.md").write_text(
        "# Turkey\n\nTurkey and Pakistan hold joint naval exercises to counter piracy. Turkey"
        " joined NATO in 1952 and signed the Shusha Declaration with Azerbaijan.\n",
        encoding="utf-8",
    )
    (src / "b.md").write_text(
        "# Gulf\n\nQatar and Oman are close allies. Oman shares intelligence with Jordan.\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("small-out")
    build([src], out, render=False, cache=None)
    return load_graph(out / "graph.ttl")


def _damage(graph: Graph, data) -> None:
    """One to three random damages of the kinds the shapes are there for."""
    from hypothesis import strategies as st
    from rdflib import BNode
    from rdflib.namespace import XSD

    triples = sorted(graph)
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(st.sampled_from(["drop", "twice", "literal", "blank", "type", "value"]))
        s, p, o = data.draw(st.sampled_from(triples))
        if kind == "drop":
            graph.remove((s, p, o))
        elif kind == "twice":  # a second value where one is allowed
            graph.add((s, p, Literal("another") if isinstance(o, Literal) else URIRef(ID + "x")))
        elif kind == "literal":  # a literal where a node is wanted, or a wrong datatype
            graph.set((s, p, Literal(str(o)) if not isinstance(o, Literal) else Literal(-1)))
        elif kind == "blank":
            graph.set((s, p, BNode()))
        elif kind == "type":  # the subject loses its class
            graph.remove((s, RDF.type, None))
        else:  # ill-typed or out-of-range values, a predicate not among the nine
            graph.set(
                (s, p, data.draw(st.sampled_from([
                    Literal("abc", datatype=XSD.integer), Literal(-5), Literal(10**9),
                    URIRef(ID + "nowhere"), Literal("not a digest"), P.hosts,
                ])))
            )  # fmt: skip


def test_the_sparql_engine_finds_exactly_what_pyshacl_finds_on_damaged_graphs(small_graph):
    """The fast engine (SHACL Core as SPARQL) against pySHACL, the reference, on random damage."""
    from hypothesis import HealthCheck, given, reject, settings
    from hypothesis import strategies as st

    from policykg.errors import EngineError

    def key(report):
        return sorted({(v.focus, v.path, v.value, v.message) for v in report.violations})

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        graph = Graph()
        for prefix, ns in small_graph.namespaces():
            graph.bind(prefix, ns)
        for triple in small_graph:
            graph.add(triple)
        _damage(graph, data)
        fast = validate_graph(graph, engine="sparql")
        try:
            reference = validate_graph(graph, engine="pyshacl")
        except EngineError:
            # pySHACL cannot judge every damage ("Cannot use sh:lessThan to compare a
            # BlankNode"): no reference, nothing to compare; the fast engine must still object
            assert not fast.conforms
            reject()
        assert key(fast) == key(reference)
        assert fast.conforms == reference.conforms

    check()
    undamaged = validate_graph(small_graph, engine="sparql")
    assert undamaged.conforms and undamaged.violations == []


def test_validate_reports_a_graph_pyshacl_cannot_evaluate_without_a_traceback(
    built: Path, tmp_path: Path
):
    from rdflib import BNode

    graph = load_graph(built / "graph.ttl")
    sentence = next(graph.subjects(NIF.beginIndex, None))
    graph.set((sentence, NIF.beginIndex, BNode()))  # a blank node where an offset belongs
    damaged = tmp_path / "damaged.ttl"
    graph.serialize(damaged, format="turtle")
    result = runner.invoke(app, ["validate", "-g", str(damaged), "--engine", "pyshacl"])
    assert result.exit_code == 2, result.output
    assert "--engine pyshacl: error[V002]: pySHACL cannot evaluate the shapes on this graph" in (
        result.output
    )
    assert "the SPARQL engine judges it (--engine sparql)" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    # the default engine does judge it: a violation, exit 1
    judged = runner.invoke(app, ["validate", "-g", str(damaged)])
    assert judged.exit_code == 1, judged.output
    assert "a sentence begins at an offset ≥ 0, before its end (1)" in judged.output


def test_validate_runs_either_engine_and_refuses_an_unknown_one(built: Path):
    graph = str(built / "graph.ttl")
    for engine in ("auto", "sparql", "pyshacl"):
        result = runner.invoke(app, ["validate", "-g", graph, "--engine", engine])
        assert result.exit_code == 0 and result.output.startswith("ok: the graph"), result.output
    wrong = runner.invoke(app, ["validate", "-g", graph, "--engine", "fast"])
    assert wrong.exit_code == 2
    assert "--engine: error[U001]: unknown engine 'fast' (one of auto, sparql, pyshacl)" in (
        wrong.output
    )


def test_a_concept_a_rule_names_but_the_text_does_not_is_typed_and_valid(tmp_path: Path):
    # emit: [[subject, employs, peacekeeping]] where no sentence says "peacekeeping": the
    # concept is still an entity of its class, with its label, so the graph conforms
    from policykg.pipeline import build

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        """concepts:
  - {id: egypt, class: Nation, label: Egypt}
  - {id: unifil, class: Organization, label: UNIFIL}
  - {id: peacekeeping, class: Mechanism, label: peacekeeping}
relations:
  - id: contributes
    subject: Nation
    object: Organization
    trigger: [sends troops to]
    emit: [[subject, employs, peacekeeping]]
""",
        encoding="utf-8",
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# Notes\n\nEgypt sends troops to UNIFIL.\n", encoding="utf-8")
    build([src], tmp_path / "out", rules=[rules], render=False)
    graph = load_graph(tmp_path / "out" / "graph.ttl")
    keeping = URIRef(str(graph.value(predicate=RDFS.label, object=Literal("peacekeeping"))))
    assert (None, P.employs, keeping) in graph
    assert (keeping, RDF.type, P.Mechanism) in graph
