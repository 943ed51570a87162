"""The prefilter of the rules' regular expressions: the factors it reads off a pattern, and its
one promise, that it never stops an expression that would match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.pipeline import read_sources
from policykg.rules.loader import load_rules
from policykg.rules.prefilter import Prefilter, required_factors

from .conftest import ROOT, SOURCES


@pytest.mark.parametrize(
    ("pattern", "flags", "factors"),
    [
        (r"\b(?:signed|joined)\b", re.I, {"signed", "joined"}),
        # the parser moves a common prefix out of an alternation: "all" is what both need
        (r"(?<![\w-])(?:allied[\s-]+with|ally)(?![\w-])", re.I, {"all"}),
        (r"members\s+of\b", 0, {"members"}),
        # the part whose shortest factor is longest, then the one with fewest factors
        (r"\b(?:United|Joint)\s+Task\s+Force\b", 0, {"force"}),
        (r"(?:deploy\w*)?\s+at\s+the\s+request\s+of", re.I, {"request"}),
        (r"(?:ab)+cd", 0, {"ab"}),  # a repeat with min 1 requires its body (tie: the first)
        (r"(?:xyz)?q", 0, None),  # an optional group requires nothing, "q" is too short
        (r"[A-Z]\w+", 0, None),
        (r"['’]s\b", 0, None),
        (r"Türkiye|Turkey", 0, None),  # a non-ASCII factor: Unicode folding may differ
        (r"(?-i:[A-Z])\w+\s+Patrols?", re.I, {"patrol"}),
    ],
)
def test_factors_read_off_a_pattern(pattern, flags, factors):
    found = required_factors(re.compile(pattern, flags))
    assert found == (frozenset(factors) if factors is not None else None)


def bundled_regexes() -> list[re.Pattern[str]]:
    pack = load_rules()
    return [r for rule in pack.relations for r in (rule.trigger, *rule.literals) if r is not None]


REGEXES = bundled_regexes()
PREFILTER = Prefilter(REGEXES)


def test_almost_every_bundled_expression_has_factors():
    usable = sum(PREFILTER.needs[id(r)] is not None for r in REGEXES)
    assert usable / len(REGEXES) > 0.95


def test_no_expression_that_matches_a_real_sentence_is_stopped():
    folders = [SOURCES, *sorted(p for p in (ROOT / "tests" / "eval").iterdir() if p.is_dir())]
    sentences = [s.text for d in read_sources(folders) for s in d.sentences]
    assert len(sentences) > 500
    checked = stopped = 0
    for text in sentences:
        present = PREFILTER.present(text)
        for regex in REGEXES:
            may = PREFILTER.may_match(regex, present)
            stopped += not may
            if regex.search(text):
                checked += 1
                assert may, (regex.pattern, text)
    assert checked > 500 and stopped > len(sentences) * len(REGEXES) // 2


# text made of the very words the factors are made of, so that matches are frequent
_WORDS = sorted({f for r in REGEXES if (n := required_factors(r)) for f in n})[:400]
_TOKENS = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(["the", "and", "with", "of", "to", "Turkey", "NATO", "'s", ",", "-"]),
    st.text(alphabet="abcdeiklmnorstuyABST -,'’", max_size=6),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, min_size=1, max_size=25), st.sampled_from([" ", "  ", "-", ""]))
def test_the_prefilter_never_stops_a_match_on_any_text(tokens, joiner):
    text = joiner.join(tokens)
    present = PREFILTER.present(text)
    for regex in REGEXES:
        if regex.search(text):
            assert PREFILTER.may_match(regex, present), (regex.pattern, text)


def test_text_beyond_ascii_skips_the_prefilter():
    assert PREFILTER.present("Türkiye signed the pact") is None
    assert all(PREFILTER.may_match(r, None) for r in REGEXES)
