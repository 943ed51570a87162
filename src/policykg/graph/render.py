"""The interactive page (pyvis 0.3.2), made to work offline from file://.

pyvis's template links Bootstrap from a CDN even with ``cdn_resources="in_line"`` and leaves out
vis-network's stylesheet; both are dealt with here: the links are removed, the stylesheet inlined.
Data reaches the page through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``), and the
text of tooltips is HTML-escaped, so text from documents can never become markup.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources

from rdflib import Graph

from policykg.graph.network import to_networkx
from policykg.ontology import CLASSES, PROPERTIES

COLOURS = {
    "Nation": "#1f77b4",
    "Organization": "#2ca02c",
    "Agreement": "#9467bd",
    "Mechanism": "#ff7f0e",
    "Goal": "#17becf",
    "Threat": "#d62728",
}
SHAPES = {
    "Nation": "dot",
    "Organization": "square",
    "Agreement": "diamond",
    "Mechanism": "triangle",
    "Goal": "star",
    "Threat": "triangleDown",
}
_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)
_OPTIONS = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 9},
        "smooth": {"type": "continuous"},
    },
    "interaction": {"hover": True, "navigationButtons": False},
}


def _tooltip(*lines: str) -> str:
    # pyvis switches to an innerHTML tooltip when a title contains "href": never let text do that.
    return "\n".join(html.escape(line).replace("href", "hr\u200bef") for line in lines)


def _vis_css() -> str:
    path = resources.files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.css")
    return path.read_text(encoding="utf-8")


MAX_NODES = 500  # above this, the page shows the most central entities only (--max-nodes)


def _page_data(graph: Graph, net, shown: set[str]) -> dict:
    """What the side panel, the search and the filters need: per node its aliases and
    documents; per edge its evidence (sentence, matched words, document)."""
    from collections import defaultdict

    from policykg.graph.vocab import DCTERMS, PROV, RDF, P

    node_docs: dict[str, set[str]] = defaultdict(set)
    sources = {}
    for doc in graph.subjects(RDF.type, P.Document):
        sources[str(doc)] = str(graph.value(doc, DCTERMS.source))
    for sentence, entity in graph.subject_objects(P.mentions):
        doc = graph.value(sentence, P.inDocument)
        if doc is not None:
            node_docs[str(entity)].add(sources.get(str(doc), str(doc)))
    evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for ev in graph.subjects(RDF.type, P.Evidence):
        sentence = graph.value(ev, PROV.wasDerivedFrom)
        doc = str(graph.value(sentence, P.inDocument))
        key = (
            str(graph.value(ev, RDF.subject)),
            str(graph.value(ev, RDF.predicate)).rsplit("#", 1)[-1],
            str(graph.value(ev, RDF.object)),
        )
        evidence[key].append(
            {
                "sentence": " ".join(str(graph.value(sentence, P.text)).split()),
                "matched": " ".join(str(graph.value(ev, P.matchedText) or "").split()),
                "document": sources.get(doc, doc),
            }
        )
    nodes = {
        n: {
            "label": d["label"],
            "class": d["cls"],
            "aliases": d["aliases"],
            "documents": sorted(node_docs[n]),
        }
        for n, d in net.nodes(data=True)
        if n in shown
    }
    edges = {}
    for s, o, d in net.edges(data=True):
        if s in shown and o in shown:
            found = sorted(
                evidence[(s, d["prop"], o)], key=lambda e: (e["document"], e["sentence"])
            )
            edges[_edge_id(s, d["prop"], o)] = {
                "from": s,
                "to": o,
                "property": d["prop"],
                "label": d["prop_label"],
                "evidence": found,
                "documents": sorted({e["document"] for e in found}),
            }
    symmetric = sorted(p for p, prop in PROPERTIES.items() if prop.symmetric)
    return {
        "nodes": nodes,
        "edges": edges,
        "classes": list(CLASSES),
        "colours": COLOURS,
        "symmetric": symmetric,
    }


def _edge_id(s: str, prop: str, o: str) -> str:
    return f"{s} {prop} {o}"


def render_html(graph: Graph, title: str = "policykg", max_nodes: int = MAX_NODES) -> str:
    """The page's HTML: entities coloured and shaped by class and sized by PageRank, facts
    labelled by property; a side panel with the evidence of what is clicked, a search box,
    filters by class and by document, neighbourhood highlight, a seeded layout whose physics
    stops once it has settled. Above ``max_nodes`` entities, the most central ones only, with a
    note saying so. No network request; no text from documents ever becomes markup."""
    import networkx as nx
    from pyvis.network import Network

    net = to_networkx(graph)
    simple = nx.Graph()
    simple.add_nodes_from(net.nodes)
    simple.add_edges_from((s, o) for s, o in net.edges() if s != o)
    pagerank = nx.pagerank(simple) if len(simple) else {}
    ranked = sorted(net.nodes, key=lambda n: (-pagerank.get(n, 0.0), n))
    shown = set(ranked[:max_nodes])
    top = max(pagerank.values(), default=1.0) or 1.0
    page = Network(
        height="90vh",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        neighborhood_highlight=True,
    )
    for node, data in sorted(net.nodes(data=True)):
        if node not in shown:
            continue
        aliases = data["aliases"]
        page.add_node(
            node,
            label=data["label"],
            title=_tooltip(
                data["label"],
                f"class: {data['cls']}",
                f"facts: {net.degree(node)} · documents: {data['documents']}"
                f" · sentences: {data['sentences']}",
                *([f"also: {', '.join(aliases[:8])}"] if aliases else []),
            ),
            color=COLOURS[data["cls"]],
            shape=SHAPES[data["cls"]],
            size=8 + 40 * (pagerank.get(node, 0.0) / top) ** 0.5,
        )
    for s, o, data in sorted(net.edges(data=True), key=lambda e: (e[0], e[1], e[2]["prop"])):
        if s not in shown or o not in shown:
            continue
        page.add_edge(
            s,
            o,
            id=_edge_id(s, data["prop"], o),
            label=data["prop"],
            title=_tooltip(f"{data['prop_label']}: {data['evidence']} evidence"),
            width=1 + min(data["evidence"], 5) * 0.5,
        )
    page.set_options(json.dumps(_OPTIONS))
    body = page.generate_html(notebook=False)
    body = _REMOTE_TAG.sub("", body)
    body = body.replace("<center>\n<h1></h1>\n</center>", "").replace(
        "<center>\n          <h1></h1>\n        </center>", ""
    )
    legend = "".join(
        f'<label class="pkg-class"><input type="checkbox" data-class="{c}" checked>'
        f' <span style="color:{COLOURS[c]}">&#9679;</span> {c}</label>'
        for c in CLASSES
    )
    page_data = _page_data(graph, net, shown)
    documents = sorted({doc for d in page_data["nodes"].values() for doc in d["documents"]})
    options = "".join(
        f'<option value="{html.escape(d, quote=True)}">{html.escape(d)}</option>' for d in documents
    )
    note = (
        f'<div id="pkg-note">Showing the {len(shown)} most central of'
        f" {net.number_of_nodes()} entities (policykg render --max-nodes N shows more).</div>"
        if len(shown) < net.number_of_nodes()
        else ""
    )
    data = json.dumps(page_data, ensure_ascii=False, sort_keys=True)
    data = data.replace("</", "<\\/")
    header = (
        f"<style>{_vis_css()}{_PAGE_CSS}</style>"
        f'<div id="pkg-bar"><strong>{html.escape(title)}</strong> &middot;'
        f" {len(shown)} entities, {sum(1 for s, o in net.edges() if s in shown and o in shown)}"
        f" facts &middot; {legend}"
        f' <select id="pkg-document"><option value="">every document</option>{options}</select>'
        f' <input id="pkg-search" type="search" placeholder="find an entity…"></div>{note}'
        f'<aside id="pkg-panel"><p class="pkg-hint">Click an entity or a fact to see the'
        f" sentences behind it.</p></aside>"
        f'<script type="application/json" id="pkg-data">{data}</script>'
    )
    body = body.replace("<body>", "<body>\n" + header, 1)
    return body.replace("</body>", f"<script>{_PAGE_JS}</script>\n</body>", 1)


_PAGE_CSS = """
#pkg-bar { font: 14px sans-serif; padding: 6px; }
#pkg-bar label { margin-right: 0.8em; white-space: nowrap; }
#pkg-bar select { max-width: 24em; }
#pkg-note { font: 13px sans-serif; padding: 2px 6px; background: #fff3cd; }
#pkg-panel { position: fixed; right: 0; top: 3em; width: 28em; max-height: 85vh; overflow: auto;
  background: #fff; border-left: 1px solid #ccc; font: 13px/1.4 sans-serif; padding: 0.5em 1em;
  z-index: 10; }
#pkg-panel h2 { font-size: 15px; margin: 0.3em 0; }
#pkg-panel li { margin-bottom: 0.5em; }
#pkg-panel mark { background: #ffe08a; }
#pkg-panel .pkg-doc { color: #666; font-size: 12px; }
"""

_PAGE_JS = """
(function () {
  const DATA = JSON.parse(document.getElementById("pkg-data").textContent);
  const SYMMETRIC = new Set(DATA.symmetric);
  const panel = document.getElementById("pkg-panel");
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function sentenceItem(ev, prefix) {
    const li = el("li");
    if (prefix) li.appendChild(el("strong", prefix + " "));
    const at = ev.matched ? ev.sentence.indexOf(ev.matched) : -1;
    if (at < 0) { li.appendChild(document.createTextNode(ev.sentence)); }
    else {
      li.appendChild(document.createTextNode(ev.sentence.slice(0, at)));
      li.appendChild(el("mark", ev.matched));
      li.appendChild(document.createTextNode(ev.sentence.slice(at + ev.matched.length)));
    }
    li.appendChild(el("div", ev.document, "pkg-doc"));
    return li;
  }
  function label(id) { return DATA.nodes[id] ? DATA.nodes[id].label : id; }
  function showEdge(id) {
    const e = DATA.edges[id];
    if (!e) return;
    panel.replaceChildren(el("h2", label(e.from) + " " + e.label + " " + label(e.to)));
    const list = el("ul");
    for (const ev of e.evidence) list.appendChild(sentenceItem(ev));
    panel.appendChild(list);
  }
  function showNode(id) {
    const n = DATA.nodes[id];
    if (!n) return;
    panel.replaceChildren(el("h2", n.label), el("div", n["class"], "pkg-doc"));
    if (n.aliases.length) panel.appendChild(el("p", "also: " + n.aliases.join(", ")));
    const list = el("ul"), seen = new Set();
    for (const [eid, e] of Object.entries(DATA.edges)) {
      if (e.from !== id && e.to !== id) continue;
      for (const ev of e.evidence) {
        // a symmetric fact is stored both ways: list its sentence once
        const key = [e.property, [e.from, e.to].sort().join(" "), ev.sentence].join("|");
        if (SYMMETRIC.has(e.property) && seen.has(key)) continue;
        seen.add(key);
        list.appendChild(sentenceItem(ev, label(e.from) + " " + e.label + " " + label(e.to) + ":"));
      }
    }
    panel.appendChild(list);
  }
  window.policykg = {showNode, showEdge, data: DATA};
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({physics: false});
    window.policykgSettled = true;
  });
  function applyFilters() {
    const classes = new Set(
      [...document.querySelectorAll("#pkg-bar input[data-class]")]
        .filter((c) => c.checked).map((c) => c.dataset["class"]));
    const doc = document.getElementById("pkg-document").value;
    const visible = new Set();
    nodes.update(Object.entries(DATA.nodes).map(([id, n]) => {
      const show = classes.has(n["class"]) && (!doc || n.documents.includes(doc));
      if (show) visible.add(id);
      return {id, hidden: !show};
    }));
    edges.update(Object.entries(DATA.edges).map(([id, e]) => ({
      id, hidden: !(visible.has(e.from) && visible.has(e.to) && (!doc || e.documents.includes(doc)))
    })));
  }
  for (const box of document.querySelectorAll("#pkg-bar input[data-class]")) {
    box.addEventListener("change", applyFilters);
  }
  document.getElementById("pkg-document").addEventListener("change", applyFilters);
  document.getElementById("pkg-search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const wanted = event.target.value.trim().toLowerCase();
    if (!wanted) return;
    const names = (n) => [n.label, ...n.aliases].map((a) => a.toLowerCase());
    const all = Object.entries(DATA.nodes);
    const found = all.find(([id, n]) => names(n).includes(wanted))
      || all.find(([id, n]) => names(n).some((a) => a.includes(wanted)));
    if (!found) {
      panel.replaceChildren(el("p", "No entity is called “" + event.target.value + "”."));
      return;
    }
    network.selectNodes([found[0]]);
    network.focus(found[0], {scale: 1.2, animation: false});
    showNode(found[0]);
  });
})();
"""


def _iri(node: str):
    from rdflib import URIRef

    return URIRef(node)
