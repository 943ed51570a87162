"""Export a built graph: RDF formats (rdflib), GraphML and GEXF (NetworkX), CSV nodes and edges.

N-Quads and TriG put each document's facts, evidence and sentences in a named graph of its own
(the document's IRI); entities, documents and rules stay in the default graph.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef

from policykg.errors import UsageError
from policykg.graph.network import to_networkx
from policykg.graph.store import to_turtle
from policykg.graph.vocab import PROV, RDF, P, bind_prefixes

FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "graphml": None,
    "gexf": None,
    "csv": None,
}


def facts_only(graph: Graph) -> Graph:
    """The plain domain graph: entities (classes, labels, aliases, broader concepts, links, codes)
    and the facts between them, without documents, sentences, evidence and rules."""
    kept = Graph(bind_namespaces="none")
    bind_prefixes(kept)
    provenance = {P.Document, P.Sentence, P.Evidence}
    dropped = {s for cls in provenance for s in graph.subjects(RDF.type, cls)}
    dropped |= set(graph.subjects(RDF.type, P.Rule))
    for t in graph:
        if t[0] not in dropped and t[2] not in dropped:
            kept.add(t)
    return kept


def export(graph: Graph, fmt: str, facts: bool = False) -> dict[str, bytes]:
    """The export as file contents by name ("" for the one file; csv gives nodes and edges).
    ``facts``: the plain domain graph only (see facts_only); N-Quads and TriG then have no
    per-document graphs to make."""
    if fmt not in FORMATS:
        raise UsageError.at(
            "--format", "U001", f"unknown format '{fmt}' (one of {', '.join(FORMATS)})"
        )
    if facts and fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        graph = facts_only(graph)
        if fmt in ("nq", "trig"):
            ds = Dataset()
            bind_prefixes(ds)
            for t in graph:
                ds.default_graph.add(t)
            return {"": ds.serialize(format=FORMATS[fmt], encoding="utf-8")}
    if fmt == "ttl":
        return {"": to_turtle(graph)}
    if fmt in ("nq", "trig"):
        return {"": _by_document(graph).serialize(format=FORMATS[fmt], encoding="utf-8")}
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode().splitlines()
        return {"": ("\n".join(sorted(line for line in lines if line)) + "\n").encode()}
    if fmt == "jsonld":
        from policykg.ontology import PREFIXES

        context = {k: v for k, v in PREFIXES.items()}
        return {"": graph.serialize(format="json-ld", context=context, indent=2, encoding="utf-8")}
    net = _flat(to_networkx(graph))
    if fmt == "graphml":
        return {"": "\n".join(nx.generate_graphml(net)).encode()}
    if fmt == "gexf":
        return {"": "\n".join(nx.generate_gexf(net)).encode()}
    return _csv(net)


NODE_COLUMNS = ("label", "class", "iri", "aliases", "documents", "sentences")
EDGE_COLUMNS = ("property", "label", "evidence", "documents", "document_ids")


def _flat(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF take scalar attributes only: lists become "; "-joined strings, and
    'class' is a clearer name than 'cls'. An edge's label is its property's label."""
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(
            node,
            label=data["label"],
            **{"class": data["cls"]},
            iri=data["iri"],
            aliases="; ".join(data["aliases"]),
            documents=data["documents"],
            sentences=data["sentences"],
        )
    for s, o, key, data in net.edges(keys=True, data=True):
        flat.add_edge(
            s,
            o,
            key=key,
            property=data["prop"],
            label=data["prop_label"],
            evidence=data["evidence"],
            documents=data["documents"],
            document_ids="; ".join(data["document_ids"]),
        )
    return flat


def _csv(net: nx.MultiDiGraph) -> dict[str, bytes]:
    nodes, edges = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(["id", *NODE_COLUMNS])
    for node, data in sorted(net.nodes(data=True)):
        w.writerow([node, *(data[c] for c in NODE_COLUMNS)])
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(["source", "target", *EDGE_COLUMNS])
    for s, o, data in sorted(net.edges(data=True), key=lambda e: (e[0], e[1], e[2]["property"])):
        w.writerow([s, o, *(data[c] for c in EDGE_COLUMNS)])
    return {"nodes.csv": nodes.getvalue().encode(), "edges.csv": edges.getvalue().encode()}


def _by_document(graph: Graph) -> Dataset:
    """Each document's sentences, evidence and facts in its own named graph."""
    ds = Dataset()
    bind_prefixes(ds)
    default = ds.default_graph
    placed: set = set()
    for doc in sorted(graph.subjects(RDF.type, P.Document)):
        named = ds.graph(URIRef(doc))
        for sentence in graph.subjects(P.inDocument, doc):
            for t in graph.triples((sentence, None, None)):
                named.add(t)
                placed.add(t)
            for ev in graph.subjects(PROV.wasDerivedFrom, sentence):
                for t in graph.triples((ev, None, None)):
                    named.add(t)
                    placed.add(t)
                fact = (
                    graph.value(ev, RDF.subject),
                    graph.value(ev, RDF.predicate),
                    graph.value(ev, RDF.object),
                )
                named.add(fact)
                placed.add(fact)
    for t in graph:
        if t not in placed:
            default.add(t)
    return ds


def write_export(graph: Graph, fmt: str, output: Path, facts: bool = False) -> list[Path]:
    """Write an export to ``output``: a file, or for csv a folder receiving nodes.csv and
    edges.csv."""
    from policykg.graph.store import write_atomic

    written = []
    files = export(graph, fmt, facts)
    if fmt == "csv":
        if output.exists() and not output.is_dir():
            raise UsageError.at(output, "U001", "csv export writes a folder: give a directory")
        output.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = output / name if name else output
        write_atomic(path, data)
        written.append(path)
    return written
