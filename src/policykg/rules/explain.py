"""Why a sentence yields the facts it does: its mentions, and each rule's verdict on it.

For every relation rule, :func:`explain_document` says whether it fired on the sentence and, if not,
the first reason it did not: the sentence does not have the kind the rule reads, names nothing the
subject, object or partner slot admits, lacks the trigger or a literal of the pattern, has every
element but not in order within ``max_gap`` words, places a verb's object past a clause, or an
``unless`` phrase cancelled the match. The document is read the way ``build`` reads it (its focus,
and the sentences before for pronouns), so what ``explain`` says is what ``build`` does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from policykg.ontology import PROPERTIES
from policykg.rules.extract import (
    Context,
    Extraction,
    Fact,
    _extract_all,
    _groups,
    _may_fall_back,
    _SentenceMatch,
    assign_mentions,
    choose_focus,
    extract_sentence,
)
from policykg.rules.matcher import Mention
from policykg.rules.model import MENTION_SLOTS, Relation, RulePack
from policykg.sources.model import Document, Sentence

FIRED = "fired"
NEAR = "near"  # every element is there; order, distance, a clause or a negation stopped it
ABSENT = "absent"  # an element of the pattern is missing from the sentence
SKIPPED = "skipped"  # the rule does not read this kind of sentence


@dataclass(frozen=True)
class RuleVerdict:
    rule: str
    status: str  # FIRED, NEAR, ABSENT or SKIPPED
    reason: str  # why it did not fire ("" when it fired)
    extractions: tuple[Extraction, ...] = ()


@dataclass(frozen=True)
class SentenceExplanation:
    sentence: Sentence
    mentions: tuple[Mention, ...]
    focus: Mention | None
    strong_focus: bool  # named by the title or front matter (else pronouns only)
    verdicts: tuple[RuleVerdict, ...]
    extractions: tuple[Extraction, ...]  # as build keeps them: each fact once per rule


def explain_document(
    document: Document, pack: RulePack, only: set[int] | None = None
) -> list[SentenceExplanation]:
    """Explain the sentences of a document (those whose index is in ``only``, or all)."""
    by_sentence = assign_mentions(document.sentences, pack.matcher.find(document.text))
    focus, strong = choose_focus(document, by_sentence, pack)
    context = Context(focus, strong, [], pack.lineage, state_kinds=pack.state_kinds)
    found = []
    for sentence in document.sentences:
        mentions = by_sentence.get(sentence.index, [])
        if only is None or sentence.index in only:
            found.append(_explain_sentence(sentence, mentions, pack, context))
        context.remember(mentions, sentence)
    return found


def _explain_sentence(
    sentence: Sentence, mentions: list[Mention], pack: RulePack, ctx: Context
) -> SentenceExplanation:
    verdicts = tuple(_verdict(sentence, mentions, rule, ctx) for rule in pack.relations)
    kept = tuple(extract_sentence(sentence, mentions, pack.relations, ctx))
    return SentenceExplanation(
        sentence, tuple(mentions), ctx.focus, ctx.strong_focus, verdicts, kept
    )


def _verdict(
    sentence: Sentence, mentions: list[Mention], rule: Relation, ctx: Context
) -> RuleVerdict:
    if sentence.kind not in rule.applies_to:
        return RuleVerdict(rule.id, SKIPPED, f"does not read {sentence.kind}s")
    fired = tuple(sorted(set(_extract_all(sentence, mentions, [rule], ctx))))
    if fired:
        return RuleVerdict(rule.id, FIRED, "", fired)
    groups = _groups(sentence, mentions)
    search = _SentenceMatch(rule, sentence, groups, ctx, stop_early=False)
    slots_first = sorted(rule.pattern, key=lambda e: e not in MENTION_SLOTS)
    for element in slots_first:
        if search.candidates.get(element):
            continue
        if element == "subject" and _may_fall_back(rule, ctx):
            continue
        return RuleVerdict(rule.id, ABSENT, _missing(element, rule))
    pattern = rule.pattern
    if "subject" in pattern and not search.candidates["subject"]:
        pattern = tuple(e for e in pattern if e != "subject")  # the focus would be the subject
    if not search.matches(pattern) and rule.unless_after is not None:
        bare = dataclasses.replace(rule, unless_after=None)
        for match in _SentenceMatch(bare, sentence, groups, ctx).matches(pattern):
            after = rule.unless_after.match(sentence.text, match[-1].end)
            if after:
                return RuleVerdict(rule.id, NEAR, f"cancelled by “{after.group()}” right after it")
    if not search.matches(pattern):
        loose = _SentenceMatch(dataclasses.replace(rule, max_gap=100), sentence, groups, ctx)
        if loose.matches(pattern):
            apart = (
                "its elements do not touch"
                if rule.max_gap == 0
                else f"its elements stand more than {rule.max_gap}"
                f" word{'s' if rule.max_gap > 1 else ''} apart"
            )
            return RuleVerdict(rule.id, NEAR, apart)
        if rule.any_verb:
            return RuleVerdict(
                rule.id,
                NEAR,
                "no verb right after the subject takes the object in the same clause",
            )
        return RuleVerdict(rule.id, NEAR, "its elements are not in the order " + _order(rule))
    for match in search.matches(pattern):
        begin, end = match[0].begin, match[-1].end
        if rule.unless is not None:
            cancel = rule.unless.search(sentence.text, search.window(begin), end)
            if cancel:
                return RuleVerdict(rule.id, NEAR, f"cancelled by “{cancel.group()}”")
    if "subject" not in pattern or pattern is not rule.pattern:
        return RuleVerdict(
            rule.id, NEAR, "no subject, and the focus may not stand in (another actor is named)"
        )
    return RuleVerdict(
        rule.id,
        NEAR,
        "matched, but emitted nothing: the subject is the object, or a list of one where the"
        " rule relates a list's members",
    )


def _missing(element: str, rule: Relation) -> str:
    if element in MENTION_SLOTS:
        classes = " or ".join(sorted(getattr(rule, element)))
        under = getattr(rule, f"{element}_under", None)
        kind = f"{classes} under {', '.join(sorted(under))}" if under else classes
        if element == "object" and rule.object_verbal:
            kind += " written as a verb phrase"
        return f"no {element}: the sentence names no {kind}"
    if element == "trigger":
        return "no trigger: " + ("no verb" if rule.any_verb else "none of its trigger words")
    regex = rule.literals[int(element)].pattern
    shown = regex if len(regex) <= 70 else regex[:69] + "…"
    return f"no match for the pattern's regex {int(element) + 1}: {shown}"


def _order(rule: Relation) -> str:
    names = []
    for element in rule.pattern:
        names.append(element if not element.isdigit() else f"regex {int(element) + 1}")
    return " → ".join(names)


def render_explanations(explanations: list[SentenceExplanation], show_all: bool = False) -> None:
    """Print explanations with rich: colours in a terminal, plain text when piped."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for ex in explanations:
        s = ex.sentence
        console.print(
            f"[bold]sentence {s.index + 1}[/] ({s.kind}, characters {s.begin}–{s.end}): "
            f"“{escape(' '.join(s.text.split()))}”"
        )
        if ex.focus is not None:
            how = (
                "named by the title or front matter"
                if ex.strong_focus
                else "named most in the opening paragraph: pronouns only"
            )
            console.print(f"  focus: {escape(ex.focus.label)} ({ex.focus.entity}; {how})")
        console.print("  [bold]mentions[/]" + ("" if ex.mentions else ": none"))
        for m in ex.mentions:
            console.print(
                f"    {m.begin - s.begin}–{m.end - s.begin} “{escape(' '.join(m.surface.split()))}”"
                f" → [cyan]{m.entity}[/] ({m.cls}) via {escape(m.via)}"
                + (" [dim](verb form)[/]" if m.verbal else "")
            )
        console.print("  [bold]rules[/]")
        absent = 0
        for v in ex.verdicts:
            if v.status == FIRED:
                for e in _once(v.extractions):
                    span = s.text[e.begin - s.begin : e.end - s.begin]
                    how = ", subject implicit" if e.implicit else ""
                    how += ", possible" if e.modality != "asserted" else ""
                    console.print(
                        f"    [green]✓ {v.rule}[/]: {e.fact.subject} {e.fact.prop}"
                        f" {e.fact.object} [dim]«{escape(' '.join(span.split()))}»{how}[/]"
                    )
            elif v.status == NEAR or show_all:
                colour = "yellow" if v.status == NEAR else "dim"
                console.print(f"    [{colour}]✗ {v.rule}[/]: {escape(v.reason)}")
            else:
                absent += 1
        if absent:
            console.print(
                f"    [dim]{absent} more rules lack an element here (--all lists them)[/]"
            )
        facts = sorted({_canonical(e.fact) for e in ex.extractions})
        console.print("  [bold]facts[/]" + ("" if facts else ": none"))
        for fact in facts:
            rules = sorted({e.rule for e in ex.extractions if _canonical(e.fact) == fact})
            console.print(
                f"    [bold]{fact.subject} {fact.prop} {fact.object}[/]"
                f" [dim](rule{'s' if len(rules) > 1 else ''} {', '.join(rules)})[/]"
            )
        console.print()


def _canonical(fact: Fact) -> Fact:
    """A symmetric fact in one direction (``cooperatesWith`` both ways is one fact)."""
    if PROPERTIES[fact.prop].symmetric and fact.object < fact.subject:
        return Fact(fact.object, fact.prop, fact.subject)
    return fact


def _once(extractions: tuple[Extraction, ...]) -> list[Extraction]:
    """Extractions with each symmetric fact once."""
    seen: dict[Fact, Extraction] = {}
    for e in extractions:
        seen.setdefault(_canonical(e.fact), e)
    return list(seen.values())
