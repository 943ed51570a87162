"""The analysis report: counts by class and property, central entities, facts per document."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from policykg.graph.network import instances, pairs, to_networkx
from policykg.graph.vocab import DCTERMS, PROV, RDF, P
from policykg.ontology import CLASSES, PROPERTIES

TOP = 10


SEED = 42  # Louvain is randomised: a fixed seed makes every run give the same communities
# Betweenness is exact (igraph, 70× NetworkX's time on 2,459 entities) up to this many entities;
# above, it is estimated from PIVOTS seeded sources (Brandes–Pich), and the report says so.
EXACT_BETWEENNESS = 5000
PIVOTS = 1000
# Louvain by NetworkX up to this many facts (0.7 s on 26k), by igraph's multilevel above (the same
# method; NetworkX needs tens of seconds on 100k).
NETWORKX_LOUVAIN = 50_000


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 6) for k, v in values.items()}


def summarize(graph: Graph) -> dict:
    """Counts, centrality per class, communities, cores, bridges, documents and mechanisms of a
    built graph, as plain data (what report.json holds). Deterministic: equal graphs give equal
    summaries."""
    net = to_networkx(graph)
    by_class = Counter(data["cls"] for _, data in net.nodes(data=True))
    by_property = {p: sum(1 for _ in pairs(graph, P[p])) for p in sorted(PROPERTIES)}
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(net.nodes))
    undirected.add_edges_from(sorted((s, o) for s, o in net.edges() if s != o))
    pagerank = _rounded(nx.pagerank(undirected)) if len(undirected) else {}
    betweenness, method = betweenness_centrality(undirected)
    betweenness = _rounded(betweenness)

    def row(node: str) -> dict:
        data = net.nodes[node]
        return {
            "iri": node,
            "label": data["label"],
            "class": data["cls"],
            "degree": undirected.degree(node),
            "betweenness": betweenness.get(node, 0.0),
            "pagerank": pagerank.get(node, 0.0),
        }

    def ranked(nodes) -> list[dict]:
        return sorted(
            (row(n) for n in nodes),
            key=lambda r: (-r["pagerank"], -r["degree"], r["label"], r["iri"]),
        )

    central = ranked(net.nodes)[:TOP]
    central_by_class = {
        cls: ranked(n for n, d in net.nodes(data=True) if d["cls"] == cls)[:5]
        for cls in CLASSES
        if by_class.get(cls)
    }
    return {
        "counts": {
            "documents": len(set(instances(graph, P.Document))),
            "entities": net.number_of_nodes(),
            "facts": net.number_of_edges(),
            "evidence": len(set(instances(graph, P.Evidence))),
            "by_class": {c: by_class.get(c, 0) for c in CLASSES},
            "by_property": by_property,
        },
        "betweenness": method,
        "central_entities": central,
        "central_by_class": central_by_class,
        "communities": _communities(undirected, ranked),
        "core": _core(undirected, ranked),
        "bridges": _bridges(undirected, ranked, net),
        "mechanisms": _mechanisms(net, ranked),
        "documents": _documents(graph, net),
    }


def betweenness_centrality(undirected: nx.Graph) -> tuple[dict[str, float], dict]:
    """Normalised betweenness of each node, as NetworkX's ``betweenness_centrality`` gives it,
    computed by igraph: exactly up to EXACT_BETWEENNESS nodes, else estimated from PIVOTS
    sources drawn with the seed (each source's paths to every node, scaled by n / PIVOTS).
    Also says which of the two it did."""
    import random

    from policykg.graph.network import to_igraph

    n = undirected.number_of_nodes()
    if n < 3 or undirected.number_of_edges() == 0:
        return {v: 0.0 for v in undirected.nodes}, {"method": "exact"}
    g = to_igraph(undirected)
    if n <= EXACT_BETWEENNESS:
        values, method = g.betweenness(directed=False), {"method": "exact"}
    else:
        sources = sorted(random.Random(SEED).sample(range(n), PIVOTS))
        found = g.betweenness(directed=False, sources=sources, targets=range(n))
        values = [v * n / PIVOTS for v in found]
        method = {"method": "sampled", "pivots": PIVOTS, "seed": SEED}
    scale = 2 / ((n - 1) * (n - 2))
    return {v: x * scale for v, x in zip(undirected.nodes, values, strict=True)}, method


def _louvain(undirected: nx.Graph) -> list[set[str]]:
    if undirected.number_of_edges() <= NETWORKX_LOUVAIN:
        return nx.community.louvain_communities(undirected, seed=SEED)
    from policykg.graph.network import seeded_igraph, to_igraph

    nodes = list(undirected.nodes)
    with seeded_igraph(SEED):
        clusters = to_igraph(undirected).community_multilevel()
    return [{nodes[i] for i in members} for members in clusters]


def _communities(undirected: nx.Graph, ranked) -> list[dict]:
    """Louvain communities (seeded), each named after its most central member."""
    if undirected.number_of_edges() == 0:
        return []
    found = _louvain(undirected)
    out = []
    for members in found:
        if len(members) < 2:
            continue
        rows = ranked(members)
        out.append(
            {
                "name": rows[0]["label"],
                "size": len(rows),
                "members": [{"label": r["label"], "class": r["class"]} for r in rows],
            }
        )
    return sorted(out, key=lambda c: (-c["size"], c["name"]))


def _core(undirected: nx.Graph, ranked) -> dict:
    """The main k-core: the entities that keep at least k partners among themselves."""
    if undirected.number_of_edges() == 0:
        return {"k": 0, "members": []}
    simple = nx.Graph(undirected)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    numbers = nx.core_number(simple)
    k = max(numbers.values())
    members = ranked(n for n, c in numbers.items() if c == k)
    return {"k": k, "members": [{"label": r["label"], "class": r["class"]} for r in members]}


def _bridges(undirected: nx.Graph, ranked, net: nx.MultiDiGraph) -> dict:
    """Articulation points (entities whose removal splits the graph) and bridges (facts whose
    removal does): the mechanisms among them link parts of the policy that nothing else links."""

    def label(n: str) -> str:
        return net.nodes[n]["label"]

    points = ranked(nx.articulation_points(undirected))
    bridges = sorted(
        (sorted((label(a), label(b))) for a, b in nx.bridges(undirected)),
    )
    return {
        "articulation_points": [
            {"label": r["label"], "class": r["class"], "degree": r["degree"]} for r in points
        ],
        "bridges": [{"between": pair} for pair in bridges],
    }


def _mechanisms(net: nx.MultiDiGraph, ranked) -> list[dict]:
    """Mechanisms by the number of goals they serve and threats they counter."""
    out = []
    for r in ranked(n for n, d in net.nodes(data=True) if d["cls"] == "Mechanism"):
        goals = sorted(
            net.nodes[o]["label"]
            for _, o, d in net.out_edges(r["iri"], data=True)
            if d["prop"] == "contributesTo"
        )
        threats = sorted(
            net.nodes[o]["label"]
            for _, o, d in net.out_edges(r["iri"], data=True)
            if d["prop"] == "counters"
        )
        users = sorted(
            net.nodes[s]["label"]
            for s, _, d in net.in_edges(r["iri"], data=True)
            if d["prop"] == "employs"
        )
        if goals or threats or users:
            out.append(
                {
                    "label": r["label"],
                    "goals": goals,
                    "threats": threats,
                    "employed_by": users,
                }
            )
    return sorted(
        out,
        key=lambda m: (-(len(m["goals"]) + len(m["threats"])), -len(m["employed_by"]), m["label"]),
    )


def _documents(graph: Graph, net: nx.MultiDiGraph) -> list[dict]:
    """Per document: counts, the entities it emphasises (mentions weighted by how few other
    documents name them: tf-idf), and its most similar document (cosine of those weights,
    computed as sparse matrix products, a block of rows at a time: ten thousand documents are
    fifty million pairs)."""
    import math

    import numpy as np
    from scipy import sparse

    from policykg.graph.network import column

    docs = sorted(set(instances(graph, P.Document)))
    position = {d: i for i, d in enumerate(docs)}
    in_document = column(graph, P.inDocument)
    mentions: list[Counter] = [Counter() for _ in docs]
    for sentence, entity in pairs(graph, P.mentions):
        doc = position.get(in_document.get(sentence, ""))
        if doc is not None and entity in net:
            mentions[doc][entity] += 1
    frequency = Counter(e for counts in mentions for e in counts)
    n = len(docs)
    weights = [
        {e: c * math.log((1 + n) / (1 + frequency[e])) + c * 1e-6 for e, c in counts.items()}
        for counts in mentions
    ]
    entity_index = {e: i for i, e in enumerate(sorted(frequency))}
    rows, cols, vals = [], [], []
    for d, w in enumerate(weights):
        for e, v in w.items():
            rows.append(d)
            cols.append(entity_index[e])
            vals.append(v)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(entity_index), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sparse.diags(1 / norms) @ matrix
    best: list[tuple[int, float] | None] = [None] * n
    block = 1000
    for start in range(0, n, block):
        cosines = (unit[start : start + block] @ unit.T).toarray().round(4)
        for row in range(cosines.shape[0]):
            cosines[row, start + row] = -1.0  # never itself
        for row, col in enumerate(cosines.argmax(axis=1)):  # ties: the first, by IRI
            if n > 1:
                best[start + row] = (int(col), float(cosines[row, col]))
    sentences = Counter(in_document.values())
    derived = column(graph, PROV.wasDerivedFrom)
    evidence_by_doc: Counter = Counter(
        in_document.get(derived.get(ev, "")) for ev in instances(graph, P.Evidence)
    )
    titles, sources = column(graph, DCTERMS.title), column(graph, DCTERMS.source)
    out = []
    for i, d in enumerate(docs):
        emphasis = sorted(weights[i].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        similar = best[i]
        out.append(
            {
                "iri": d,
                "title": titles.get(d, "None"),
                "source": sources.get(d, "None"),
                "sentences": sentences[d],
                "evidence": evidence_by_doc[d],
                "emphasis": [net.nodes[e]["label"] for e, _ in emphasis],
                "most_similar": (
                    {"source": sources.get(docs[similar[0]], "None"), "cosine": similar[1]}
                    if similar
                    else None
                ),
            }
        )
    return out


def _estimated(method: dict) -> str:
    if method.get("method") != "sampled":
        return "."
    return (
        f"; betweenness estimated from {method['pivots']} sources drawn with seed"
        f" {method['seed']} (the graph is above {EXACT_BETWEENNESS} entities)."
    )


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
        "## Most central entities",
        "",
        "PageRank, betweenness and degree on the graph of facts (direction ignored)"
        + _estimated(summary.get("betweenness", {})),
        "",
        *_table(
            ["entity", "class", "PageRank", "betweenness", "degree"],
            [
                [r["label"], r["class"], r["pagerank"], r["betweenness"], r["degree"]]
                for r in summary["central_entities"]
            ],
        ),
        "",
        "## Most central by class",
        "",
        *_table(
            ["class", "entities (by PageRank)"],
            [
                [cls, ", ".join(r["label"] for r in rows)]
                for cls, rows in summary["central_by_class"].items()
            ],
        ),
        "",
        "## Communities",
        "",
        "Louvain communities (seeded), named after their most central member.",
        "",
        *_table(
            ["community", "size", "members"],
            [
                [m["name"], m["size"], ", ".join(x["label"] for x in m["members"])]
                for m in summary["communities"]
            ],
        ),
        "",
        f"## Core (k = {summary['core']['k']})",
        "",
        "The entities that each keep at least k partners among themselves: "
        + (", ".join(m["label"] for m in summary["core"]["members"]) or "none")
        + ".",
        "",
        "## Bridges",
        "",
        "Entities whose removal would split the graph (articulation points):",
        "",
        *_table(
            ["entity", "class", "degree"],
            [
                [r["label"], r["class"], r["degree"]]
                for r in summary["bridges"]["articulation_points"]
            ],
        ),
        "",
        "## Mechanisms by what they connect",
        "",
        *_table(
            ["mechanism", "goals served", "threats countered", "employed by"],
            [
                [
                    m["label"],
                    ", ".join(m["goals"]),
                    ", ".join(m["threats"]),
                    ", ".join(m["employed_by"]),
                ]
                for m in summary["mechanisms"][: TOP * 2]
            ],
        ),
        "",
        "## Documents",
        "",
        *_table(
            ["document", "sentences", "evidence", "emphasises", "most similar (cosine)"],
            [
                [
                    d["source"],
                    d["sentences"],
                    d["evidence"],
                    ", ".join(d["emphasis"]),
                    f"{d['most_similar']['source']} ({d['most_similar']['cosine']})"
                    if d["most_similar"]
                    else "",
                ]
                for d in summary["documents"]
            ],
        ),
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Step:
    """One fact on a path: subject, property, object (labels), and a sentence stating it."""

    subject: str
    prop: str
    object: str
    sentence: str
    source: str


def explanation_paths(graph: Graph, a: str, b: str, limit: int = 3) -> list[list[Step]]:
    """The shortest paths between two entities over the facts (either direction), at most
    ``limit`` of them in a fixed order, each step with an evidence sentence."""
    net = to_networkx(graph)
    undirected = nx.Graph()
    undirected.add_nodes_from(net.nodes)
    undirected.add_edges_from((s, o) for s, o in net.edges() if s != o)
    if a not in undirected or b not in undirected:
        return []
    try:
        paths = sorted(nx.all_shortest_paths(undirected, a, b))[:limit]
    except nx.NetworkXNoPath:
        return []
    from policykg.graph.network import column

    subjects, predicates, objects = (
        column(graph, RDF.subject),
        column(graph, RDF.predicate),
        column(graph, RDF.object),
    )
    derived, texts = column(graph, PROV.wasDerivedFrom), column(graph, P.text)
    in_document, sources = column(graph, P.inDocument), column(graph, DCTERMS.source)
    evidence: dict[tuple[str, str, str], tuple[str, str]] = {}
    for ev in sorted(instances(graph, P.Evidence)):
        key = (
            subjects.get(ev, ""),
            predicates.get(ev, "").rsplit("#", 1)[-1],
            objects.get(ev, ""),
        )
        if key not in evidence:
            sentence = derived.get(ev, "")
            text = " ".join(texts.get(sentence, "None").split())
            source = sources.get(in_document.get(sentence, ""), "None")
            evidence[key] = (text, source)
    out = []
    for path in paths:
        steps = []
        for u, v in itertools.pairwise(path):
            forward = sorted(
                (u, d["prop"], v) for d in net.get_edge_data(u, v, default={}).values()
            )
            backward = sorted(
                (v, d["prop"], u) for d in net.get_edge_data(v, u, default={}).values()
            )
            s, prop, o = (forward or backward)[0]  # along the path where a fact reads that way
            text, source = evidence.get((s, prop, o), ("", ""))
            steps.append(Step(net.nodes[s]["label"], prop, net.nodes[o]["label"], text, source))
        out.append(steps)
    return out
