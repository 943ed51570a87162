"""Coverage of a rule pack on a corpus: what fired, what never did, what the lexicon misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.pipeline import build, extract
from policykg.rules import load_rules
from policykg.rules.coverage import coverage, coverage_markdown
from policykg.sources import read_text

from .conftest import CASES

runner = CliRunner()
ENGINE = CASES / "engine_rules.yaml"
DOCS = {
    "one": "# Notes\n\nEgypt uses sanctions. Egypt met the Red Sea Command on border patrol boats.",
    "two": "# More\n\nTurkey joined NATO. Qatar visited the Red Sea Command.\n\n"
    "Qatar buys border patrol boats.",
}


@pytest.fixture(scope="module")
def covered():
    pack = load_rules([ENGINE])
    docs = [read_text(text, doc_id=name) for name, text in DOCS.items()]
    return coverage(extract(docs, pack), pack)


def test_coverage_counts_rules_and_concepts_and_lists_the_silent_ones(covered):
    assert covered.documents == 2
    assert covered.rules["employs"] == {"facts": 1, "sentences": 1, "documents": 1}
    assert covered.rules["member-of"] == {"facts": 1, "sentences": 1, "documents": 1}
    assert "fights" in covered.rules_never_fired and "employs" not in covered.rules_never_fired
    assert covered.concepts["egypt"] == {"mentions": 2, "documents": 1}
    assert covered.concepts["qatar"] == {"mentions": 2, "documents": 1}
    assert "militancy" in covered.concepts_never_mentioned
    silent = [(s["document"], s["sentence"], s["entities"]) for s in covered.silent_sentences]
    assert silent == [("one", 3, ["egypt"]), ("two", 3, ["qatar"]), ("two", 4, ["qatar"])]


def test_coverage_finds_recurring_phrases_no_concept_covers(covered):
    (command,) = [c for c in covered.capitalised if c["phrase"] == "Red Sea Command"]
    assert (command["count"], command["documents"], command["document"]) == (2, 2, "one")
    assert command["example"] == "Egypt met the Red Sea Command on border patrol boats."
    assert all(c["phrase"] not in ("Egypt", "Turkey", "NATO") for c in covered.capitalised)
    (boats,) = [n for n in covered.noun_phrases if n["phrase"] == "border patrol boats"]
    assert (boats["count"], boats["documents"]) == (2, 2)
    assert all(n["count"] >= 2 for n in covered.noun_phrases)


def test_coverage_markdown_has_every_section(covered):
    text = coverage_markdown(covered)
    for heading in (
        "# Rule pack coverage",
        "## Relation rules",
        "## Concepts",
        "## Sentences that name entities but yield no fact (3)",
        "## Capitalised phrases no concept covers",
        "## Noun phrases no concept covers (seen twice or more)",
    ):
        assert heading in text
    assert "| employs | 1 | 1 | 1 |" in text
    assert "| Red Sea Command | 2 | 2 |" in text


def test_build_writes_coverage_and_the_command_prints_it(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    for name, text in DOCS.items():
        (tmp_path / "docs" / f"{name}.md").write_text(text)
    build([tmp_path / "docs"], tmp_path / "out", [ENGINE], render=False)
    written = json.loads((tmp_path / "out" / "coverage.json").read_text())
    assert written["rules"]["member-of"]["facts"] == 1
    assert (tmp_path / "out" / "coverage.md").read_text().startswith("# Rule pack coverage")
    result = runner.invoke(
        app, ["coverage", str(tmp_path / "docs"), "--rules", str(ENGINE), "--json"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["rules"] == written["rules"]
    assert printed["uncovered_capitalised_phrases"] == written["uncovered_capitalised_phrases"]
