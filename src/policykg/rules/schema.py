"""The rule language, as strict pydantic models: an unknown key is an error, never ignored.

A rule pack is a folder of YAML files. Each file may hold any of four sections::

    prefixes:   {wd: "http://www.wikidata.org/entity/"}      # for same_as CURIEs
    concepts:   [ {id, class, label, aliases, verbs, broader, same_as, case, comment} ]
    patterns:   [ {id, class, regex, group, comment} ]
    relations:  [ {id, subject, object, pattern, trigger, max_gap, unless, implicit_subject,
                   applies_to, emit, examples, counter_examples, description} ]

README.md ("The rule language") explains each field with a complete example.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
SLOTS = ("subject", "object", "partner", "trigger")
SENTENCE_KINDS = ("heading", "paragraph", "item", "cell")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


def _class_list(value: object) -> object:
    """Accept ``Nation``, ``Nation | Organization`` or a list of class names."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("|")]
    return value


class AliasSpec(Strict):
    """An alias with its own case mode: ``{form: Islamic state, case: exact}``."""

    form: str = Field(min_length=1)
    case: Literal["auto", "exact", "any"]


class ConceptSpec(Strict):
    """A concept of the lexicon: an entity with the words that name it."""

    id: Slug
    cls: str = Field(alias="class")
    label: str = Field(min_length=1)
    aliases: list[Annotated[str, StringConstraints(min_length=1)] | AliasSpec] = []
    verbs: list[Annotated[str, StringConstraints(min_length=1)]] = []
    demonyms: list[Annotated[str, StringConstraints(min_length=2)]] = []
    iso_alpha2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    iso_alpha3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    broader: list[Slug] = []
    same_as: list[str] = []
    case: Literal["auto", "exact", "any"] = "auto"
    inflect: bool = True
    comment: str = ""

    @field_validator("broader", "same_as", "aliases", "verbs", "demonyms", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class PatternSpec(Strict):
    """An entity pattern: a regular expression that proposes entities of a class."""

    id: Slug
    cls: str = Field(alias="class")
    regex: str = Field(min_length=1)
    group: str | int = 0  # the group holding the entity's name; 0 is the whole match
    concept: Slug | None = None  # the concept every match names (else an entity of its own)
    case_sensitive: bool = True
    verbal: bool = False  # the match is a verb phrase naming a mechanism ("cut trade ties")
    comment: str = ""


class Example(Strict):
    """Text and the facts a rule must find in it."""

    text: str = Field(min_length=1)
    facts: list[tuple[str, str, str]] = []
    focus: str | None = None  # concept id or label of the document's focus entity


class CounterExample(Strict):
    """Text in which a rule must find nothing."""

    text: str = Field(min_length=1)
    focus: str | None = None


class RelationSpec(Strict):
    """A relation rule: a sequence of slots and triggers within a sentence, and what it emits."""

    id: Slug
    description: str = ""
    subject: list[str]
    object: list[str]
    partner: list[str] = []  # a third slot, for "X holds exercises with Y"
    subject_under: list[Slug] = []  # only concepts under these (skos:broader*) fill the slot
    object_under: list[Slug] = []
    object_verbal: bool = False  # only a verb phrase fills the object ("shares intelligence")
    possessive: bool = (
        False  # the subject owns the object ("on Russia's base"): prepositions allowed
    )
    pattern: list[str] = Field(default=["subject", "trigger", "object"], min_length=1)
    trigger: list[Annotated[str, StringConstraints(min_length=1)]] = []
    trigger_regex: str | None = None
    # any verb is a trigger: the first verb after the subject (policykg.rules.verbs)
    trigger_any_verb: bool = False
    max_gap: int = Field(default=8, ge=0, le=100)
    unless: list[Annotated[str, StringConstraints(min_length=1)]] = []
    # one regex, or several (a shared anchor and a rule's own: [*adverse, '\bhost\w*'])
    unless_regex: str | list[Annotated[str, StringConstraints(min_length=1)]] | None = None
    # a regex that cancels the match when it matches right after it ("joined NATO['s Partnership]")
    unless_after: str | list[Annotated[str, StringConstraints(min_length=1)]] | None = None
    implicit_subject: bool = False
    applies_to: list[Literal["heading", "paragraph", "item", "cell"]] = [
        "paragraph",
        "item",
        "cell",
    ]
    emit: list[tuple[str, str, str]] = Field(min_length=1)
    examples: list[Example] = []
    counter_examples: list[CounterExample | str] = []

    _classes = field_validator("subject", "object", "partner", mode="before")(_class_list)

    @field_validator("trigger", "unless", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class RuleFile(Strict):
    """One YAML file of a rule pack."""

    prefixes: dict[str, str] = {}
    ignore: list[Annotated[str, StringConstraints(min_length=2)]] = []  # names that are no entity
    concepts: list[ConceptSpec] = []
    patterns: list[PatternSpec] = []
    relations: list[RelationSpec] = []
