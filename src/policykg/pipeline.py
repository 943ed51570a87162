"""The one place that wires the steps: read sources → apply rules → assemble the graph → outputs."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from policykg import __version__
from policykg.cache import ExtractionCache
from policykg.errors import Problem, SourceError
from policykg.rules.extract import DocumentExtraction, extract_document
from policykg.rules.loader import load_rules
from policykg.rules.model import RulePack
from policykg.sources import Document, find_sources, read_document
from policykg.sources.reader import MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from pyoxigraph import Store

    from policykg.graph.remote import Endpoint


@dataclass
class BuildResult:
    """What a build produced: the graph, per-document extractions, files written and timings.

    The graph is assembled in a pyoxigraph store (``store``), from which the build validates,
    analyses and writes it; ``graph`` is the same graph in rdflib, copied on first use."""

    store: Store
    documents: list[DocumentExtraction]
    pack: RulePack
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    cache: ExtractionCache | None = None  # its entries are written by build, or by commit()
    sources: SourceReport = field(default_factory=lambda: SourceReport())

    @cached_property
    def graph(self) -> Graph:
        from policykg.graph.store import rdf_graph

        return rdf_graph(self.store)


@dataclass
class SourceReport:
    """What reading the sources passed over or worked around, for warnings and the manifest."""

    skipped: dict[str, str] = field(default_factory=dict)  # path: why (binary files)
    decoded: dict[str, str] = field(default_factory=dict)  # path: encoding (not UTF-8)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # read path: same content
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"skipped": self.skipped, "decoded": self.decoded, "duplicates": self.duplicates}


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def __call__(self, name: str, fn: Callable, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.timings[name] = round(self.timings.get(name, 0) + time.perf_counter() - start, 4)


def read_sources(
    paths: Iterable[str | Path],
    strict: bool = False,
    report: SourceReport | None = None,
    max_document_bytes: int | None = MAX_DOCUMENT_BYTES,
) -> list[Document]:
    """Read every source file; document ids are slugs of their names, unique within the build.

    Unless ``strict``, a binary file is skipped and text that is not UTF-8 is decoded as the
    encoding detected, each with a warning in ``report``; with ``strict`` both are errors. A
    file with the same bytes as one read before is read once, its path recorded."""
    paths = list(paths)
    report = report if report is not None else SourceReport()
    files = find_sources(paths)
    documents = []
    seen: dict[str, Path] = {}
    by_content: dict[str, str] = {}
    for path in files:
        try:
            doc = read_document(path, strict=strict, max_bytes=max_document_bytes)
        except SourceError as exc:
            if strict or exc.problems[0].code != "S003":
                raise
            problem = exc.problems[0]
            report.skipped[problem.path] = problem.message
            report.warnings.append(
                replace(
                    problem,
                    severity="warning",
                    message=problem.message + "; skipped (--strict makes it an error)",
                )
            )
            continue
        if doc.sha256 in by_content:
            first = by_content[doc.sha256]
            report.duplicates.setdefault(first, []).append(doc.path)
            report.warnings.append(
                Problem(doc.path, 0, 0, "S005", f"same bytes as {first}: read once", "warning")
            )
            continue
        by_content[doc.sha256] = doc.path
        if doc.encoding != "utf-8":
            report.decoded[doc.path] = doc.encoding
            report.warnings.append(
                Problem(
                    doc.path,
                    0,
                    0,
                    "S002",
                    f"not UTF-8: read as {doc.encoding} (--strict makes it an error)",
                    "warning",
                )
            )
        if doc.id in seen:
            n = 2
            while f"{doc.id}-{n}" in seen:
                n += 1
            doc.id = f"{doc.id}-{n}"
        seen[doc.id] = path
        documents.append(doc)
    if not documents:
        shown = ", ".join(str(p) for p in paths)
        raise SourceError.at(shown, "S004", "no source documents (*.md, *.markdown, *.txt) found")
    return documents


# Called after each document is extracted, in document order: (the extraction, bytes of its text).
Progress = Callable[[DocumentExtraction, int], None]

_WORKER_PACK: RulePack | None = None


def _start_worker(pack: RulePack) -> None:
    global _WORKER_PACK
    _WORKER_PACK = pack


def _extract_in_worker(document: Document):
    assert _WORKER_PACK is not None
    found = extract_document(document, _WORKER_PACK)
    return found.focus, found.mentions, found.extractions  # the document stays in the parent


def jobs_for(jobs: int) -> int:
    """``jobs`` worker processes, or one per core for 0."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _extract_each(
    documents: list[Document], pack: RulePack, jobs: int, scheduler: str | None = None
) -> Iterator[tuple]:
    """(focus, mentions, extractions) of each document, in order: here, in worker processes, or
    on the workers of a Dask scheduler."""
    if scheduler is not None:
        if documents:
            from policykg.cluster import extract_on_cluster

            yield from extract_on_cluster(documents, pack, scheduler)
        return
    if jobs == 1 or len(documents) < 2:
        for doc in documents:
            found = extract_document(doc, pack)
            yield found.focus, found.mentions, found.extractions
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork hands the workers the loaded rule pack as it is; spawn (elsewhere) pickles it
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, min(16, len(documents) // (jobs * 8)))
    workers = min(jobs, len(documents))
    with ProcessPoolExecutor(workers, context, _start_worker, (pack,)) as pool:
        yield from pool.map(_extract_in_worker, documents, chunksize=chunk)


def extract(
    documents: Iterable[Document],
    pack: RulePack,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    scheduler: str | None = None,
) -> list[DocumentExtraction]:
    """Apply the rule pack to each document: in this process, in ``jobs`` worker processes
    (0: one per core), or on the workers of the Dask ``scheduler`` (``tcp://HOST:PORT``). Each
    document is extracted on its own and the results come back in document order, so the graph
    is byte-identical for any number of jobs or workers. With a cache, only the documents it
    holds no valid entry for are extracted, and their results kept in it."""
    documents = list(documents)
    cached = [cache.get(doc) if cache is not None else None for doc in documents]
    todo = [doc for doc, entry in zip(documents, cached, strict=True) if entry is None]
    fresh = _extract_each(todo, pack, jobs_for(jobs), scheduler)
    results: list[DocumentExtraction] = []
    try:
        for doc, entry in zip(documents, cached, strict=True):
            if entry is None:
                entry = next(fresh)
                if cache is not None:
                    cache.put(doc, entry)
            result = DocumentExtraction(doc, *entry)
            results.append(result)
            if progress is not None:
                progress(result, len(doc.text.encode("utf-8")))
    finally:
        fresh.close()  # shuts the worker pool down
    return results


def build_graph(
    sources: Iterable[str | Path],
    rules: Iterable[str | Path] | None = None,
    jobs: int = 1,
    progress: Callable[[list[Document]], Progress] | None = None,
    cache: str | Path | None = None,
    scheduler: str | None = None,
    strict: bool = False,
    max_document_bytes: int | None = MAX_DOCUMENT_BYTES,
) -> BuildResult:
    """Read sources and rules and assemble the graph, writing nothing: with ``cache`` (a folder),
    extractions are taken from it and new ones kept for ``build`` to write (``result.cache``).
    ``progress``, given the documents read, returns what to call as each is extracted;
    ``scheduler`` extracts on a Dask cluster (see ``extract``)."""
    from policykg.graph.assemble import assemble

    timer = _Timer()
    pack = timer("load_rules", load_rules, rules)
    report = SourceReport()
    documents = timer("read", read_sources, list(sources), strict, report, max_document_bytes)
    on_document = progress(documents) if progress is not None else None
    kept = ExtractionCache(cache, pack) if cache is not None else None
    results = timer("extract", extract, documents, pack, jobs, on_document, kept, scheduler)
    store = timer("assemble", assemble, results, pack)
    result = BuildResult(store, results, pack, timings=timer.timings)
    result.cache = kept
    result.sources = report
    return result


def build(
    sources: Iterable[str | Path] = ("sources",),
    out: str | Path = "out",
    rules: Iterable[str | Path] | None = None,
    render: bool = True,
    jobs: int = 1,
    progress: Callable[[list[Document]], Progress] | None = None,
    cache: str | Path | None = None,
    store: str | Path | None = None,
    scheduler: str | None = None,
    endpoint: Endpoint | None = None,
    strict: bool = False,
    max_document_bytes: int | None = MAX_DOCUMENT_BYTES,
) -> BuildResult:
    """Build the graph of the sources and write graph.ttl, graph.html, report.md/json,
    coverage.md/json and manifest.json into ``out``. Everything is computed before the first file
    is written, and each file is replaced atomically, so a failed build leaves the previous
    outputs as they were."""
    from policykg.graph.analysis import report_json, report_markdown, summarize
    from policykg.graph.store import graph_of_store, store_to_turtle, write_atomic
    from policykg.graph.validate import raise_if_violated, validate_graph
    from policykg.rules.coverage import coverage, coverage_json, coverage_markdown

    started = time.perf_counter()
    if store is not None:
        from policykg.graph.store import check_store_target

        check_store_target(store)  # before any work: a folder that is no store is never replaced
    result = build_graph(
        sources, rules, jobs, progress, cache, scheduler, strict, max_document_bytes
    )
    timer = _Timer()
    timer.timings = result.timings
    out = Path(out)
    # rdflib's API over the store, where the analysis and the page read it natively
    graph = graph_of_store(result.store)
    # the graph must satisfy the shapes before anything is written; a violation is a bug
    validation = timer("validate", validate_graph, graph, store=result.store)
    raise_if_violated(validation, f"{out / 'graph.ttl'} (not written)")
    turtle = timer("serialize", store_to_turtle, result.store)
    summary = timer("analyze", summarize, graph)
    covered = timer("coverage", coverage, result.documents, result.pack)
    files: dict[str, bytes] = {
        "graph.ttl": turtle,
        "report.md": report_markdown(summary).encode(),
        "report.json": report_json(summary).encode(),
        "coverage.md": coverage_markdown(covered).encode(),
        "coverage.json": coverage_json(covered).encode(),
    }
    if render:
        from policykg.graph.render import render_html

        files["graph.html"] = timer("render", render_html, graph).encode()
    result.manifest = _manifest(result, summary, files)
    result.manifest["validation"] = {"conforms": True, "shapes": validation.shapes}
    if endpoint is not None:  # before any local file: a refused load leaves them as they were
        from policykg.graph.remote import load_remote

        loaded = timer("remote", load_remote, result.graph, endpoint)
        result.manifest["endpoint"] = {"url": endpoint.url, **asdict(loaded)}
    _remove_stale_temporaries(out, [*files, "manifest.json"])
    for name, data in files.items():
        write_atomic(out / name, data)
        result.outputs[name] = out / name
    if store is not None:
        from policykg.graph.store import write_disk_store

        timer("store", write_disk_store, store, turtle)
        result.outputs["store"] = Path(store)
    if result.cache is not None:
        result.cache.commit()  # the outputs are written: now the cache entries
        result.manifest["cache"] = result.cache.stats.as_dict()
    result.timings["total"] = round(time.perf_counter() - started, 4)
    result.manifest["timings_seconds"] = result.timings
    write_atomic(out / "manifest.json", json.dumps(result.manifest, indent=2) + "\n")
    result.outputs["manifest.json"] = out / "manifest.json"
    return result


def _remove_stale_temporaries(out: Path, names: Iterable[str]) -> None:
    """Temporary files a killed build left behind (write_atomic's ``.NAME.*.tmp``): a build
    killed at any point leaves the outputs whole, and the next one sweeps these away."""
    for name in names:
        for stale in out.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _manifest(result: BuildResult, summary: dict, files: dict[str, bytes]) -> dict:
    return {
        "policykg_version": __version__,
        "python": platform.python_version(),
        "inputs": [
            {
                "path": r.document.path,
                "id": r.document.id,
                "sha256": r.document.sha256,
                "sentences": len(r.document.sentences),
                "facts": len({e.fact for e in r.extractions}),
                "encoding": r.document.encoding,
                "encoding_repairs": r.document.repairs,
                "focus": r.focus.entity if r.focus else None,
            }
            for r in result.documents
        ],
        "sources": result.sources.as_dict(),
        "rules": [{"path": path, "sha256": digest} for path, digest in result.pack.files],
        "counts": {
            "documents": len(result.documents),
            "sentences": sum(len(r.document.sentences) for r in result.documents),
            "triples": len(result.store),
            "entities": summary["counts"]["entities"],
            "facts": summary["counts"]["facts"],
            "evidence": summary["counts"]["evidence"],
            "concepts_in_pack": len(result.pack.concepts),
            "relation_rules_in_pack": len(result.pack.relations),
        },
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
