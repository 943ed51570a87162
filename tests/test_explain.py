"""`policykg explain`: mentions, each rule's verdict, the facts; compared with stored snapshots.

Run with ``POLICYKG_UPDATE_SNAPSHOTS=1`` to rewrite the snapshots after an intended change, then
read the diff of ``tests/cases/explain/`` before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.rules import load_rules
from policykg.rules.explain import ABSENT, FIRED, NEAR, explain_document
from policykg.sources import read_text

from .conftest import CASES

runner = CliRunner()
SNAPSHOTS = CASES / "explain"
ENGINE = CASES / "engine_rules.yaml"

CASES_TO_EXPLAIN = {
    # name: (arguments after "explain")
    "fired-and-negated": ["# Jordan\n\nIt fights militancy. Egypt does not use sanctions."],
    "far-apart-all": [
        "# Notes\n\nEgypt after many long years of very difficult protracted talks joined NATO.",
        "--all",
    ],
    "one-sentence-with-focus": [
        "Egypt met Turkey. It revived the peace treaty and holds joint exercises with Qatar.",
        "--sentence",
        "2",
        "--focus",
        "Qatar",
    ],
}


@pytest.mark.parametrize("name", sorted(CASES_TO_EXPLAIN))
def test_explain_output_matches_its_snapshot(name: str):
    result = runner.invoke(app, ["explain", *CASES_TO_EXPLAIN[name], "--rules", str(ENGINE)])
    assert result.exit_code == 0, result.output
    snapshot = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("POLICYKG_UPDATE_SNAPSHOTS"):
        snapshot.write_text(result.output)
    assert result.output == snapshot.read_text()


def test_explain_verdicts_say_why_a_rule_did_not_fire():
    pack = load_rules([ENGINE])
    doc = read_text("# Notes\n\nEgypt does not use sanctions. Turkey joined NATO.")
    first, second = explain_document(doc, pack, only={1, 2})
    verdicts = {v.rule: v for v in first.verdicts}
    assert (verdicts["employs"].status, verdicts["employs"].reason) == (NEAR, "cancelled by “not”")
    assert verdicts["member-of"].status == ABSENT
    assert verdicts["member-of"].reason == "no object: the sentence names no Organization"
    assert first.extractions == ()
    fired = {v.rule: v for v in second.verdicts if v.status == FIRED}
    assert [e.fact for e in fired["member-of"].extractions] == [e.fact for e in second.extractions]


def test_explain_file_reads_the_document_as_build_does(tmp_path: Path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Jordan\n\nJordan hosts talks.\n\nIt uses sanctions.\n")
    result = runner.invoke(
        app, ["explain", "--file", str(doc), "--sentence", "3", "--rules", str(ENGINE)]
    )
    assert result.exit_code == 0, result.output
    assert "jordan employs sanctions" in result.output
    assert "sentence 2" not in result.output


def test_explain_usage_errors_are_located():
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 2
    assert "error[U003]: give either TEXT or --file FILE" in result.output
    result = runner.invoke(app, ["explain", "Egypt uses sanctions.", "--sentence", "3"])
    assert result.exit_code == 2
    assert "error[U004]: no sentence 3: the document has 1 (numbered from 1)" in result.output


def test_explain_colours_only_a_terminal():
    args = ["explain", "Egypt uses sanctions.", "--rules", str(ENGINE)]
    plain = runner.invoke(app, args)
    assert "\x1b[" not in plain.output
    coloured = runner.invoke(app, args, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in coloured.output
    assert "employs" in coloured.output
