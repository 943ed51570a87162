"""The document model: what the reader hands to the rules."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading, or a list item) with offsets into its document's text."""

    index: int  # position in the document, 0-based
    begin: int  # character offset of the first character in Document.text
    end: int  # offset one past the last character: Document.text[begin:end] == text
    text: str
    kind: str  # "heading", "paragraph", "item" (list item) or "cell" (table cell)
    section: str  # the title of the nearest heading above, "" before any


@dataclass
class Document:
    """A source document after encoding repair, split into sentences."""

    id: str  # stable slug, unique within a build
    path: str  # as shown to users and written to dcterms:source
    title: str
    text: str  # the whole file as read, after encoding repair (offsets point into it)
    sha256: str  # of the file's bytes as delivered
    sentences: list[Sentence] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # front matter (id, title, focus, …)
    repairs: int = 0  # characters changed by encoding repair (0: the text was clean)
    encoding: str = "utf-8"  # what the file was decoded as (detected when it was not UTF-8)
