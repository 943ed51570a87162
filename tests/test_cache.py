"""The per-document extraction cache: reuse, invalidation by document and by rules, corruption
detected and repaired, and the same graph as a build without it."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cache import ExtractionCache
from policykg.cli import app
from policykg.pipeline import extract, read_sources

from .conftest import SOURCES

runner = CliRunner()


def build(sources: Path, out: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["build", str(sources), "-o", str(out), "--no-html", *extra])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["output"] = result.output
    return manifest


@pytest.fixture(scope="module")
def documents():
    return read_sources([SOURCES])


@pytest.fixture(scope="module")
def plain(documents, pack):
    """The extractions without a cache: what every cached run must give."""
    return [(r.focus, r.mentions, r.extractions) for r in extract(documents, pack)]


def results(found) -> list:
    return [(r.focus, r.mentions, r.extractions) for r in found]


def fill(documents, pack, folder: Path) -> None:
    cache = ExtractionCache(folder, pack)
    extract(documents, pack, cache=cache)
    cache.commit()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def test_a_build_fills_the_cache_and_a_rebuild_reuses_it_with_the_same_graph(tmp_path: Path):
    corpus = tmp_path / "sources"
    shutil.copytree(SOURCES, corpus)
    out = tmp_path / "out"
    first = build(corpus, out)
    assert first["cache"] == {"hits": 0, "misses": 5, "corrupt": 0, "pruned": 0}
    assert len(entries(out / ".cache")) == 5
    before = (out / "graph.ttl").read_bytes()
    victim = entries(out / ".cache")[0]
    victim.write_bytes(victim.read_bytes()[:-40])
    second = build(corpus, out)
    assert second["cache"] == {"hits": 4, "misses": 0, "corrupt": 1, "pruned": 0}
    assert "1 cache entries did not check out" in second["output"]
    assert (out / "graph.ttl").read_bytes() == before
    plain = build(corpus, tmp_path / "plain", "--no-cache")
    assert "cache" not in plain and not (tmp_path / "plain" / ".cache").exists()
    assert (tmp_path / "plain" / "graph.ttl").read_bytes() == before


def test_cached_results_equal_fresh_ones_also_with_worker_processes(
    documents, pack, plain, tmp_path: Path
):
    cache = ExtractionCache(tmp_path, pack)
    assert results(extract(documents, pack, cache=cache)) == plain
    assert cache.stats.misses == 5 and cache.stats.hits == 0
    assert entries(tmp_path) == []  # nothing written before commit
    cache.commit()
    again = ExtractionCache(tmp_path, pack)
    assert results(extract(documents, pack, jobs=2, cache=again)) == plain
    assert again.stats.hits == 5 and again.stats.misses == 0


def test_an_edited_document_alone_is_extracted_again_and_its_old_entry_pruned(
    documents, pack, tmp_path: Path
):
    fill(documents, pack, tmp_path)
    edited = list(documents)
    doc = edited[0]
    edited[0] = dataclasses.replace(doc, text=doc.text + " ")  # same sentences, other content
    cache = ExtractionCache(tmp_path, pack)
    extract(edited, pack, cache=cache)
    cache.commit()
    assert (cache.stats.hits, cache.stats.misses, cache.stats.pruned) == (4, 1, 1)
    assert len(entries(tmp_path)) == 5


def test_a_changed_rule_pack_invalidates_every_entry(documents, pack, tmp_path: Path):
    fill(documents, pack, tmp_path)
    changed = dataclasses.replace(pack, files=[*pack.files, ("extra.yaml", "0" * 64)])
    cache = ExtractionCache(tmp_path, changed)
    for doc in documents:
        assert cache.get(doc) is None
    assert cache.stats.misses == 5


def test_a_changed_extractor_invalidates_every_entry(
    documents, pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a development build of the same version with another rules engine must not reuse results
    import policykg.cache

    fill(documents, pack, tmp_path)
    assert all(ExtractionCache(tmp_path, pack).get(doc) is not None for doc in documents)
    monkeypatch.setattr(policykg.cache, "_code_digest", lambda: "0" * 64)
    cache = ExtractionCache(tmp_path, pack)
    assert all(cache.get(doc) is None for doc in documents)
    assert cache.stats.misses == 5


def test_the_code_digest_covers_the_rules_engine_and_the_reader():
    import policykg.cache

    policykg.cache._code_digest.cache_clear()
    digest = policykg.cache._code_digest()
    assert len(digest) == 64 and digest == policykg.cache._code_digest()
    root = Path(policykg.cache.__file__).parent
    covered = {p.name for p in (*root.glob("rules/*.py"), *root.glob("sources/*.py"))}
    assert {"extract.py", "matcher.py", "reader.py"} <= covered


DAMAGES = {
    "truncated": lambda data: data[:-40],
    "an edited body": lambda data: data.replace(b'"key":"', b'"key":"0', 1),
    "no header": lambda data: b"not a cache entry\n" + data,
    "empty": lambda data: b"",
    "binary": lambda data: bytes(range(256)),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_corrupt_entry_is_detected_extracted_again_and_rewritten(
    documents, pack, plain, tmp_path: Path, damage
):
    fill(documents, pack, tmp_path)
    victim = entries(tmp_path)[0]
    data = victim.read_bytes()
    assert damage(data) != data
    victim.write_bytes(damage(data))
    cache = ExtractionCache(tmp_path, pack)
    assert results(extract(documents, pack, cache=cache)) == plain
    assert (cache.stats.corrupt, cache.stats.hits) == (1, 4)
    cache.commit()
    assert victim.read_bytes() == data  # rewritten


def test_an_entry_with_a_valid_digest_for_another_document_is_not_trusted(
    documents, pack, plain, tmp_path: Path
):
    fill(documents, pack, tmp_path)
    first, second = entries(tmp_path)[:2]
    first.write_bytes(second.read_bytes())  # well formed, but another document's
    cache = ExtractionCache(tmp_path, pack)
    assert results(extract(documents, pack, cache=cache)) == plain
    assert cache.stats.corrupt == 1
