"""Verbs in running text, without a parser.

A rule with ``trigger_any_verb`` takes the first verb after its subject as its trigger ("Indonesia
treats maritime security as…", "Saudi Arabia and Iran agreed to restore diplomatic relations"), so
it reads verbs nobody listed. A word is a verb when the lemminflect dictionary knows it as a verb
form. Many such words are nouns too ("exercises", "talks", "forces", "border"); those count as verbs
only where English puts a verb: right after a name, an auxiliary, "to", an adverb or a comma.
Auxiliaries are never the trigger, and a participle after a form of "be" is passive ("Iran was hit
by sanctions"): no trigger either, the subject did not act.
"""

from __future__ import annotations

import re
from functools import lru_cache

_BE = frozenset("am is are was were be been being".split())  # noqa: SIM905
AUXILIARIES = _BE | frozenset(
    "have has had having do does did will would shall should can could may might must".split()  # noqa: SIM905
)
_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?:-[a-z]+)*(?![\w-])")
# What may stand right before a verb that is also a noun: "to", a pronoun, a plural actor noun, an
# auxiliary, an adverb, a comma.
_VERB_BEFORE = re.compile(
    r"(?:\b(?:to|it|they|who|which|countries|nations|states|governments|sides|"
    + "|".join(sorted(AUXILIARIES))
    + r"|also|then|now|still|jointly|regularly|"
    r"often|already|recently|later|since|together|\w+ly)|,)\s+$",
    re.IGNORECASE,
)
# After "and", a word that is also a noun is a verb when an article, a possessive or a name follows
# it: "trade with Kabul and back a railway", "buys turbines and exports gas", not "trade and talks".
_AND_BEFORE = re.compile(r"\b(?:and|or|but)\s+$", re.IGNORECASE)
_ARTICLE_AFTER = re.compile(r"\s+(?:a|an|the|its|their|this|these|those)\b", re.IGNORECASE)
_BE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(_BE)) + r")\s+(?:\w+ly\s+|not\s+)?$", re.I)
# A participle after an article or a possessive describes a noun: "opened a renovated air base",
# "signed the revised agreement".
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|this|these|those)\s+(?:\w+ly\s+)?$", re.I
)


@lru_cache(maxsize=65536)
def verb_kind(word: str) -> str | None:
    """ "verb" for a word only the dictionary's verbs know, "ambiguous" for one that is also a noun
    or an adjective, None for a word that is no verb (or an auxiliary)."""
    import lemminflect

    if word in AUXILIARIES or not lemminflect.getAllLemmas(word, upos="VERB"):
        return None
    other = lemminflect.getAllLemmas(word, upos="NOUN") or lemminflect.getAllLemmas(word, "ADJ")
    return "ambiguous" if other else "verb"


def _next_word(text: str, end: int) -> int:
    """Where the word after position ``end`` begins."""
    return _SPACES.match(text, end).end()


_SPACES = re.compile(r"\s*")


@lru_cache(maxsize=65536)
def _participle(word: str) -> bool:
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word, upos="VERB").get("VERB", ())
    return any(word in lemminflect.getInflection(lemma, "VBN") for lemma in lemmas)


@lru_cache(maxsize=256)  # the rules of one sentence ask for the same spans
def verb_spans(
    text: str, names: tuple[tuple[int, int], ...], name_ends: frozenset[int]
) -> tuple[tuple[int, int], ...]:
    """The spans of the verbs of ``text`` outside the ``names`` spans, a verb chained to the one
    before it by "to" or an adverb joined to it ("agreed to restore", "has begun to conduct").
    ``name_ends`` are the ends of names a verb may follow at once (not a demonym: "Somali
    soldiers" are no Somalia soldiering)."""
    found: list[tuple[int, int]] = []
    for begin, end in _verbs(text, names, name_ends):
        if found and _CHAIN.fullmatch(text, found[-1][1], begin):
            found[-1] = (found[-1][0], end)
        else:
            found.append((begin, end))
    return tuple(found)


# a date may stand between: "agreed in 2016 to build", "decided in March 2024 to send"; and what
# a state became the first to do: "became the first country to open a consulate"
_CHAIN = re.compile(
    r"\s+(?:(?:in|on|by)\s+(?:[A-Z][a-z]+\s+)?\d{4}\s+)?"
    r"(?:(?:the\s+(?:first|second|third|last|only|latest)\s+(?:[\w-]+\s+)?"
    r"(?:country|state|nation|government|member|one)\s+)?to\s+)?(?:\w+ly\s+)?"
)


def _verbs(text: str, names: list[tuple[int, int]], ends: set[int]):
    found = []
    begins = {b for b, _ in names}
    for m in _WORD.finditer(text):
        begin, end = m.span()
        if any(b < end and begin < e for b, e in names):
            continue
        kind = verb_kind(m.group())
        if kind is None:
            continue
        before = text[max(0, begin - 40) : begin]
        if kind == "ambiguous" and not (
            _VERB_BEFORE.search(before)
            or begin - len(before) + len(before.rstrip()) in ends
            or (
                _AND_BEFORE.search(before)
                and (_ARTICLE_AFTER.match(text, end) or _next_word(text, end) in begins)
            )
        ):
            continue
        if (_BE_BEFORE.search(before) or _DETERMINER_BEFORE.search(before)) and _participle(
            m.group()
        ):
            continue
        found.append((begin, end))
    return found
