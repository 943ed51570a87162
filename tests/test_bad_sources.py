"""Sources as they come: binary files among them, other encodings, a BOM and CRLF line ends,
the same file twice, empty files and folders, a symlink loop. Each is read or passed over with a
located warning, or refused with a located error under --strict; never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.pipeline import SourceReport, read_sources
from policykg.sources import find_sources

PROSE = "Turkey joined NATO in 1952. Malaysia and Indonesia hold joint exercises.\n"


def build(*args: str):
    return CliRunner().invoke(app, ["build", *args, "--no-html", "--no-cache"])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "clean.md").write_text("# Clean\n\n" + PROSE, encoding="utf-8")
    return src


def test_a_binary_file_is_skipped_with_a_warning_or_refused_under_strict(corpus, tmp_path):
    (corpus / "scan.md").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    result = build(str(corpus), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    assert "scan.md: warning[S003]: binary file (contains NUL bytes)" in result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [Path(p).name for p in manifest["sources"]["skipped"]] == ["scan.md"]
    assert manifest["counts"]["documents"] == 1
    strict = build(str(corpus), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2
    assert "scan.md: error[S003]: binary file" in strict.output
    assert not (tmp_path / "strict").exists()


def test_only_binary_files_are_no_sources(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "error[S004]: no source documents" in result.output


def test_text_in_cp1252_is_decoded_said_so_and_offsets_hold(corpus, tmp_path):
    text = (
        "# Diplomacy\n\nTurkey and Qatar signed a d\u00e9fense pact \u2013 the caf\u00e9 talks.\n"
    )
    (corpus / "old.md").write_bytes((text + "\n").encode("cp1252"))
    report = SourceReport()
    documents = {d.path.rsplit("/", 1)[-1]: d for d in read_sources([corpus], report=report)}
    old = documents["old.md"]
    assert old.encoding in ("cp1252", "windows-1252", "cp1250", "latin_1")
    assert "café talks" in old.text and "–" in old.text
    for sentence in old.sentences:
        assert old.text[sentence.begin : sentence.end] == sentence.text
    assert [p.code for p in report.warnings] == ["S002"]
    result = build(str(corpus), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0
    assert "old.md: warning[S002]: not UTF-8: read as" in result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [Path(p).name for p in manifest["sources"]["decoded"]] == ["old.md"]
    strict = build(str(corpus), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2
    assert "old.md:3:28: error[S002]: not valid UTF-8 (byte 0xe9)" in strict.output


def test_a_bom_and_crlf_line_ends_keep_offsets_and_facts(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    body = "# Windows\r\n\r\n" + PROSE.replace("\n", "\r\n")
    (src / "windows.md").write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    (document,) = read_sources([src])
    assert not document.text.startswith("\ufeff")
    assert [s.text for s in document.sentences][1] == "Turkey joined NATO in 1952."
    for sentence in document.sentences:
        assert document.text[sentence.begin : sentence.end] == sentence.text
    result = build(str(src), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    graph = (tmp_path / "out" / "graph.ttl").read_text()
    assert "pkg:memberOf id:nato" in graph


def test_the_same_file_twice_is_read_once_and_both_paths_recorded(corpus, tmp_path):
    (corpus / "copy.md").write_bytes((corpus / "clean.md").read_bytes())
    result = build(str(corpus), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0
    assert "warning[S005]: same bytes as" in result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 1
    ((kept, others),) = manifest["sources"]["duplicates"].items()
    assert {Path(kept).name, *(Path(p).name for p in others)} == {"clean.md", "copy.md"}


def test_an_empty_file_is_a_document_without_sentences_and_an_empty_folder_no_sources(
    corpus, tmp_path
):
    (corpus / "empty.md").write_text("", encoding="utf-8")
    documents = read_sources([corpus])
    assert [len(d.sentences) for d in documents if d.path.endswith("empty.md")] == [0]
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = build(str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.startswith(f"{empty}: error[S004]") or "error[S004]" in result.output


def test_a_symlink_loop_ends_and_names_with_spaces_and_accents_are_read(corpus, tmp_path):
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "nested").mkdir()
    (corpus / "nested" / "back").symlink_to(corpus, target_is_directory=True)
    (corpus / "notes from Ankara é.md").write_text(PROSE, encoding="utf-8")
    found = find_sources([corpus])
    assert sorted(p.name for p in found) == ["clean.md", "notes from Ankara é.md"]
    result = build(str(corpus), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output


def test_a_1_mb_line_without_a_full_stop_is_read_in_bounded_pieces(tmp_path):
    """A 200 kB line with no full stop ran for more than five minutes as one sentence; a 1 MB
    one is now read in pieces of at most 1,000 characters (20 s here, facts and all)."""
    from policykg.sources.sentences import MAX_SENTENCE

    src = tmp_path / "src"
    src.mkdir()
    filler = "the committee met on a grey morning and discussed the budget and the schedule, "
    fact = "Turkey and Malaysia hold joint exercises with NATO, "
    line = "".join(fact if i % 100 == 0 else filler for i in range(13_000)).rstrip(", ")
    assert len(line) > 1_000_000
    (src / "long.md").write_text("# Long\n\n" + line + "\n", encoding="utf-8")
    (document,) = read_sources([src])
    assert len(document.sentences) > len(line) // MAX_SENTENCE
    for sentence in document.sentences:
        assert len(sentence.text) <= MAX_SENTENCE
        assert document.text[sentence.begin : sentence.end] == sentence.text
    assert " ".join(s.text for s in document.sentences[1:]) == line
    started = time.perf_counter()
    result = build(str(src), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 120
    assert "pkg:employs id:joint-exercises" in (tmp_path / "out" / "graph.ttl").read_text()


def _build_without_privileges(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run a build as a user file permissions bind: root reads any file, so as root the build
    runs as nobody (setpriv, from util-linux)."""
    command = [sys.executable, "-c", "import sys; from policykg.cli import main; sys.exit(main())"]
    command += ["build", str(src), "-o", str(out), "--no-html", "--no-cache"]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "HOME": str(out.parent)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_file_or_folder_is_a_located_error_and_nothing_is_written(what: str):
    # a world-readable place: nobody cannot enter pytest's own tmp_path (mode 700, root's)
    base = Path(tempfile.mkdtemp(prefix="policykg-unreadable-"))
    src = base / "src"
    try:
        base.chmod(0o777)
        (src / "private").mkdir(parents=True)
        (src / "clean.md").write_text("# Clean\n\n" + PROSE, encoding="utf-8")
        (src / "private" / "more.md").write_text("# More\n\n" + PROSE, encoding="utf-8")
        for folder in (base, src, src / "private"):
            folder.chmod(0o755)
        locked = src / "private" if what == "folder" else src / "private" / "more.md"
        locked.chmod(0o000)
        result = _build_without_privileges(src, base / "out")
        assert result.returncode == 2, result.stderr
        assert f"private{'' if what == 'folder' else '/more.md'}: error[S001]: cannot read" in (
            result.stderr
        )
        assert "Permission denied" in result.stderr and "Traceback" not in result.stderr
        assert not (base / "out" / "graph.ttl").exists()
    finally:
        if (src / "private").exists():
            (src / "private").chmod(0o755)
        shutil.rmtree(base)


def test_a_50_mb_document_is_refused_before_it_is_read_and_the_limit_can_be_raised(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    big = src / "archive.md"
    with big.open("w", encoding="utf-8") as out:
        out.write("# Archive\n\n")
        for _ in range(525):
            out.write(("Turkey and Pakistan hold joint naval exercises. " * 2_000) + "\n\n")
    assert big.stat().st_size > 50_000_000
    started = time.perf_counter()
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert time.perf_counter() - started < 60
    assert result.exit_code == 2
    assert "archive.md: error[S006]: document of 50.4 MB, more than the limit of 10.0 MB" in (
        result.output
    )
    assert not (tmp_path / "out").exists()

    small = tmp_path / "small"
    small.mkdir()
    (small / "doc.md").write_text("# Doc\n\n" + PROSE * 40, encoding="utf-8")  # about 3 kB
    refused = build(str(small), "-o", str(tmp_path / "o1"), "--max-document-size", "2kB")
    assert refused.exit_code == 2 and "error[S006]" in refused.output
    read = build(str(small), "-o", str(tmp_path / "o2"), "--max-document-size", "4kB", "-q")
    assert read.exit_code == 0, read.output
    assert "pkg:memberOf id:nato" in (tmp_path / "o2" / "graph.ttl").read_text()
    wrong = build(str(small), "-o", str(tmp_path / "o3"), "--max-document-size", "lots")
    assert wrong.exit_code == 2 and "error[U001]: 'lots' is no size" in wrong.output


@pytest.mark.parametrize(
    ("text", "size"),
    [("10MB", 10_000_000), ("500 kB", 500_000), ("1.5GB", 1_500_000_000), ("2MiB", 2 << 20),
     ("123", 123), ("7 bytes", 7), ("10 parsecs", None), ("", None), ("MB", None)],
)  # fmt: skip
def test_sizes_are_read_in_decimal_and_binary_units(text, size):
    from policykg.sources.reader import parse_size

    assert parse_size(text) == size
