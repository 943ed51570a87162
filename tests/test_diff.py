"""`policykg diff`: facts added and removed between two builds, with their evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.diff import diff_graphs
from policykg.graph.store import load_graph
from policykg.pipeline import build

from .conftest import CASES

runner = CliRunner()

TEXT = """# Notes

Egypt uses sanctions. Egypt and Qatar conduct joint exercises. Turkey joined NATO.
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same document built with the engine pack (new) and without its member-of rule (old)."""
    root = tmp_path_factory.mktemp("diff")
    (root / "docs").mkdir()
    (root / "docs" / "notes.md").write_text(TEXT)
    rules = (CASES / "engine_rules.yaml").read_text()
    start = rules.index("  - id: member-of")
    end = rules.index("  - id: joint-with")
    (root / "old.yaml").write_text(rules[:start] + rules[end:])
    build([root / "docs"], root / "old", [root / "old.yaml"], render=False)
    build([root / "docs"], root / "new", [CASES / "engine_rules.yaml"], render=False)
    return root / "old", root / "new"


def test_diff_lists_the_facts_a_rule_adds_with_their_evidence(builds):
    old, new = builds
    result = diff_graphs(load_graph(old / "graph.ttl"), load_graph(new / "graph.ttl"))
    assert [(f.subject, f.prop, f.object) for f in result.added] == [("turkey", "memberOf", "nato")]
    (evidence,) = result.added[0].evidence
    assert (evidence.document, evidence.sentence, evidence.rule) == (
        "notes",
        "Turkey joined NATO.",
        "member-of",
    )
    assert result.removed == []
    # the reverse diff removes it; a graph compared with itself has no change
    back = diff_graphs(load_graph(new / "graph.ttl"), load_graph(old / "graph.ttl"))
    assert [(f.subject, f.prop, f.object) for f in back.removed] == [("turkey", "memberOf", "nato")]
    same = diff_graphs(load_graph(new / "graph.ttl"), load_graph(new / "graph.ttl"))
    assert not same.changed


def test_cli_diff_text_groups_by_property_and_takes_build_folders(builds):
    old, new = builds
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("1 facts added, 0 removed; evidence of unchanged facts: +0 -0")
    assert lines[2:5] == [
        "memberOf (+1 -0)",
        "  + turkey memberOf nato   (Turkey → NATO)",
        "      “Turkey joined NATO.” (notes; rule member-of)",
    ]


def test_cli_diff_json_and_exit_code(builds):
    old, new = builds
    result = runner.invoke(app, ["diff", str(new / "graph.ttl"), str(old), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["added"] == []
    assert data["removed"] == [
        {
            "subject": "turkey",
            "property": "memberOf",
            "object": "nato",
            "subject_label": "Turkey",
            "object_label": "NATO",
            "evidence": [
                {"document": "notes", "sentence": "Turkey joined NATO.", "rule": "member-of"}
            ],
        }
    ]
    assert runner.invoke(app, ["diff", str(old), str(new), "--exit-code"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(new), str(new), "--exit-code"]).exit_code == 0


def test_cli_diff_missing_or_broken_graph_is_a_located_error(builds, tmp_path: Path):
    old, _ = builds
    result = runner.invoke(app, ["diff", str(tmp_path / "nothing"), str(old)])
    assert result.exit_code == 2
    assert "error[G001]: no graph file here" in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b .\n")
    result = runner.invoke(app, ["diff", str(broken), str(old)])
    assert result.exit_code == 2
    assert f"{broken}:" in result.output and "error[G002]" in result.output
