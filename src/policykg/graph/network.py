"""The domain graph as NetworkX: entities as nodes, facts as edges (evidence nodes left out).

rdflib's own converter turns every literal into a node and merges equal literals; this projection
keeps only entity-to-entity facts and carries labels, classes and evidence counts as attributes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import networkx as nx
from rdflib import Graph, URIRef

from policykg.graph.store import native_store
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


def pairs(graph: Graph, predicate: URIRef) -> Iterator[tuple[str, str]]:
    """(subject, object) of each triple with the predicate, as strings (IRIs, lexical forms).
    A graph kept in pyoxigraph (``load_graph(…, store="oxigraph")``) is read natively: making
    rdflib terms of every triple would cost more than the store saves."""
    native = native_store(graph)
    if native is None:
        return ((str(s), str(o)) for s, o in graph.subject_objects(predicate))
    import pyoxigraph as ox

    return (
        (q.subject.value, q.object.value)
        for q in native.quads_for_pattern(None, ox.NamedNode(predicate), None)
    )


def column(graph: Graph, predicate: URIRef) -> dict[str, str]:
    """Each subject's value of a single-valued predicate, in one pass over its index (a lookup
    per subject with ``graph.value`` costs 30 µs: seconds on a large graph)."""
    return dict(pairs(graph, predicate))


def many(graph: Graph, predicate: URIRef) -> dict[str, list[str]]:
    """Each subject's values of a predicate, in one pass."""
    found: dict[str, list[str]] = defaultdict(list)
    for s, o in pairs(graph, predicate):
        found[s].append(o)
    return found


def instances(graph: Graph, cls: URIRef) -> list[str]:
    """The IRIs typed ``cls``, as strings."""
    native = native_store(graph)
    if native is None:
        return [str(s) for s in graph.subjects(RDF.type, cls)]
    import pyoxigraph as ox

    return [
        q.subject.value
        for q in native.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(cls))
    ]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities and the facts between them. Nodes carry label, class, IRI, aliases, and the
    numbers of documents and sentences mentioning the entity; edges carry the property, its label,
    the number of evidence sentences, and the documents (count and ids)."""
    g = nx.MultiDiGraph()
    classes = {P[c]: c for c in CLASSES}
    in_document = column(graph, P.inDocument)
    mentioned: dict[str, set[str]] = defaultdict(set)
    mentioned_in: dict[str, set[str]] = defaultdict(set)
    for sentence, entity in pairs(graph, P.mentions):
        mentioned[entity].add(sentence)
        doc = in_document.get(sentence)
        if doc is not None:
            mentioned_in[entity].add(doc)
    labels_of = column(graph, RDFS.label)
    aliases_of = many(graph, SKOS.altLabel)
    for cls_iri, cls in sorted(classes.items()):
        for entity in sorted(instances(graph, cls_iri)):
            g.add_node(
                entity,
                label=labels_of.get(entity) or local_name(entity),
                cls=cls,
                iri=entity,
                aliases=sorted(aliases_of.get(entity, ())),
                documents=len(mentioned_in[entity]),
                sentences=len(mentioned[entity]),
            )
    evidence: Counter[tuple[str, str, str]] = Counter()
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    subjects, predicates, objects = (
        column(graph, RDF.subject),
        column(graph, RDF.predicate),
        column(graph, RDF.object),
    )
    derived = column(graph, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    for ev in instances(graph, P.Evidence):
        key = (subjects.get(ev, ""), local_name(predicates.get(ev, "")), objects.get(ev, ""))
        evidence[key] += 1
        doc = in_document.get(derived.get(ev, ""))
        if doc is not None:
            documents[key].add(doc)
    labels = property_labels()
    for prop in sorted(PROPERTIES):
        for s, o in sorted(pairs(graph, P[prop])):
            if s in g and o in g:
                key = (s, prop, o)
                g.add_edge(
                    s,
                    o,
                    key=prop,
                    prop=prop,
                    prop_label=labels[prop],
                    evidence=evidence[key],
                    documents=len(documents[key]),
                    document_ids=sorted(local_name(d) for d in documents[key]),
                )
    return g


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph draws from one global generator (Python's ``random`` by default): a seeded one of
    its own for the duration, so layouts and communities are the same on every run."""
    import random

    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def to_igraph(undirected: nx.Graph):
    """The undirected simple graph in igraph, vertices in ``undirected``'s node order."""
    import igraph as ig

    index = {n: i for i, n in enumerate(undirected.nodes)}
    edges = sorted(
        (min(index[a], index[b]), max(index[a], index[b])) for a, b in undirected.edges() if a != b
    )
    return ig.Graph(n=len(index), edges=edges)
