"""Reading documents: bytes → repaired text → Markdown blocks → sentences with character offsets."""

from policykg.sources.model import Document, Sentence
from policykg.sources.reader import SOURCE_SUFFIXES, find_sources, read_document, read_text

__all__ = ["SOURCE_SUFFIXES", "Document", "Sentence", "find_sources", "read_document", "read_text"]
