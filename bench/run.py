"""The benchmark suite (`make bench`): each stage of a build on a generated corpus, and baselines.

    python bench/run.py [--size 1MB] [--seed 7] [--json FILE] [--no-baselines]

Generates a deterministic corpus in the genre (bench/corpus.py), then times, on one core and in
this order: loading the rule pack, reading (decoding, Markdown, sentence splitting), lexicon
matching, relation rules (extraction minus matching), assembling the graph, validating it,
writing Turtle, and the analysis; for each, seconds, MB/s, documents/s, facts/s and the peak
memory of the process so far. Then two baselines over the same text and the same lexicon (every
surface form the bundled pack's automaton holds): spaCy's blank English pipeline with a
PhraseMatcher, end to end, and a raw pyahocorasick scan for the longest matches (the ceiling);
both as ratios to policykg's extraction measured in the same run, since the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate, parse_size


def machine() -> dict:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for package in ("policykg", "rdflib", "pyoxigraph", "pyshacl", "networkx", "igraph", "spacy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "versions": versions,
    }


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Times stages and keeps one row per stage."""

    def __init__(self, megabytes: float, documents: int):
        self.megabytes, self.documents = megabytes, documents
        self.rows: list[dict] = []

    def run(self, name: str, fn, *args, facts: int | None = None, seconds: float | None = None):
        start = time.perf_counter()
        result = fn(*args) if fn else None
        took = seconds if seconds is not None else time.perf_counter() - start
        self.rows.append(
            {
                "stage": name,
                "seconds": round(took, 3),
                "mb_per_s": round(self.megabytes / took, 3) if took else None,
                "documents_per_s": round(self.documents / took, 1) if took else None,
                "facts_per_s": round(facts / took, 1) if took and facts else None,
                "peak_mib": round(peak_mib(), 1),
            }
        )
        return result


def lexicon_forms(pack) -> list[str]:
    """Every folded surface form in the pack's automaton: the lexicon the baselines match."""
    return sorted(str(key) for key in pack.matcher.automaton.keys())  # noqa: SIM118 (not a dict)


def automaton_scan(forms: list[str], texts: list[str]) -> tuple[float, int]:
    """Seconds to scan the texts for the longest non-overlapping forms, and the matches found."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    start = time.perf_counter()
    found = 0
    for text in texts:
        for _ in automaton.iter_long(text.lower()):
            found += 1
    return time.perf_counter() - start, found


def spacy_scan(forms: list[str], texts: list[str]) -> tuple[float, int] | None:
    """Seconds for spaCy's blank English + PhraseMatcher (LOWER) over the texts, end to end."""
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        return None
    nlp = spacy.blank("en")
    nlp.max_length = max(len(t) for t in texts) + 1
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("LEXICON", [nlp.make_doc(form) for form in forms])
    start = time.perf_counter()
    found = 0
    for doc in nlp.pipe(texts):
        found += len(matcher(doc))
    return time.perf_counter() - start, found


def bench(size: int, seed: int, baselines: bool) -> dict:
    from policykg.graph.analysis import summarize
    from policykg.graph.assemble import assemble
    from policykg.graph.store import graph_of_store, store_to_turtle
    from policykg.graph.validate import validate_graph
    from policykg.pipeline import read_sources
    from policykg.rules.extract import extract_document
    from policykg.rules.loader import load_rules

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp) / "sources", size, seed=seed)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        stages = Stages(megabytes, len(paths))
        pack = stages.run("load rules", load_rules)
        documents = stages.run("read + split", read_sources, [Path(tmp) / "sources"])
    texts = [d.text for d in documents]
    stages.run("lexicon matching", lambda: [pack.matcher.find(t) for t in texts])
    matching = stages.rows[-1]["seconds"]
    results = stages.run("extraction", lambda: [extract_document(d, pack) for d in documents])
    facts = sum(len(r.extractions) for r in results)
    extraction = stages.rows[-1]
    extraction["facts_per_s"] = round(facts / extraction["seconds"], 1)
    stages.run("  of which rules", None, facts=facts, seconds=extraction["seconds"] - matching)
    store = stages.run("assemble", assemble, results, pack, facts=facts)
    graph = graph_of_store(store)  # rdflib's API over the store, as the build reads it
    stages.run("validate", lambda: validate_graph(graph, store=store), facts=facts)
    turtle = stages.run("write Turtle", store_to_turtle, store, facts=facts)
    stages.run("analyze", summarize, graph, facts=facts)
    report = {
        "machine": machine(),
        "corpus": {
            "bytes": int(megabytes * 1e6),
            "documents": len(paths),
            "sentences": sum(len(d.sentences) for d in documents),
            "seed": seed,
        },
        "graph": {"triples": len(store), "facts_found": facts, "turtle_bytes": len(turtle)},
        "stages": stages.rows,
        "baselines": {},
    }
    if baselines:
        forms = lexicon_forms(pack)
        ours = extraction["mb_per_s"]
        report["baselines"]["pyahocorasick scan"] = _baseline(
            *automaton_scan(forms, texts), forms, megabytes, ours
        )
        spacy = spacy_scan(forms, texts)
        report["baselines"]["spaCy blank en + PhraseMatcher"] = (
            _baseline(*spacy, forms, megabytes, ours) if spacy else "spaCy is not installed"
        )
    return report


def _baseline(seconds: float, found: int, forms: list, megabytes: float, ours: float) -> dict:
    return {
        "forms": len(forms),
        "seconds": round(seconds, 3),
        "mb_per_s": round(megabytes / seconds, 3),
        "matches": found,
        "policykg_extraction_ratio": round(ours / (megabytes / seconds), 4),
    }


def show(report: dict) -> str:
    m, c, g = report["machine"], report["corpus"], report["graph"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}",
        f"corpus: {c['bytes'] / 1e6:.2f} MB, {c['documents']} documents, {c['sentences']}"
        f" sentences (seed {c['seed']}); graph: {g['triples']} triples, {g['facts_found']} facts",
        "",
        f"{'stage':<20}{'seconds':>10}{'MB/s':>10}{'docs/s':>10}{'facts/s':>11}{'peak MiB':>10}",
    ]
    for r in report["stages"]:
        cells = [r["seconds"], r["mb_per_s"], r["documents_per_s"], r["facts_per_s"], r["peak_mib"]]
        shown = [f"{v:>10}" if v is not None else f"{'':>10}" for v in cells]
        shown[3] = " " + shown[3]
        lines.append(f"{r['stage']:<20}" + "".join(shown))
    for name, b in report["baselines"].items():
        if isinstance(b, str):
            lines.append(f"baseline {name}: {b}")
            continue
        lines.append(
            f"baseline {name}: {b['mb_per_s']} MB/s over {b['forms']} forms"
            f" ({b['matches']} matches); policykg's extraction = {b['policykg_extraction_ratio']}×"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("1MB"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args(argv)
    report = bench(args.size, args.seed, not args.no_baselines)
    print(show(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
