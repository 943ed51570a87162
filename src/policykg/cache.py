"""The per-document extraction cache: a rebuild extracts only the documents that changed.

An entry is keyed by the document's content (its text, title, front matter and sentence spans),
the rule pack's files, policykg's version and the source of the code that extracts (the rules
engine and the reader), so an edited document, an edited rule, a new release or a changed
extractor between releases never reuses an old result. Entries are JSON (never pickle: a cache
folder is not a place to run code from) behind a header line with the SHA-256 of the body; an
entry whose digest, format or contents do not check out is counted as corrupt, extracted again and
rewritten, never trusted.
Entries are written once the build has written its outputs (a failed build leaves the output
folder as it was), each atomically, so a build killed while writing leaves no half entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path

from policykg import __version__
from policykg.rules.extract import Extraction, Fact
from policykg.rules.matcher import Mention
from policykg.rules.model import RulePack
from policykg.sources import Document

FORMAT = 1
MAGIC = "policykg-extraction-cache"

Found = tuple[Mention | None, dict[int, list[Mention]], list[Extraction]]


@cache
def _code_digest() -> str:
    """The SHA-256 of the modules whose behaviour an entry records: the rules engine and the
    reader (a few hundred kB, read once per process)."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted((*root.glob("rules/*.py"), *root.glob("sources/*.py"))):
        h.update(f"{path.relative_to(root).as_posix()}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    pruned: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class ExtractionCache:
    """Extraction results by document, in ``folder`` (one file per document content)."""

    def __init__(self, folder: str | Path, pack: RulePack):
        self.folder = Path(folder)
        pack_digest = hashlib.sha256()
        for path, digest in pack.files:
            pack_digest.update(f"{Path(path).name}\0{digest}\n".encode())
        self.salt = f"{MAGIC}/{FORMAT}/{__version__}/{_code_digest()}/{pack_digest.hexdigest()}"
        self.stats = CacheStats()
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}

    def key(self, document: Document) -> str:
        h = hashlib.sha256(self.salt.encode())
        h.update(document.text.encode("utf-8"))
        spans = [(s.begin, s.end, s.kind) for s in document.sentences]
        h.update(json.dumps([document.title, sorted(document.meta.items()), spans]).encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, document: Document) -> Found | None:
        """The cached result, or None when there is none or it does not check out."""
        key = self.key(document)
        self.used.add(key)
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        try:
            found = _decode(data, key)
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            self.stats.corrupt += 1
            return None
        self.stats.hits += 1
        return found

    def put(self, document: Document, found: Found) -> None:
        """Keep a result, to be written by ``commit`` (a build that fails writes nothing)."""
        key = self.key(document)
        self.used.add(key)
        self.pending[key] = _encode(found, key)

    def commit(self) -> None:
        """Write the results kept, each entry atomically, then prune."""
        from policykg.graph.store import write_atomic

        for key, data in sorted(self.pending.items()):
            write_atomic(self._path(key), data)
        self.pending.clear()
        self.prune()

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of documents and rules)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                self.stats.pruned += 1


def _encode(found: Found, key: str) -> bytes:
    focus, mentions, extractions = found
    body = json.dumps(
        {
            "key": key,
            "focus": list(astuple(focus)) if focus else None,
            "mentions": {str(i): [list(astuple(m)) for m in ms] for i, ms in mentions.items()},
            "extractions": [
                [e.sentence, list(astuple(e.fact)), e.rule, e.begin, e.end, e.implicit, e.modality]
                for e in extractions
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    return f"{MAGIC} {FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode() + body


def _decode(data: bytes, key: str) -> Found:
    header, _, body = data.partition(b"\n")
    magic, version, digest = header.decode("ascii").split(" ")
    if magic != MAGIC or version != str(FORMAT):
        raise ValueError("not a cache entry of this format")
    if hashlib.sha256(body).hexdigest() != digest:
        raise ValueError("the entry's digest does not match its contents")
    data = json.loads(body)
    if data["key"] != key:
        raise ValueError("the entry is another document's")
    focus = _mention(data["focus"]) if data["focus"] else None
    mentions = {int(i): [_mention(m) for m in ms] for i, ms in data["mentions"].items()}
    extractions = [
        Extraction(int(s), Fact(*map(str, fact)), str(rule), int(b), int(e), bool(i), str(mod))
        for s, fact, rule, b, e, i, mod in data["extractions"]
    ]
    return focus, mentions, extractions


def _mention(row: list) -> Mention:
    begin, end, entity, cls, label, surface, via, verbal = row
    return Mention(
        int(begin),
        int(end),
        str(entity),
        str(cls),
        str(label),
        str(surface),
        str(via),
        bool(verbal),
    )
