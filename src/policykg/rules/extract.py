"""Apply a rule pack to a document: mentions, the document's focus, and the facts relation rules fire.

A relation rule is a sequence of elements (the ``subject`` and ``object`` slots, the ``trigger``,
literal regexes) that must stand in that order in one sentence, each at most ``max_gap`` words after
the one before. Slots bind coordinated groups ("Saudi Arabia, Kuwait and Qatar"), so one match
yields a fact for each member of the right class. With ``implicit_subject``, a sentence that names
no subject of the rule's classes before the match takes the document's focus entity instead.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from policykg.rules.lexicon import resolve_term
from policykg.rules.matcher import Mention
from policykg.rules.model import Relation, RulePack
from policykg.sources.model import Document, Sentence

# What may stand between two members of a list: commas, "and", "or", "as well as", and the generic
# head nouns that follow a concept without changing it ("counter-terrorism efforts, …").
_LIST_GAP = re.compile(
    r"(?:\s+(?:efforts?|actions?|operations?|missions?|initiatives?|measures?|activities|"
    r"programmes?|programs?|forces?|capabilities|strategies|networks?))?"
    r"\s*,?\s*(?:(?:and|or|as\s+well\s+as|and/or|along\s+with|&)\s+)?(?:(?:the|its|their)\s+)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, order=True)
class Fact:
    """A triple between entity ids, with a property of the contract."""

    subject: str
    prop: str
    object: str


@dataclass(frozen=True, order=True)
class Extraction:
    """A fact read from a sentence by a rule."""

    sentence: int  # index of the sentence in its document
    fact: Fact
    rule: str
    begin: int  # offsets of the matched span in the document's text
    end: int
    implicit: bool = False


@dataclass(frozen=True)
class _Span:
    begin: int  # offsets in the sentence
    end: int
    members: tuple[Mention, ...] = ()


@dataclass
class DocumentExtraction:
    """What the rules found in one document."""

    document: Document
    focus: Mention | None
    mentions: dict[int, list[Mention]] = field(default_factory=dict)  # by sentence index
    extractions: list[Extraction] = field(default_factory=list)


def extract_document(document: Document, pack: RulePack) -> DocumentExtraction:
    """Find the mentions of every sentence, the document's focus, and every fact the rules fire."""
    by_sentence = assign_mentions(document.sentences, pack.matcher.find(document.text))
    focus = choose_focus(document, by_sentence, pack)
    result = DocumentExtraction(document, focus, by_sentence)
    for sentence in document.sentences:
        result.extractions.extend(
            extract_sentence(sentence, by_sentence.get(sentence.index, []), pack.relations, focus)
        )
    result.extractions = sorted(set(result.extractions))
    return result


def assign_mentions(sentences: list[Sentence], mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Group mentions by the sentence that holds them; a mention across a boundary belongs to none."""
    begins = [s.begin for s in sentences]
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        i = bisect.bisect_right(begins, mention.begin) - 1
        if i >= 0 and mention.end <= sentences[i].end:
            grouped.setdefault(sentences[i].index, []).append(mention)
    return grouped


def choose_focus(
    document: Document, by_sentence: dict[int, list[Mention]], pack: RulePack
) -> Mention | None:
    """The actor the document is about: its front matter's ``focus``, else the first nation of its
    title, else the nation its opening paragraph names most."""
    wanted = document.meta.get("focus")
    if wanted:
        entity = resolve_term(wanted, pack.concepts)
        if entity is not None:
            concept = pack.concepts[entity]
            return Mention(0, 0, concept.id, concept.cls, concept.label, wanted, "front matter")
    sentences = document.sentences
    for s in sentences[:1]:
        if s.kind == "heading":
            nations = [m for m in by_sentence.get(s.index, []) if m.cls == "Nation"]
            if nations:
                return nations[0]
    opening = next((s for s in sentences if s.kind == "paragraph"), None)
    if opening is None:
        return None
    paragraph = [s for s in sentences if s.kind == "paragraph" and s.section == opening.section]
    counts = Counter()
    first: dict[str, Mention] = {}
    for s in paragraph[:3]:
        for m in by_sentence.get(s.index, []):
            if m.cls == "Nation":
                counts[m.entity] += 1
                first.setdefault(m.entity, m)
    if not counts:
        return None
    best = max(counts, key=lambda e: (counts[e], -first[e].begin))
    return first[best]


def _groups(sentence: Sentence, mentions: list[Mention]) -> list[_Span]:
    """Coordinate adjacent mentions into lists: "Turkey, Malaysia and Jordan" is one group."""
    groups: list[_Span] = []
    text = sentence.text
    for m in mentions:
        b, e = m.begin - sentence.begin, m.end - sentence.begin
        if groups and _LIST_GAP.fullmatch(text, groups[-1].end, b):
            last = groups[-1]
            groups[-1] = _Span(last.begin, e, (*last.members, m))
        else:
            groups.append(_Span(b, e, (m,)))
    return groups


def _slot_candidates(groups: list[_Span], classes: frozenset[str]) -> list[_Span]:
    found = []
    for g in groups:
        members = tuple(m for m in g.members if m.cls in classes)
        if members:
            found.append(_Span(g.begin, g.end, members))
    return found


class _SentenceMatch:
    """Searches one rule's element sequence in one sentence."""

    def __init__(self, rule: Relation, sentence: Sentence, groups: list[_Span]):
        self.rule = rule
        self.word_starts = [m.start() for m in _WORD.finditer(sentence.text)]
        self.candidates: dict[str, list[_Span]] = {
            "subject": _slot_candidates(groups, rule.subject),
            "object": _slot_candidates(groups, rule.object),
        }
        text = sentence.text
        if rule.trigger is not None:
            self.candidates["trigger"] = [_Span(*m.span()) for m in rule.trigger.finditer(text)]
        for i, literal in enumerate(rule.literals):
            self.candidates[str(i)] = [
                _Span(*m.span()) for m in literal.finditer(text) if m.end() > m.start()
            ]

    def gap(self, end: int, begin: int) -> int:
        """Words between two positions."""
        return bisect.bisect_left(self.word_starts, begin) - bisect.bisect_left(
            self.word_starts, end
        )

    def matches(self, elements: tuple[str, ...]) -> list[list[_Span]]:
        """Every match of the element sequence, one per candidate of the first element."""
        found = []
        for first in self.candidates.get(elements[0], []):
            rest = self._search(elements, 1, first.end)
            if rest is not None:
                found.append([first, *rest])
        return found

    def _search(self, elements: tuple[str, ...], i: int, after: int) -> list[_Span] | None:
        if i == len(elements):
            return []
        for cand in self.candidates.get(elements[i], []):
            if cand.begin < after:
                continue
            if self.gap(after, cand.begin) > self.rule.max_gap:
                break
            rest = self._search(elements, i + 1, cand.end)
            if rest is not None:
                return [cand, *rest]
        return None

    def negated(self, begin: int, end: int, text: str) -> bool:
        """Whether an ``unless`` phrase stands in the match or in the three words before it."""
        if self.rule.unless is None:
            return False
        i = bisect.bisect_left(self.word_starts, begin)
        start = self.word_starts[max(0, i - 3)] if i else begin
        return self.rule.unless.search(text, start, end) is not None


def extract_sentence(
    sentence: Sentence, mentions: list[Mention], rules: list[Relation], focus: Mention | None
) -> list[Extraction]:
    """Every fact the relation rules fire in one sentence."""
    if not mentions:
        return []
    groups = _groups(sentence, mentions)
    found: list[Extraction] = []
    for rule in rules:
        if sentence.kind not in rule.applies_to:
            continue
        search = _SentenceMatch(rule, sentence, groups)
        if not search.candidates["object"]:
            continue
        explicit_keys = set()
        if "subject" in rule.pattern:
            for match in search.matches(rule.pattern):
                binding = dict(zip(rule.pattern, match, strict=True))
                explicit_keys.add(tuple(s for e, s in binding.items() if e != "subject"))
                found.extend(_emit(rule, sentence, search, binding, match, None))
        if rule.implicit_subject and focus is not None and focus.cls in rule.subject:
            reduced = tuple(e for e in rule.pattern if e != "subject")
            for match in search.matches(reduced):
                if tuple(match) in explicit_keys:
                    continue
                if _names_subject(rule, search, match):
                    continue
                binding = dict(zip(reduced, match, strict=True))
                found.extend(_emit(rule, sentence, search, binding, match, focus))
    return found


def _names_subject(rule: Relation, search: _SentenceMatch, match: list[_Span]) -> bool:
    """Whether the sentence names a subject where the pattern would look for one."""
    subjects = search.candidates["subject"]
    if not subjects:
        return False
    position = rule.pattern.index("subject") if "subject" in rule.pattern else -1
    if position == 0:
        return any(s.end <= match[0].begin for s in subjects)
    if position == len(rule.pattern) - 1:
        return any(s.begin >= match[-1].end for s in subjects)
    return position >= 0


def _emit(
    rule: Relation,
    sentence: Sentence,
    search: _SentenceMatch,
    binding: dict[str, _Span],
    match: list[_Span],
    focus: Mention | None,
) -> list[Extraction]:
    begin, end = match[0].begin, match[-1].end
    if search.negated(begin, end, sentence.text):
        return []
    slots: dict[str, tuple[str, ...]] = {}
    slots["subject"] = (
        (focus.entity,) if focus is not None else tuple(m.entity for m in binding["subject"].members)
    )
    slots["object"] = tuple(m.entity for m in binding["object"].members)
    out = []
    for s, p, o in rule.emit:
        for subj in slots.get(s, (s,)):
            for obj in slots.get(o, (o,)):
                if subj != obj:
                    out.append(
                        Extraction(
                            sentence.index,
                            Fact(subj, p, obj),
                            rule.id,
                            sentence.begin + begin,
                            sentence.begin + end,
                            focus is not None,
                        )
                    )
    return out
