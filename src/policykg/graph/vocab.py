"""rdflib namespaces of the contract's vocabulary, and IRI makers for policykg's resources."""

from __future__ import annotations

import hashlib

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from policykg.ontology import ID, PKG, PREFIXES

P = Namespace(PKG)
NIF = Namespace(PREFIXES["nif"])
ENTITY = Namespace(ID)
DOCUMENT = Namespace(PREFIXES["doc"])
SENTENCE = Namespace(PREFIXES["sentence"])
EVIDENCE = Namespace(PREFIXES["evidence"])
RULE = Namespace(PREFIXES["rule"])

__all__ = [
    "DCTERMS",
    "DOCUMENT",
    "ENTITY",
    "EVIDENCE",
    "NIF",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "RULE",
    "SENTENCE",
    "SKOS",
    "XSD",
    "P",
    "bind_prefixes",
    "entity_iri",
    "evidence_iri",
    "new_graph",
    "sentence_iri",
]


def new_graph() -> Graph:
    """An empty graph with the contract's prefixes bound and rdflib's defaults left out."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def bind_prefixes(graph: Graph) -> None:
    """Bind every prefix of the contract (so no ``ns1:`` appears in Turtle)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)


def entity_iri(entity_id: str) -> URIRef:
    return ENTITY[entity_id]


def sentence_iri(document_id: str, index: int) -> URIRef:
    return SENTENCE[f"{document_id}-{index:04d}"]


def evidence_iri(subject: str, prop: str, obj: str, sentence: URIRef) -> URIRef:
    """One evidence node per fact and sentence; its IRI, a digest of both, is stable."""
    digest = hashlib.sha1(f"{subject} {prop} {obj} {sentence}".encode(), usedforsecurity=False)
    return EVIDENCE[digest.hexdigest()[:20]]


def show_term(graph: Graph, term: object) -> str:
    """A term as a person reads it: an IRI as a prefixed name where a prefix is bound (else
    <…>), a blank node as _:id, a literal as its text, nothing as ""."""
    from rdflib import BNode

    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            prefix, _, local = graph.namespace_manager.compute_qname(term, generate=False)
            return f"{prefix}:{local}"
        except (KeyError, ValueError):
            return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
