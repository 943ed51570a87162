"""Golden cases: a small input and rule pack, and the exact graph they must give.

Each folder of tests/cases/golden holds ``input.md``, optionally its own ``rules.yaml`` (otherwise
the folder's shared one), and ``expected.ttl``. Graphs are compared as isomorphic; on a difference
the test prints the triples only one side has. Set POLICYKG_UPDATE_GOLDEN=1 to rewrite the
expected files after a deliberate change (and review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from policykg.graph.store import to_turtle
from policykg.pipeline import build_graph

from .conftest import CASES

GOLDEN = CASES / "golden"
FOLDERS = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def _lines(graph: Graph) -> str:
    return "\n".join(sorted(graph.serialize(format="nt").splitlines()))


@pytest.mark.parametrize("case", FOLDERS, ids=[p.name for p in FOLDERS])
def test_golden_case_graph_is_isomorphic_to_expected(case: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(case)
    rules = case / "rules.yaml" if (case / "rules.yaml").exists() else GOLDEN / "rules.yaml"
    graph = build_graph(["input.md"], [rules]).graph
    expected_path = case / "expected.ttl"
    if os.environ.get("POLICYKG_UPDATE_GOLDEN") == "1" or not expected_path.exists():
        expected_path.write_bytes(to_turtle(graph))
    expected = Graph().parse(expected_path, format="turtle")
    if to_isomorphic(graph) != to_isomorphic(expected):
        _, only_built, only_expected = graph_diff(to_isomorphic(graph), to_isomorphic(expected))
        pytest.fail(
            f"graph of {case.name} differs from expected.ttl\n"
            f"--- only in the build:\n{_lines(only_built)}\n"
            f"--- only in expected.ttl:\n{_lines(only_expected)}"
        )
