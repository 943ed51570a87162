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
from policykg.graph.vocab import SKOS
from policykg.ontology import CLASSES

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


def render_html(graph: Graph, title: str = "policykg") -> str:
    """The page's HTML: every entity and fact, coloured by class, with no network request."""
    from pyvis.network import Network

    net = to_networkx(graph)
    page = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line")
    for node, data in sorted(net.nodes(data=True)):
        aliases = sorted(str(a) for a in graph.objects(_iri(node), SKOS.altLabel))
        degree = net.degree(node)
        page.add_node(
            node,
            label=data["label"],
            title=_tooltip(
                data["label"],
                f"class: {data['cls']}",
                f"facts: {degree}",
                *([f"also: {', '.join(aliases[:8])}"] if aliases else []),
            ),
            color=COLOURS[data["cls"]],
            shape=SHAPES[data["cls"]],
            size=10 + min(degree, 30),
        )
    for s, o, data in sorted(net.edges(data=True), key=lambda e: (e[0], e[1], e[2]["prop"])):
        page.add_edge(
            s,
            o,
            label=data["prop"],
            title=_tooltip(f"{data['prop']}: {data['evidence']} evidence"),
            width=1 + min(data["evidence"], 5) * 0.5,
        )
    page.set_options(json.dumps(_OPTIONS))
    body = page.generate_html(notebook=False)
    body = _REMOTE_TAG.sub("", body)
    body = body.replace("<center>\n<h1></h1>\n</center>", "").replace(
        "<center>\n          <h1></h1>\n        </center>", ""
    )
    legend = "".join(
        f'<span style="margin-right:1em"><span style="color:{COLOURS[c]}">&#9679;</span> {c}</span>'
        for c in CLASSES
    )
    header = (
        f"<style>{_vis_css()}</style>"
        f'<div id="legend" style="font:14px sans-serif;padding:6px">'
        f"<strong>{html.escape(title)}</strong> &middot; {net.number_of_nodes()} entities,"
        f" {net.number_of_edges()} facts &middot; {legend}</div>"
    )
    return body.replace("<body>", "<body>\n" + header, 1)


def _iri(node: str):
    from rdflib import URIRef

    return URIRef(node)
