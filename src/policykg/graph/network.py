"""The domain graph as NetworkX: entities as nodes, facts as edges (evidence nodes left out).

rdflib's own converter turns every literal into a node and merges equal literals; this projection
keeps only entity-to-entity facts and carries labels, classes and evidence counts as attributes.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from rdflib import Graph, URIRef

from policykg.graph.vocab import RDF, RDFS, P
from policykg.ontology import CLASSES, PROPERTIES


def local_name(iri: URIRef | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the facts between them, with label, class, IRI and evidence counts."""
    g = nx.MultiDiGraph()
    classes = {P[c]: c for c in CLASSES}
    for cls_iri, cls in sorted(classes.items()):
        for entity in sorted(graph.subjects(RDF.type, cls_iri)):
            label = graph.value(entity, RDFS.label)
            g.add_node(
                str(entity), label=str(label or local_name(entity)), cls=cls, iri=str(entity)
            )
    evidence: Counter[tuple[str, str, str]] = Counter()
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for ev in graph.subjects(RDF.type, P.Evidence):
        key = (
            str(graph.value(ev, RDF.subject)),
            local_name(graph.value(ev, RDF.predicate)),
            str(graph.value(ev, RDF.object)),
        )
        evidence[key] += 1
        sentence = graph.value(ev, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        doc = graph.value(sentence, P.inDocument) if sentence is not None else None
        if doc is not None:
            documents[key].add(str(doc))
    for prop in sorted(PROPERTIES):
        for s, o in sorted(graph.subject_objects(P[prop])):
            if str(s) in g and str(o) in g:
                key = (str(s), prop, str(o))
                g.add_edge(
                    str(s),
                    str(o),
                    key=prop,
                    prop=prop,
                    evidence=evidence[key],
                    documents=len(documents[key]),
                )
    return g
