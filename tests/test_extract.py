"""The relation engine: slots and lists, triggers and gaps, negation, implicit subjects, focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.rules import load_rules
from policykg.rules.extract import extract_document
from policykg.sources import read_text

from .conftest import CASES


@pytest.fixture(scope="module")
def rules():
    return load_rules([CASES / "golden" / "rules.yaml"])


def facts(rules, text: str, **meta: str) -> set[tuple[str, str, str, bool]]:
    doc = read_text(text)
    doc.meta.update(meta)
    result = extract_document(doc, rules)
    return {(e.fact.subject, e.fact.prop, e.fact.object, e.implicit) for e in result.extractions}


def test_extract_lists_yield_one_fact_per_member(rules):
    found = facts(rules, "Saudi Arabia, Kuwait, and Qatar as well as Jordan joined NATO.")
    assert found == {
        (n, "memberOf", "nato", False) for n in ("saudi-arabia", "kuwait", "qatar", "jordan")
    }


def test_extract_negation_cancels_a_rule(rules):
    assert facts(rules, "Pakistan has never joined NATO.") == set()
    assert facts(rules, "Egypt is not allied with Jordan.") == set()


def test_extract_gap_limit_stops_long_distance_matches(rules):
    text = "Egypt, after many long years of very difficult and protracted talks, joined NATO."
    # Egypt is too far from "joined" to be its subject, and, being named, blocks the focus too.
    assert facts(rules, text, focus="Qatar") == set()
    assert facts(rules, "Egypt, after long talks, joined NATO.", focus="Qatar") == {
        ("egypt", "memberOf", "nato", False)
    }


def test_extract_implicit_subject_takes_the_focus_and_says_so(rules):
    text = "# Relations of Jordan\n\nIt maintains an alliance with Turkey. Joined NATO in 2001."
    assert facts(rules, text) == {
        ("jordan", "alliedWith", "turkey", True),
        ("jordan", "memberOf", "nato", True),
    }


def test_extract_implicit_subject_is_not_used_when_the_sentence_names_one(rules):
    text = "# Relations of Jordan\n\nEgypt maintains an alliance with Turkey."
    assert facts(rules, text) == {("egypt", "alliedWith", "turkey", False)}


def test_extract_no_focus_means_no_implicit_facts(rules):
    assert facts(rules, "# Notes\n\nIt joined NATO.") == set()


def test_extract_front_matter_focus_overrides_the_title(rules):
    text = "---\nfocus: Qatar\n---\n# Relations of Jordan\n\nIt joined NATO."
    assert facts(rules, text) == {("qatar", "memberOf", "nato", True)}


def test_extract_headings_do_not_fire_relation_rules(rules):
    assert facts(rules, "# Egypt allied with Jordan\n\nNothing here.") == set()


def test_extract_evidence_span_is_the_matched_text(rules, tmp_path: Path):
    doc = read_text("# Gulf\n\nQatar holds joint drills every year.")
    result = extract_document(doc, rules)
    (ex,) = result.extractions
    assert doc.text[ex.begin : ex.end] == "Qatar holds joint drills"
