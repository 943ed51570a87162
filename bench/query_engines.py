"""rdflib's SPARQL against pyoxigraph on a built graph grown to a chosen size.

Usage: python bench/query_engines.py GRAPH.ttl [TRIPLES] [--timeout SECONDS]

The graph is copied with renamed IRIs (documents, sentences, evidence and entities get a copy
number) until it holds about TRIPLES triples; each bundled query runs once on each engine, in a
child process with a time limit (rdflib cannot be interrupted), and the script prints parse time,
query times, row counts and whether the engines agree, with the ratio measured in the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

PARAMS = {"shared-mechanisms": {"first": "islamic-nation", "second": "Turkey"}}


def grow(source: Path, triples: int, target: Path) -> int:
    """Write copies of the graph's N-Triples, each with its own IRIs, up to ``triples``."""
    from rdflib import Graph

    lines = Graph().parse(source).serialize(format="nt").splitlines()
    lines = [line for line in lines if line]
    copies = max(1, triples // len(lines))
    iri = re.compile(r"<(https://w3id\.org/policykg/(?:id|document|sentence|evidence)/[^>]*)>")
    with target.open("w", encoding="utf-8") as out:
        for i in range(copies):
            suffix = "" if i == 0 else f"-{i}"
            for line in lines:
                out.write(iri.sub(lambda m, s=suffix: f"<{m.group(1)}{s}>", line) + "\n")
    return copies * len(lines)


def _rdflib_job(path: str, queries: dict, out) -> None:
    from rdflib import Graph

    t = time.perf_counter()
    g = Graph().parse(path, format="nt")
    out.put(("parse", time.perf_counter() - t, len(g)))
    for name, text in queries.items():
        t = time.perf_counter()
        rows = sorted(str(tuple(r)) for r in g.query(text))
        out.put((name, time.perf_counter() - t, rows))


def _oxigraph_job(path: str, queries: dict, out) -> None:
    import pyoxigraph as ox

    from policykg.graph.query import _rdflib

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    out.put(("parse", time.perf_counter() - t, len(store)))
    for name, text in queries.items():
        t = time.perf_counter()
        found = store.query(text)
        names = [v.value for v in found.variables]
        rows = sorted(
            str(tuple(_rdflib(s[n]) if s[n] is not None else None for n in names)) for s in found
        )
        out.put((name, time.perf_counter() - t, rows))


def run(job, path: str, queries: dict, timeout: float) -> dict:
    """The job's measurements, stopping it when it runs past ``timeout`` seconds in all."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=job, args=(path, queries, out))
    process.start()
    found, deadline = {}, time.monotonic() + timeout
    for _ in range(len(queries) + 1):
        try:
            name, seconds, rows = out.get(timeout=max(0.1, deadline - time.monotonic()))
        except Exception:
            break
        found[name] = (seconds, rows)
    process.kill()
    process.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("triples", type=int, nargs="?", default=0)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per engine")
    args = parser.parse_args()

    from rdflib import Graph

    from policykg.graph.query import bind_parameters, named_queries

    base = Graph().parse(args.graph)
    queries = {
        name: bind_parameters(base, q.text, PARAMS.get(name, {}), name)
        for name, q in named_queries().items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        size = grow(args.graph, args.triples or len(base), path)
        print(
            f"machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, "
            f"Python {platform.python_version()}; graph: {size} triples"
        )
        ox = run(_oxigraph_job, str(path), queries, args.timeout)
        rd = run(_rdflib_job, str(path), queries, args.timeout)
    print(f"{'':<20}{'rdflib s':>12}{'oxigraph s':>12}{'ratio':>8}  rows  agree")
    for name in ["parse", *queries]:
        r, o = rd.get(name), ox.get(name)
        rs = f"{r[0]:.3f}" if r else f">{args.timeout:g} (stopped)"
        os_ = f"{o[0]:.4f}" if o else "stopped"
        ratio = f"{r[0] / o[0]:.0f}x" if r and o and o[0] > 0 else ""
        if name == "parse":
            agree, rows = "", ""
        else:
            agree = "yes" if r and o and r[1] == o[1] else ("?" if not r else "NO")
            rows = len(o[1]) if o else ""
        print(f"{name:<20}{rs:>12}{os_:>12}{ratio:>8}  {rows!s:>4}  {agree}")
    total_r = sum(v[0] for k, v in rd.items() if k != "parse")
    total_o = sum(v[0] for k, v in ox.items() if k != "parse")
    print(
        f"{'all queries':<20}{total_r:>12.3f}{total_o:>12.4f}"
        f"{(f'{total_r / total_o:.0f}x' if total_o else ''):>8}"
    )


if __name__ == "__main__":
    main()
