"""The compiled rule pack: what the matcher and the relation engine run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykg.rules.matcher import Matcher
    from policykg.rules.schema import CounterExample, Example


@dataclass(frozen=True, order=True)
class Origin:
    """Where a rule or concept was written: file, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Concept:
    """An entity of the lexicon."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...]
    alias_case: tuple[tuple[str, str], ...]  # aliases whose case mode differs from the concept's
    verbs: tuple[str, ...]
    demonyms: tuple[str, ...]
    iso_codes: tuple[str | None, str | None]  # ISO 3166 alpha-2 and alpha-3 of a nation
    broader: tuple[str, ...]
    same_as: tuple[str, ...]  # full IRIs
    case: str  # "auto", "exact" or "any"
    inflect: bool
    origin: Origin


@dataclass(frozen=True)
class EntityPattern:
    """A regular expression that proposes entities of a class."""

    id: str
    cls: str
    regex: re.Pattern[str]
    group: str | int
    concept: str | None  # the concept every match names, or None: the match is its own entity
    origin: Origin
    verbal: bool = False  # the match is a verb phrase naming the concept ("cut trade ties")


# The elements of a relation's pattern that mentions fill; the others are words (triggers,
# regexes).
MENTION_SLOTS = ("subject", "object", "partner")


@dataclass(frozen=True)
class Relation:
    """A relation rule, compiled."""

    id: str
    description: str
    subject: frozenset[str]
    object: frozenset[str]
    partner: frozenset[str]
    subject_under: frozenset[str] | None
    object_under: frozenset[str] | None
    object_verbal: bool
    possessive: bool
    pattern: tuple[str, ...]  # "subject", "object", "trigger" or the index of a literal regex
    literals: tuple[re.Pattern[str], ...]  # the pattern's literal elements, in order
    trigger: re.Pattern[str] | None
    any_verb: bool  # the first verb after the subject is the trigger (see rules.verbs)
    max_gap: int
    unless: re.Pattern[str] | None
    implicit_subject: bool
    applies_to: frozenset[str]
    emit: tuple[tuple[str, str, str], ...]  # slot name or concept id, property, slot or concept
    examples: tuple[Example, ...]
    counter_examples: tuple[CounterExample, ...]
    origin: Origin
    unless_after: re.Pattern[str] | None = None  # cancels when it matches right after the match

    @cached_property
    def names_leaders(self) -> bool:
        """Whether a literal opens with a hyphen ("-led", "-donated"): the rule reads the state
        named right before it ("the Saudi-led coalition"), which no other rule takes for a slot."""
        return any(literal.pattern.startswith("-") for literal in self.literals)


@dataclass
class RulePack:
    """A validated rule pack: concepts, entity patterns and relation rules, with their files."""

    concepts: dict[str, Concept]
    patterns: list[EntityPattern]
    relations: list[Relation]
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)
    ignored: tuple[str, ...] = ()  # phrases that name no entity ("South China Sea")

    @cached_property
    def lineage(self) -> dict[str, frozenset[str]]:
        """Each concept with every concept above it (skos:broader, transitively), itself too."""
        result: dict[str, frozenset[str]] = {}

        def walk(concept_id: str, seen: frozenset[str]) -> frozenset[str]:
            if concept_id in result:
                return result[concept_id]
            concept = self.concepts.get(concept_id)
            above = {concept_id}
            for parent in concept.broader if concept else ():
                if parent not in seen:
                    above |= walk(parent, seen | {concept_id})
            result[concept_id] = frozenset(above)
            return result[concept_id]

        for concept_id in self.concepts:
            walk(concept_id, frozenset())
        return result

    @cached_property
    def state_kinds(self) -> dict[str, frozenset[str]]:
        """The nations each kind of state a reference names may stand for: "the kingdom" for a
        state whose name says Kingdom, "the sultanate", "the emirate" (lexicon.STATE_KINDS)."""
        from policykg.rules.lexicon import STATE_KINDS, STATE_KINDS_UNNAMED

        kinds = {}
        for kind in STATE_KINDS:
            word = kind.capitalize()
            found = {
                c.id
                for c in self.concepts.values()
                if c.cls == "Nation"
                and any(re.search(rf"\b{word}\b", form) for form in (c.label, *c.aliases))
            }
            found.update(i for i in STATE_KINDS_UNNAMED.get(kind, ()) if i in self.concepts)
            kinds[kind] = frozenset(found)
        return kinds

    @cached_property
    def matcher(self) -> Matcher:
        """The single-pass mention matcher of this pack, compiled on first use."""
        from policykg.rules.matcher import Matcher

        return Matcher(self)
