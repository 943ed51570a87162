"""What a rule pack covers in a corpus, and what it misses: the rule author's to-do list.

From the extraction results of a build: how often each relation rule and each concept fired (and
in how many documents), the rules and concepts that never did, the sentences that name entities but
yield no fact, and the phrases no concept covers that recur (capitalised names, and noun phrases
whose last word is a noun): candidates for the lexicon, each with its count and an example.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from policykg.rules.extract import DocumentExtraction
from policykg.rules.model import RulePack

# Words that neither start nor end a candidate phrase, and never stand in a noun phrase.
_STOP = frozenset(
    """a an the and or but nor of to in on at by for from with without into onto over under
    about against between among through during before after above below up down out off again
    further then once here there when where why how all any both each few more most other some
    such no not only own same so than too very can will just should now also its it their they
    them this that these those which who whom whose what is are was were be been being have has
    had having do does did its his her our your my we you he she i as if while because until
    whether per via upon within across towards toward around including like many much one two
    three four five first second new old major key several various further based""".split()  # noqa: SIM905
)
# Capitalised words that name no entity: months, days, and words capitalised by position.
_NOT_NAMES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Briefing Key Analysts Officials
    However Moreover Meanwhile Since Under Together According""".split()  # noqa: SIM905
)
_CAPITALISED = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|the|and|on|de|al|el)\s+)*[A-Z][\w'’-]*)*"
)
_WORD = re.compile(r"[A-Za-z][a-z'’-]*[a-z]|[a-z]")


@dataclass
class Coverage:
    documents: int
    sentences: int
    rules: dict[str, dict[str, int]]  # rule id -> {"facts", "sentences", "documents"}
    concepts: dict[str, dict[str, int]]  # concept id -> {"mentions", "documents"}
    rules_never_fired: list[str]
    concepts_never_mentioned: list[str]
    silent_sentences: list[dict]  # sentences naming entities with no fact
    capitalised: list[dict]  # {"phrase", "count", "documents", "example", "document"}
    noun_phrases: list[dict]
    patterns: dict[str, int] = field(default_factory=dict)  # entity pattern id -> mentions

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "rules": self.rules,
            "rules_never_fired": self.rules_never_fired,
            "concepts": self.concepts,
            "concepts_never_mentioned": self.concepts_never_mentioned,
            "entity_patterns": self.patterns,
            "sentences_with_entities_but_no_fact": self.silent_sentences,
            "uncovered_capitalised_phrases": self.capitalised,
            "uncovered_noun_phrases": self.noun_phrases,
        }


def coverage(results: list[DocumentExtraction], pack: RulePack, top: int = 30) -> Coverage:
    """Measure the pack's coverage of a corpus from its extraction results."""
    rule_facts: Counter[str] = Counter()
    rule_sentences: dict[str, set] = defaultdict(set)
    rule_documents: dict[str, set] = defaultdict(set)
    concept_mentions: Counter[str] = Counter()
    concept_documents: dict[str, set] = defaultdict(set)
    pattern_mentions: Counter[str] = Counter()
    silent = []
    capitalised = _Phrases()
    nouns = _Phrases()
    for r in results:
        doc = r.document
        with_facts = {e.sentence for e in r.extractions}
        for e in r.extractions:
            rule_facts[e.rule] += 1
            rule_sentences[e.rule].add((doc.id, e.sentence))
            rule_documents[e.rule].add(doc.id)
        for sentence in doc.sentences:
            mentions = r.mentions.get(sentence.index, [])
            for m in mentions:
                if m.entity in pack.concepts:
                    concept_mentions[m.entity] += 1
                    concept_documents[m.entity].add(doc.id)
                if m.via.startswith("pattern"):
                    pattern_mentions[m.via.split("'")[1]] += 1
            text = " ".join(sentence.text.split())
            if mentions and sentence.kind != "heading" and sentence.index not in with_facts:
                silent.append(
                    {
                        "document": doc.id,
                        "sentence": sentence.index + 1,
                        "text": text,
                        "entities": sorted({m.entity for m in mentions}),
                    }
                )
            taken = [(m.begin - sentence.begin, m.end - sentence.begin) for m in mentions]
            if sentence.kind != "heading":  # headings are in title case
                for phrase in _capitalised(sentence.text, taken):
                    capitalised.add(phrase, doc.id, text)
            for phrase in _noun_phrases(sentence.text, taken):
                nouns.add(phrase, doc.id, text)
    rules = {
        rule.id: {
            "facts": rule_facts[rule.id],
            "sentences": len(rule_sentences[rule.id]),
            "documents": len(rule_documents[rule.id]),
        }
        for rule in pack.relations
    }
    concepts = {
        cid: {"mentions": concept_mentions[cid], "documents": len(concept_documents[cid])}
        for cid in sorted(concept_mentions)
    }
    return Coverage(
        documents=len(results),
        sentences=sum(len(r.document.sentences) for r in results),
        rules=rules,
        concepts=concepts,
        rules_never_fired=[rule.id for rule in pack.relations if not rule_facts[rule.id]],
        concepts_never_mentioned=sorted(set(pack.concepts) - set(concept_mentions)),
        silent_sentences=silent,
        capitalised=capitalised.top(top, minimum=1),
        noun_phrases=nouns.top(top, minimum=2),
        patterns=dict(sorted(pattern_mentions.items())),
    )


class _Phrases:
    """Counts of phrases, with the documents they appear in and a first example sentence."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.documents: dict[str, set[str]] = defaultdict(set)
        self.example: dict[str, tuple[str, str]] = {}

    def add(self, phrase: str, document: str, sentence: str) -> None:
        self.counts[phrase] += 1
        self.documents[phrase].add(document)
        self.example.setdefault(phrase, (document, sentence))

    def top(self, n: int, minimum: int) -> list[dict]:
        ranked = sorted(
            (p for p, c in self.counts.items() if c >= minimum),
            key=lambda p: (-self.counts[p], -len(self.documents[p]), p.lower()),
        )
        return [
            {
                "phrase": p,
                "count": self.counts[p],
                "documents": len(self.documents[p]),
                "document": self.example[p][0],
                "example": self.example[p][1],
            }
            for p in ranked[:n]
        ]


def _free(begin: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return not any(b < end and begin < e for b, e in taken)


def _capitalised(text: str, taken: list[tuple[int, int]]):
    """Capitalised names outside mentions; a single word opening the sentence is no name."""
    for m in _CAPITALISED.finditer(text):
        phrase = re.sub(r"['’]s?$", "", " ".join(m.group().split()))
        words = phrase.split()
        while words and words[0].lower() in _STOP:
            words = words[1:]
        while words and words[-1].lower() in _STOP:
            words = words[:-1]
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if not words or (len(words) == 1 and (m.start() == 0 or len(words[0]) < 3)):
            continue
        if _free(m.start(), m.end(), taken):
            yield " ".join(words)


@lru_cache(maxsize=65536)
def _noun(word: str) -> bool:
    import lemminflect

    return bool(lemminflect.getAllLemmas(word, upos="NOUN"))


@lru_cache(maxsize=65536)
def _modifier(word: str) -> bool:
    import lemminflect

    return bool(lemminflect.getAllLemmas(word, upos="ADJ") or _noun(word))


def _noun_phrases(text: str, taken: list[tuple[int, int]]):
    """Two- and three-word lower-case noun phrases (modifiers, then a noun) outside mentions."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    after = 0  # the end of the last phrase: no phrase inside another
    for i in range(len(words)):
        if words[i][0] < after:
            continue
        for n in (3, 2):
            span = words[i : i + n]
            if len(span) < n:
                continue
            between = [text[a[1] : b[0]] for a, b in pairwise(span)]
            if any(g.strip() not in ("", "-") for g in between):
                continue  # punctuation breaks a phrase
            tokens = [w for _, _, w in span]
            if any(not w.islower() or w in _STOP or len(w) < 3 for w in tokens):
                continue
            if not _noun(tokens[-1]) or not all(_modifier(w) for w in tokens[:-1]):
                continue
            following = words[i + n] if i + n < len(words) else None
            if (
                following is not None
                and not text[span[-1][1] : following[0]].strip()
                and following[2].islower()
                and following[2] not in _STOP
                and _noun(following[2])
            ):
                continue  # the phrase goes on ("buys border patrol | boats")
            if _free(span[0][0], span[-1][1], taken):
                after = span[-1][1]
                yield " ".join(tokens)
                break  # the longest phrase starting here


def coverage_json(cov: Coverage) -> str:
    return json.dumps(cov.as_dict(), indent=2, ensure_ascii=False) + "\n"


def coverage_markdown(cov: Coverage, limit: int = 50) -> str:
    """The coverage as a Markdown report."""
    lines = [
        "# Rule pack coverage",
        "",
        f"{cov.documents} documents, {cov.sentences} sentences;"
        f" {sum(1 for r in cov.rules.values() if r['facts'])} of {len(cov.rules)} relation rules"
        f" fired; {len(cov.concepts)} concepts mentioned,"
        f" {len(cov.concepts_never_mentioned)} never.",
        "",
        "## Relation rules",
        "",
        "| rule | facts | sentences | documents |",
        "| --- | ---: | ---: | ---: |",
    ]
    ranked = sorted(cov.rules.items(), key=lambda kv: (-kv[1]["facts"], kv[0]))
    for rule, n in ranked:
        if n["facts"]:
            lines.append(f"| {rule} | {n['facts']} | {n['sentences']} | {n['documents']} |")
    lines += ["", f"Never fired ({len(cov.rules_never_fired)}): " + _ids(cov.rules_never_fired)]
    lines += ["", "## Concepts", "", "| concept | mentions | documents |", "| --- | ---: | ---: |"]
    for cid, n in sorted(cov.concepts.items(), key=lambda kv: (-kv[1]["mentions"], kv[0])):
        lines.append(f"| {cid} | {n['mentions']} | {n['documents']} |")
    if cov.patterns:
        lines += ["", "Entity patterns: " + ", ".join(f"{p} {n}" for p, n in cov.patterns.items())]
    lines += [
        "",
        f"Never mentioned ({len(cov.concepts_never_mentioned)}): "
        + _ids(cov.concepts_never_mentioned),
        "",
        f"## Sentences that name entities but yield no fact ({len(cov.silent_sentences)})",
        "",
    ]
    for s in cov.silent_sentences[:limit]:
        lines.append(
            f"- {s['document']} #{s['sentence']}: {_md(s['text'])} ({', '.join(s['entities'])})"
        )
    if len(cov.silent_sentences) > limit:
        lines.append(f"- … and {len(cov.silent_sentences) - limit} more (coverage.json has all)")
    for title, rows in (
        ("Capitalised phrases no concept covers", cov.capitalised),
        ("Noun phrases no concept covers (seen twice or more)", cov.noun_phrases),
    ):
        lines += ["", f"## {title}", "", "| phrase | count | documents | example |"]
        lines.append("| --- | ---: | ---: | --- |")
        for row in rows:
            lines.append(
                f"| {_md(row['phrase'])} | {row['count']} | {row['documents']} |"
                f" {_md(_short(row['example']))} ({row['document']}) |"
            )
    return "\n".join(lines) + "\n"


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _short(text: str, width: int = 120) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
