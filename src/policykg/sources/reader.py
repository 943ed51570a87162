"""Read source files: decode, repair encoding (ftfy), parse Markdown blocks, split sentences.

Offsets: ``Document.text`` is the file's text after encoding repair, and every sentence satisfies
``document.text[s.begin:s.end] == s.text``. Markdown container prefixes ("> ", list markers,
indentation) are skipped when sentences are split, so a sentence never starts with a marker, but a
sentence that wraps over several lines keeps its line breaks as they are in the file.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy
from slugify import slugify

from policykg.errors import SourceError, display_path
from policykg.sources.model import Document, Sentence
from policykg.sources.sentences import split_sentences, trimmed_span

SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".text")
# The largest document read by default: every sentence becomes part of the graph, so a 50 MB file
# (an archive pasted into one document) is half a million sentence nodes; `--max-document-size`
# raises the limit.
MAX_DOCUMENT_BYTES = 10_000_000
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_FIX_CONFIG = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, explain=False)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Raw HTML in Markdown: what is never prose (comments, scripts, styles, code), and the block tags
# that end one run of prose and begin another ("<p>…</p><p>…</p>"). Inline tags stay in the text.
_HTML_NOT_PROSE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|pre|code|template|svg|math|textarea)\b.*?(?:</\1\s*>|\Z)",
    re.S | re.I,
)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|td|th|tr|table|thead|tbody|tfoot|caption|br|hr|section|article|header|"
    r"footer|nav|aside|blockquote|details|summary|figure|figcaption|dl|dt|dd|main|center|"
    r"(?P<h>h[1-6]))\b[^>]*>|<!DOCTYPE[^>]*>|<\?.*?\?>",
    re.S | re.I,
)
_HTML_TAG = re.compile(r"<[^>]*>")


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the sorted list of source files they hold."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _check_folders_readable(path)
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError.at(path, "S001", "no such file or folder")
    unique = sorted(set(found), key=lambda p: display_path(p))
    return unique


def format_size(size: int) -> str:
    """A byte count as people read it: "50.0 MB", "512 kB", "12 bytes" (decimal units)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|bytes?|kb?|mb?|gb?|kib|mib|gib)?\s*", re.IGNORECASE)
_UNITS = {
    "b": 1, "byte": 1, "bytes": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6,
    "g": 10**9, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30,
}  # fmt: skip


def parse_size(text: str) -> int | None:
    """ "10MB", "500 kB", "1.5GB", "50M", "2MiB" or a number of bytes; None if it is none of
    them (also for the benchmarks' --size)."""
    m = _SIZE.fullmatch(text)
    if m is None:
        return None
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "b").lower()])


def _check_folders_readable(root: Path) -> None:
    """A folder the reader may not list is an error, not a silent gap in the corpus (hidden
    folders, which are never read, aside)."""
    errors: list[OSError] = []
    for _ in os.walk(root, onerror=errors.append):
        pass
    for error in errors:
        folder = Path(error.filename or root)
        relative = folder.relative_to(root) if folder.is_relative_to(root) else folder
        if any(part.startswith(".") for part in relative.parts):
            continue
        raise SourceError.at(folder, "S001", f"cannot read folder: {error.strerror or error}")


def read_document(
    path: str | Path,
    doc_id: str | None = None,
    strict: bool = True,
    max_bytes: int | None = MAX_DOCUMENT_BYTES,
) -> Document:
    """Read one source file into a Document; SourceError with a located problem if it cannot.
    Text that is not UTF-8 is an error when ``strict``; otherwise its encoding is detected
    (charset-normalizer) and recorded in ``Document.encoding``. A file larger than
    ``max_bytes`` is an error, found before it is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise SourceError.at(
                path,
                "S006",
                f"document of {format_size(size)}, more than the limit of"
                f" {format_size(max_bytes)}: split it, or raise the limit with"
                " --max-document-size",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError.at(path, "S001", f"cannot read file: {exc.strerror or exc}") from None
    text, encoding = _decode(data, path, strict)
    document = read_text(
        text,
        path=display_path(path),
        doc_id=doc_id or slugify(path.stem) or "document",
        sha256=hashlib.sha256(data).hexdigest(),
        markdown=path.suffix.lower() in _MARKDOWN_SUFFIXES,
    )
    document.encoding = encoding
    return document


def _decode(data: bytes, path: Path, strict: bool = True) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if b"\x00" in data[:8192]:
        raise SourceError.at(path, "S003", "binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = SourceError.at(
            path,
            "S002",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line,
            col,
        )
    if strict:
        raise bad
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:  # no encoding reads it as text
        raise bad
    return str(best), best.encoding


def read_text(
    text: str,
    path: str = "<text>",
    doc_id: str = "text",
    sha256: str | None = None,
    markdown: bool = True,
) -> Document:
    """Build a Document from text already decoded: repair, parse and split it."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    fixed = ftfy.fix_text(text, _FIX_CONFIG) if text else text
    repairs = _count_changes(text, fixed)
    meta, body_start = _front_matter(fixed)
    units = _markdown_units(fixed, body_start) if markdown else _plain_units(fixed, body_start)
    sentences: list[Sentence] = []
    title = meta.get("title", "")
    section = ""
    for unit in units:
        if unit.kind == "heading":
            heading = unit.content.strip().strip("#").strip()
            section = heading
            if not title and unit.level == 1:
                title = heading
        if unit.kind == "heading":
            spans = trimmed_span(unit.content, 0, len(unit.content))
        else:
            spans = split_sentences(unit.content)
        for b, e in spans:
            begin, end = unit.to_raw(b), unit.to_raw(e - 1) + 1
            sentences.append(
                Sentence(len(sentences), begin, end, fixed[begin:end], unit.kind, section)
            )
    if not title:
        first_heading = next((s.text for s in sentences if s.kind == "heading"), "")
        title = first_heading.strip("# ") or Path(path).stem.replace("-", " ").replace("_", " ")
    return Document(doc_id, path, title, fixed, sha256, sentences, meta, repairs)


def _count_changes(before: str, after: str) -> int:
    if before == after:
        return 0
    import difflib

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    """Parse a leading YAML front matter block; return its scalar keys and where the body starts."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, 0
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(m.group(1) or "")
    except YAMLError:
        data = None
    meta = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return meta, m.end()


@dataclass
class _Unit:
    """A block of prose: its content (container prefixes removed) and where each piece stands."""

    kind: str
    content: str
    segments: list[tuple[int, int]]  # (content offset, raw offset) where a run of text starts
    level: int = 0

    def to_raw(self, pos: int) -> int:
        starts = [c for c, _ in self.segments]
        i = bisect.bisect_right(starts, pos) - 1
        c, r = self.segments[i]
        return r + pos - c


def _plain_units(text: str, body_start: int) -> Iterator[_Unit]:
    """Plain text: paragraphs separated by blank lines."""
    start = body_start
    for m in [*_PARAGRAPH_BREAK.finditer(text, body_start), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            yield _Unit("paragraph", text[start:end], [(0, start)])
        start = m.end() if m else end


@cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _markdown_units(text: str, body_start: int) -> Iterator[_Unit]:
    """Markdown: headings, paragraphs, list items and table cells, in reading order."""
    body = text[body_start:]
    line_starts = [body_start]
    for m in re.finditer("\n", body):
        line_starts.append(body_start + m.end())
    tokens = _markdown_parser().parse(body)
    in_item = 0
    kind, level, block_map = "paragraph", 0, None
    for tok in tokens:
        if tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "heading_open":
            kind, level, block_map = "heading", int(tok.tag[1:]), tok.map
        elif tok.type == "paragraph_open":
            kind, level, block_map = ("item" if in_item else "paragraph"), 0, tok.map
        elif tok.type in ("th_open", "td_open"):
            kind, level = "cell", 0
        elif tok.type == "tr_open":
            block_map = tok.map
        elif tok.type == "html_block" and tok.map:
            begin = line_starts[tok.map[0]]
            end = line_starts[tok.map[1]] if tok.map[1] < len(line_starts) else len(text)
            yield from _html_units(text, begin, end)
        elif tok.type == "inline" and tok.content.strip():
            lines = tok.map or block_map
            if lines is None:
                continue
            unit = _align(text, line_starts, lines[0], tok.content, kind, level)
            if unit is not None:
                yield unit


def _html_units(text: str, begin: int, end: int) -> Iterator[_Unit]:
    """The prose of a raw HTML block: the text between its block tags, each run a unit ("<p>Turkey
    joined NATO.</p>" is read; comments, scripts, styles and code never are). Offsets are the
    file's own, inline tags stay in the text."""
    cuts: list[tuple[int, int, str]] = []  # (begin, end, kind of the run that follows)
    for m in _HTML_NOT_PROSE.finditer(text, begin, end):
        cuts.append((m.start(), m.end(), ""))
    for m in _HTML_BLOCK_TAG.finditer(text, begin, end):
        if not any(b <= m.start() < e for b, e, _ in cuts):
            opening = m.group("h") and not m.group().startswith("</")
            cuts.append((m.start(), m.end(), m.group("h").lower() if opening else ""))
    cuts.sort()
    start, kind = begin, ""
    for cut_begin, cut_end, next_kind in [*cuts, (end, end, "")]:
        if cut_begin < start:
            continue
        run = text[start:cut_begin]
        if _HTML_TAG.sub("", run).strip():
            lead = len(run) - len(run.lstrip())
            body = run.strip()
            level = int(kind[1]) if kind else 0
            yield _Unit("heading" if kind else "paragraph", body, [(0, start + lead)], level)
        start, kind = cut_end, next_kind


def _align(
    text: str, line_starts: list[int], first_line: int, content: str, kind: str, level: int
) -> _Unit | None:
    """Find each line of a block's content in the raw lines, so offsets map back exactly."""
    pieces: list[str] = []
    segments: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(content.split("\n")):
        line_no = first_line + i
        if line_no >= len(line_starts):
            break
        line_begin = line_starts[line_no]
        line_end = line_starts[line_no + 1] - 1 if line_no + 1 < len(line_starts) else len(text)
        raw = text[line_begin:line_end]
        needle = part.strip()
        col = raw.rfind(needle) if needle else -1
        if needle and col < 0:
            # The parser normalised this line (tabs, escapes): take the raw line as it is.
            needle = raw.strip()
            col = raw.find(needle)
        if not needle:
            continue
        if pieces:
            pieces.append("\n")
            pos += 1
        segments.append((pos, line_begin + col))
        pieces.append(needle)
        pos += len(needle)
    if not pieces:
        return None
    joined = "".join(pieces)
    return _Unit(kind, joined, segments, level)
