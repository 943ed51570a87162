"""Time the interactive page on a generated graph in headless Chromium (Debian's package).

    python bench/page.py [--entities 2000] [--size 340kB] [--runs 3]

Generates a corpus (bench/corpus.py), builds its graph, renders the page of the most central
ENTITIES entities, then per run: seconds from navigation to a settled drawing, and from a click on
the most connected entity to its side panel. Also prints the time to render the page in Python.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chromium import ARGS, CHROMIUM
from bench.corpus import generate, parse_size

CLICK_HUB = """() => { const id = nodes.getIds().reduce((a, b) =>
    network.getConnectedEdges(b).length > network.getConnectedEdges(a).length ? b : a);
  const d = network.canvasToDOM(network.getPositions([id])[id]);
  const r = network.body.container.getBoundingClientRect();
  return {x: r.left + d.x, y: r.top + d.y}; }"""


def time_page(path: Path, runs: int) -> list[tuple[float, float]]:
    """(settle, click) seconds for each run, a fresh page each time."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.policykgSettled === true", timeout=600_000)
            settled = time.perf_counter() - start
            box = page.evaluate(CLICK_HUB)
            start = time.perf_counter()
            page.mouse.click(box["x"], box["y"])
            page.wait_for_function("document.querySelector('#pkg-panel h2') !== null")
            found.append((settled, time.perf_counter() - start))
            page.close()
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    from policykg.graph.network import to_networkx
    from policykg.graph.render import render_html
    from policykg.pipeline import build_graph

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--size", type=parse_size, default=parse_size("340kB"))
    parser.add_argument("--invented", type=int, default=850)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "sources", args.size, invented=args.invented)
        graph = build_graph([root / "sources"]).graph
        net = to_networkx(graph)
        start = time.perf_counter()
        html = render_html(graph, "generated", max_nodes=args.entities)
        rendered = time.perf_counter() - start
        path = root / "graph.html"
        path.write_text(html, encoding="utf-8")
        shown = min(args.entities, net.number_of_nodes())
        print(
            f"graph: {net.number_of_nodes()} entities, {net.number_of_edges()} facts;"
            f" page of {shown} entities: {len(html.encode()) / 1e6:.1f} MB, rendered in"
            f" {rendered:.2f} s"
        )
        for i, (settled, clicked) in enumerate(time_page(path, args.runs), start=1):
            print(f"run {i}: settled {settled:.2f} s, click to panel {clicked:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
