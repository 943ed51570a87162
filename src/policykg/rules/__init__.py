"""Rules: the YAML rule language, its loader and checker, the matcher and the relation engine."""

from policykg.rules.extract import DocumentExtraction, Extraction, Fact, extract_document
from policykg.rules.loader import check_rules, load_rules
from policykg.rules.model import RulePack

__all__ = [
    "DocumentExtraction",
    "Extraction",
    "Fact",
    "RulePack",
    "check_rules",
    "extract_document",
    "load_rules",
]
