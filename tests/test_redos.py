"""Regexes that backtrack catastrophically are refused before they run (issue 8)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.rules import load_rules
from policykg.rules.redos import catastrophic_backtracking

from .conftest import ROOT

CATASTROPHIC = [
    r"(a+)+$",
    r"(?:\w+\s?)+,",
    r"(?:.*,)*x",
    r"((ab)+)+c",
    r"(?:a|b|ab)+$",  # ("a|a" Python merges into one: not slow)
    r"(a|aa)+$",
    r"(a+){2,6}!",
    r"(?i)(?:[A-Z]+)+ Council$",
    r"\bsent\b(?:\W+[\w-]+){0,10}?\W+to\b",  # the bundled rule before this check found it
]
SAFE = [
    r"(?:[\w-]+\s+){0,3}drones",  # a space ends each word, which the word cannot match
    r"(?:\s*,\s*\w+)*",
    r"([a-z]+\.)+com",
    r"\b(?:of|for)+\b",
    r"(?:a++)+$",  # possessive: never backtracks
    r"(?>a+)+$",  # atomic
    r"(a+){0,2}$",  # two passes at most: n ways, not n^k
    r"(?:and\s+[\w-]+\s+){0,3}?drones",  # ambiguous, but a shorter cut always succeeds
    r"\bsent\b(?:[^\w-]+[\w-]+){0,10}?[^\w-]+to\b",
]


@pytest.mark.parametrize("regex", CATASTROPHIC)
def test_a_catastrophic_regex_is_found_and_really_is_slow(regex: str):
    assert catastrophic_backtracking(regex) is not None


@pytest.mark.parametrize("regex", SAFE)
def test_a_safe_regex_passes(regex: str):
    assert catastrophic_backtracking(regex) is None


def test_every_regex_of_the_bundled_pack_passes_and_stays_fast_on_hostile_text():
    pack = load_rules([ROOT / "src" / "policykg" / "ontology" / "rules"])
    regexes = [p.regex for p in pack.patterns]
    for rule in pack.relations:
        regexes += [
            r
            for r in (rule.trigger, rule.unless, rule.unless_after, *rule.literals)
            if r is not None
        ]
    assert len(regexes) > 200
    hostile = [
        "sent " + "\t-" * 500 + "!",
        "received " + "- " * 500 + "x",
        "deployed " + ", " * 500 + "at",
        "gifted tanks" + " and tanks" * 100 + " and tanksx",
        "a" * 1000 + "!",
    ]
    for regex in regexes:
        assert catastrophic_backtracking(regex.pattern, regex.flags & ~re.UNICODE) is None
        for text in hostile:
            started = time.perf_counter()
            regex.search(text)
            assert time.perf_counter() - started < 0.5, (regex.pattern[:80], text[:30])


def test_a_build_with_a_catastrophic_rule_stops_at_once_with_the_rule_located(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "doc.md").write_text("# Doc\n\n" + "a" * 40 + "!\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "patterns:\n  - id: letters\n    class: Organization\n    regex: '(a+)+$'\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-c", "import sys; from policykg.cli import main; sys.exit(main())"]
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "build", str(src), "-o", str(tmp_path / "out"), "-r", str(rules), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.perf_counter() - started < 60
    assert result.returncode == 2, result.stderr
    assert "rules.yaml:4:12: error[R021]: regular expression can backtrack" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()
