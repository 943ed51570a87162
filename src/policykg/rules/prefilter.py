"""Which of the relation rules' regular expressions can match a sentence, from one automaton pass.

Every rule has regular expressions (its trigger and the literal elements of its pattern), and a
rule can fire only where all of them match. Running them all on every sentence was a third of
extraction time. Most of them cannot match without some fixed words: `\\b(?:signed|joined)\\b`
needs "signed" or "joined". This module reads each expression's parse tree for such *required
factors* (a set of strings one of which every match contains), puts the factors of all rules in
one Aho–Corasick automaton, and scans each sentence once: an expression none of whose factors
occur cannot match, and is not run. Expressions with no usable factors are always run.

The test is exact in one direction only: it may let an expression through that then fails, never
stop one that would match. Case is folded by lowering ASCII text; a sentence with other
characters (where Unicode case folding could match a factor in ways lowering does not) skips the
prefilter and runs every expression.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse

import ahocorasick

Factors = frozenset[str] | None  # None: no factor every match needs

_MIN_FACTOR = 2  # a one-letter factor occurs almost everywhere: no use


def required_factors(regex: re.Pattern[str]) -> Factors:
    """Strings, lowercased, one of which every match of ``regex`` contains; None if unknown."""
    return _factors(regex.pattern, regex.flags)


@lru_cache(maxsize=8192)  # `explain` builds a prefilter for one rule at a time
def _factors(pattern: str, flags: int) -> Factors:
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    found = _sequence(parsed)
    if not found or any(len(f) < _MIN_FACTOR or not f.isascii() for f in found):
        return None  # a non-ASCII factor may fold to ASCII letters ("K", the Kelvin sign)
    return frozenset(f.lower() for f in found)


def _sequence(items) -> Factors:
    """A sequence needs what any one of its parts needs: the best part's factors."""
    candidates: list[frozenset[str]] = []
    run = ""

    def close() -> None:
        nonlocal run
        if run:
            candidates.append(frozenset({run}))
            run = ""

    for op, av in items:
        if op == sre.LITERAL:
            run += chr(av)
            continue
        close()
        inner: Factors = None
        if op == sre.SUBPATTERN:
            inner = _sequence(av[3])
        elif op == sre.BRANCH:
            branches = [_sequence(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                inner = frozenset().union(*branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _sequence(av[2])
        elif op == sre.ATOMIC_GROUP:
            inner = _sequence(av)
        if inner:
            candidates.append(inner)
    close()
    if not candidates:
        return None
    return max(candidates, key=lambda fs: (min(len(f) for f in fs), -len(fs)))


class Prefilter:
    """The required factors of a list of rules' expressions, in one automaton."""

    def __init__(self, regexes, owner: object = None):
        self.owner = owner  # what the prefilter was built for (a list of rules)
        self.rules_for: dict[tuple, list] = {}  # the owner's use: its rules by kind of sentence
        self.words_of: dict[int, tuple] = {}  # the owner's use: each rule's expressions
        self.needs: dict[int, frozenset[int] | None] = {}
        ids: dict[str, int] = {}
        for regex in regexes:
            if id(regex) in self.needs:
                continue
            factors = required_factors(regex)
            self.needs[id(regex)] = (
                None if factors is None else frozenset(ids.setdefault(f, len(ids)) for f in factors)
            )
        # each expression's bit; the bits of the expressions each factor lets through, and of
        # those with no factors (always run): a text's possible expressions are one integer
        self.bit: dict[int, int] = {key: 1 << i for i, key in enumerate(self.needs)}
        self.users: dict[int, int] = {}
        self.always = 0
        for key, needs in self.needs.items():
            if needs is None:
                self.always |= self.bit[key]
            for factor in needs or ():
                self.users[factor] = self.users.get(factor, 0) | self.bit[key]
        self.automaton = ahocorasick.Automaton()
        for factor, i in ids.items():
            self.automaton.add_word(factor, i)
        if ids:
            self.automaton.make_automaton()
        self._keep = list(regexes)  # the ids above stay theirs while this object lives

    def present(self, text: str) -> frozenset[int] | None:
        """The factors occurring in ``text``, or None where the prefilter does not apply."""
        if not text.isascii() or not len(self.automaton):
            return None
        return frozenset(i for _, i in self.automaton.iter(text.lower()))

    def possible(self, present: frozenset[int] | None) -> int | None:
        """The expressions that may match a text whose factors are ``present``, as the union of
        their bits (``bits``); None where every one may."""
        if present is None:
            return None
        found = self.always
        for factor in present:
            found |= self.users.get(factor, 0)
        return found

    def bits(self, regexes) -> int:
        """The union of the expressions' bits: a text may match them all only if
        ``bits(regexes) & ~possible(present)`` is 0."""
        found = 0
        for regex in regexes:
            found |= self.bit[id(regex)]
        return found

    def may_match(self, regex: re.Pattern[str], present: frozenset[int] | None) -> bool:
        """False only if ``regex`` cannot match the text whose factors are ``present``."""
        if present is None:
            return True
        needs = self.needs.get(id(regex))
        return needs is None or not needs.isdisjoint(present)
