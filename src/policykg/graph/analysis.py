"""The analysis report: counts by class and property, central entities, facts per document."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
from rdflib import Graph

from policykg.graph.network import to_networkx
from policykg.graph.vocab import DCTERMS, PROV, RDF, P
from policykg.ontology import CLASSES, PROPERTIES

TOP = 10


def summarize(graph: Graph) -> dict:
    """Counts and centrality of a built graph, as plain data (what report.json holds)."""
    net = to_networkx(graph)
    by_class = Counter(data["cls"] for _, data in net.nodes(data=True))
    by_property = {p: len(list(graph.subject_objects(P[p]))) for p in sorted(PROPERTIES)}
    simple = nx.DiGraph(net)
    pagerank = nx.pagerank(simple) if len(simple) else {}
    central = sorted(
        (
            {
                "iri": node,
                "label": data["label"],
                "class": data["cls"],
                "degree": net.degree(node),
                "pagerank": round(pagerank.get(node, 0.0), 6),
            }
            for node, data in net.nodes(data=True)
        ),
        key=lambda row: (-row["degree"], -row["pagerank"], row["label"]),
    )[:TOP]
    documents = []
    for doc in sorted(graph.subjects(RDF.type, P.Document)):
        sentences = set(graph.subjects(P.inDocument, doc))
        evidence = [
            ev
            for ev in graph.subjects(RDF.type, P.Evidence)
            if graph.value(ev, PROV.wasDerivedFrom) in sentences
        ]
        documents.append(
            {
                "iri": str(doc),
                "title": str(graph.value(doc, DCTERMS.title)),
                "source": str(graph.value(doc, DCTERMS.source)),
                "sentences": len(sentences),
                "evidence": len(evidence),
            }
        )
    return {
        "counts": {
            "documents": len(documents),
            "entities": net.number_of_nodes(),
            "facts": net.number_of_edges(),
            "evidence": len(set(graph.subjects(RDF.type, P.Evidence))),
            "by_class": {c: by_class.get(c, 0) for c in CLASSES},
            "by_property": by_property,
        },
        "central_entities": central,
        "documents": documents,
    }


def report_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return lines


def report_markdown(summary: dict) -> str:
    """The report as Markdown tables."""
    c = summary["counts"]
    lines = [
        "# policykg report",
        "",
        f"{c['documents']} documents, {c['entities']} entities, {c['facts']} facts,"
        f" {c['evidence']} evidence nodes.",
        "",
        "## Entities by class",
        "",
        *_table(["class", "entities"], [[k, v] for k, v in c["by_class"].items()]),
        "",
        "## Facts by property",
        "",
        *_table(["property", "facts"], [[f"pkg:{k}", v] for k, v in c["by_property"].items()]),
        "",
        "## Most connected entities",
        "",
        *_table(
            ["entity", "class", "degree", "PageRank"],
            [
                [r["label"], r["class"], r["degree"], r["pagerank"]]
                for r in summary["central_entities"]
            ],
        ),
        "",
        "## Documents",
        "",
        *_table(
            ["document", "source", "sentences", "evidence"],
            [
                [d["title"], d["source"], d["sentences"], d["evidence"]]
                for d in summary["documents"]
            ],
        ),
        "",
    ]
    return "\n".join(lines)
