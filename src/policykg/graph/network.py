"""The domain graph as NetworkX: entities as nodes, facts as edges (evidence nodes left out).

rdflib's own converter turns every literal into a node and merges equal literals; this projection
keeps only entity-to-entity facts and carries labels, classes and evidence counts as attributes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

import networkx as nx
from rdflib import Graph, URIRef

from policykg.graph.vocab import RDF, RDFS, SKOS, P
from policykg.ontology import CLASSES, PROPERTIES


def local_name(iri: URIRef | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def property_labels() -> dict[str, str]:
    """The ontology's rdfs:label of each property ("allied with")."""
    from policykg.ontology import ONTOLOGY_FILE, bundled

    ontology = Graph().parse(bundled(ONTOLOGY_FILE), format="turtle")
    return {p: str(ontology.value(P[p], RDFS.label) or p) for p in PROPERTIES}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the facts between them. Nodes carry label, class, IRI, aliases, and the
    numbers of documents and sentences mentioning the entity; edges carry the property, its label,
    the number of evidence sentences, and the documents (count and ids)."""
    g = nx.MultiDiGraph()
    classes = {P[c]: c for c in CLASSES}
    mentioned: dict[str, set[str]] = defaultdict(set)
    mentioned_in: dict[str, set[str]] = defaultdict(set)
    for sentence, entity in graph.subject_objects(P.mentions):
        mentioned[str(entity)].add(str(sentence))
        doc = graph.value(sentence, P.inDocument)
        if doc is not None:
            mentioned_in[str(entity)].add(str(doc))
    for cls_iri, cls in sorted(classes.items()):
        for entity in sorted(graph.subjects(RDF.type, cls_iri)):
            label = graph.value(entity, RDFS.label)
            g.add_node(
                str(entity),
                label=str(label or local_name(entity)),
                cls=cls,
                iri=str(entity),
                aliases=sorted(str(a) for a in graph.objects(entity, SKOS.altLabel)),
                documents=len(mentioned_in[str(entity)]),
                sentences=len(mentioned[str(entity)]),
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
    labels = property_labels()
    for prop in sorted(PROPERTIES):
        for s, o in sorted(graph.subject_objects(P[prop])):
            if str(s) in g and str(o) in g:
                key = (str(s), prop, str(o))
                g.add_edge(
                    str(s),
                    str(o),
                    key=prop,
                    prop=prop,
                    prop_label=labels[prop],
                    evidence=evidence[key],
                    documents=len(documents[key]),
                    document_ids=sorted(local_name(d) for d in documents[key]),
                )
    return g
