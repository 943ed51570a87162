"""The ontology file agrees with the vocabulary the code uses, and documents every term."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from policykg.ontology import CLASSES, ONTOLOGY_FILE, PKG, PROPERTIES, bundled


def ontology() -> Graph:
    return Graph().parse(bundled(ONTOLOGY_FILE), format="turtle")


def _classes_of(g: Graph, node) -> set[str]:
    if isinstance(node, URIRef):
        return {str(node).removeprefix(PKG)}
    members = g.value(node, OWL.unionOf)
    return {str(m).removeprefix(PKG) for m in Collection(g, members)}


def test_ontology_every_term_has_a_label_and_a_comment():
    g = ontology()
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(PKG)}
    assert len(terms) >= 6 + 9
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term


def test_ontology_classes_and_properties_match_the_code():
    g = ontology()
    for cls in CLASSES:
        assert (URIRef(PKG + cls), RDFS.subClassOf, URIRef(PKG + "Entity")) in g
    for name, prop in PROPERTIES.items():
        iri = URIRef(PKG + name)
        assert (iri, RDF.type, OWL.ObjectProperty) in g
        assert ((iri, RDF.type, OWL.SymmetricProperty) in g) == prop.symmetric, name
        domain = _classes_of(g, g.value(iri, RDFS.domain))
        expected = set(prop.domain) if set(prop.domain) != set(CLASSES) else {"Entity"}
        assert domain == expected, name
        assert _classes_of(g, g.value(iri, RDFS.range)) == set(prop.range), name


def test_ontology_terms_used_by_the_graph_are_declared(essays):
    declared = {str(s) for s in ontology().subjects()}
    used = {str(p) for p in essays.graph.predicates() if str(p).startswith(PKG)}
    used |= {str(o) for o in essays.graph.objects(None, RDF.type) if str(o).startswith(PKG)}
    assert used <= declared, used - declared
