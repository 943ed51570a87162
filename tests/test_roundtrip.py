"""Every built graph serialises and parses back isomorphic (issue 8, fuzzing): documents made
of the lexicon's names, relation words and hostile characters (quotes, backslashes, angle
brackets, Turtle's own punctuation, non-ASCII letters, emoji) are built, written as graph.ttl
does, read back, and compared. policykg's Turtle writer gives rdflib's serializer's bytes, from
the build's pyoxigraph store and from the rdflib graph alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import to_isomorphic

from policykg.graph.store import SortedTurtleSerializer, store_to_turtle, to_turtle
from policykg.pipeline import build_graph

NAMES = [
    "Turkey",
    "Türkiye",
    "NATO",
    "Malaysia",
    "Jordan",
    "Pakistan",
    "the Arab League",
    "Côte d'Ivoire",
    "Interpol",
    "the Islamic nation",
    "the Gulf Cooperation Council",
]
WORDS = [
    "joined",
    "signed",
    "allied with",
    "cooperates with",
    "counters",
    "terrorism",
    "intelligence sharing",
    "joint exercises",
    "peace",
    "and",
    "to counter",
    "against",
    "is a member of",
    "the",
    "a",
    "does not",
    "may",
]
ODD = [
    '"',
    "'",
    "\\",
    "<",
    ">",
    "{",
    "}",
    "@",
    "^^",
    "#",
    "_:",
    ";",
    ".",
    ",",
    "\t",
    "é",
    "ß",
    "\u200b",
    "🙂",
    "```",
    "*",
    "-",
    "1952",
    "%20",
]

tokens = st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.sampled_from(ODD))
sentences = st.lists(tokens, min_size=2, max_size=14).map(lambda ws: " ".join(ws) + ".")
documents = st.lists(sentences, min_size=1, max_size=6).map(lambda ss: "# Fuzz\n\n" + " ".join(ss))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=documents)
@example(
    text='# "Fuzz" <b>\n\nTürkiye joined NATO in 1952 ; "quoted" \\ <script>.'
    " Jordan counters terrorism 🙂."
)
def test_every_built_graph_parses_back_isomorphic(text: str, tmp_path_factory):
    folder = Path(tmp_path_factory.mktemp("fuzz"))
    (folder / "fuzz.md").write_text(text, encoding="utf-8")
    result = build_graph([folder])
    graph = result.graph
    turtle = to_turtle(graph)
    assert store_to_turtle(result.store) == turtle
    assert turtle == rdflib_turtle(graph)
    back = Graph().parse(data=turtle, format="turtle")
    assert len(back) == len(graph)
    assert to_isomorphic(back) == to_isomorphic(graph)
    if "Türkiye joined NATO" in text:  # the explicit example does find its facts
        assert "memberOf id:nato" in to_turtle(graph).decode()


def rdflib_turtle(graph: Graph) -> bytes:
    stream = io.BytesIO()
    SortedTurtleSerializer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def _odd_graph() -> Graph:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    from policykg.graph.vocab import ENTITY, P, new_graph

    g = new_graph()
    e = ENTITY["x"]
    g.add((e, RDF.type, P.Nation))
    g.add((e, RDFS.label, Literal('a "quoted" \\ label\r')))
    g.add((e, P.matchedText, Literal('two\nlines ending in a quote"')))
    g.add((e, P.matchedText, Literal('three """ quotes\nand more')))
    g.add((e, P.characters, Literal(42)))
    g.add((e, P.characters, Literal("forty", datatype=XSD.integer)))  # ill-typed
    g.add((e, P.implicitSubject, Literal(True)))
    g.add((e, P.text, Literal("salam", lang="ar")))
    g.add((e, P.text, Literal("plain")))
    g.add((e, P.text, Literal("typed", datatype=XSD.string)))
    g.add((e, P.text, ENTITY["y"]))  # an IRI among literals
    for local in ("ends.", "x.y", "-dash", "", "a_b-9"):
        g.add((e, P.mentions, URIRef(str(ENTITY) + local)))
    g.add((URIRef("http://example.org/elsewhere"), RDFS.label, Literal("no prefix for it")))
    return g


def test_the_turtle_writer_gives_rdflib_s_bytes_on_odd_terms():
    g = _odd_graph()
    assert to_turtle(g) == rdflib_turtle(g)
    back = Graph().parse(data=to_turtle(g), format="turtle")
    assert to_isomorphic(back) == to_isomorphic(g)


def test_names_rdflib_escapes_are_written_in_full_and_read_back_the_same():
    from rdflib import URIRef

    from policykg.graph.vocab import ENTITY

    g = _odd_graph()
    for local in ("a(b)", "50%", "ünï"):
        g.add((ENTITY["x"], P_MENTIONS, URIRef(str(ENTITY) + local)))
    turtle = to_turtle(g).decode()
    assert "<https://w3id.org/policykg/id/a(b)>" in turtle and "id:ünï" not in turtle
    back = Graph().parse(data=turtle, format="turtle")
    assert to_isomorphic(back) == to_isomorphic(g)


def test_the_turtle_writer_leaves_blank_nodes_and_unknown_predicates_to_rdflib():
    from rdflib import BNode, Literal, URIRef

    g = _odd_graph()
    g.add((URIRef("https://w3id.org/policykg/id/has space"), P_TEXT, Literal("not an IRI")))
    with pytest.raises(Exception, match="does not look like a valid URI"):
        to_turtle(g)  # as rdflib refuses it

    for extra in (
        (BNode("b1"), URIRef("https://w3id.org/policykg#text"), Literal("a blank subject")),
        (URIRef("https://w3id.org/policykg/id/x"), URIRef("http://example.org/p"), Literal("ns1")),
    ):
        g = _odd_graph()
        g.add(extra)
        assert to_turtle(g) == rdflib_turtle(g)


def test_the_store_writer_gives_the_graph_writer_s_bytes_on_odd_terms():
    import pyoxigraph as ox

    from policykg.graph.store import to_store

    g = _odd_graph()
    g.remove((None, None, Literal_typed_string()))  # one literal two ways is one in pyoxigraph
    assert store_to_turtle(to_store(g)) == to_turtle(g)
    with_blank = ox.Store()
    with_blank.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://x/p"), ox.Literal("v")))
    back = Graph().parse(data=store_to_turtle(with_blank), format="turtle")  # by rdflib's
    assert [(type(s).__name__, str(p), str(o)) for s, p, o in back] == [
        ("BNode", "http://x/p", "v")
    ]


def Literal_typed_string():
    from rdflib import Literal
    from rdflib.namespace import XSD

    return Literal("typed", datatype=XSD.string)


P_TEXT = __import__("rdflib").URIRef("https://w3id.org/policykg#text")
P_MENTIONS = __import__("rdflib").URIRef("https://w3id.org/policykg#mentions")
