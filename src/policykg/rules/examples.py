"""Run the examples and counter-examples written in relation rules (``policykg rules test``).

Each example is read as a one-paragraph document (as Markdown when it opens with ``#``, so a rule
for headings can show one), the whole lexicon finds its mentions, and only
the rule that carries the example is applied: the example must yield every fact it lists (a
symmetric fact in either direction), and a counter-example must yield nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.ontology import PROPERTIES
from policykg.rules.extract import Context, assign_mentions, choose_focus, extract_sentence
from policykg.rules.lexicon import resolve_term
from policykg.rules.matcher import Mention
from policykg.rules.model import Origin, Relation, RulePack
from policykg.sources import read_text


@dataclass(frozen=True)
class ExampleFailure:
    """An example whose facts were not found, or a counter-example that yielded some."""

    rule: str
    origin: Origin
    text: str
    expected: tuple[tuple[str, str, str], ...]
    found: tuple[tuple[str, str, str], ...]
    missing: tuple[tuple[str, str, str], ...]
    counter: bool = False


@dataclass(frozen=True)
class ExampleReport:
    """How many examples ran and which failed."""

    examples: int
    counter_examples: int
    failures: list[ExampleFailure]


def facts_in(text: str, rule: Relation, pack: RulePack, focus: str | None = None) -> set[tuple]:
    """The facts one rule finds in a text, as (subject id, property, object id) triples."""
    doc = read_text(text, markdown=text.startswith("#"))
    by_sentence = assign_mentions(doc.sentences, pack.matcher.find(doc.text))
    context = Context(lineage=pack.lineage, state_kinds=pack.state_kinds)
    if focus is not None:
        entity = resolve_term(focus, pack.concepts, pack.patterns)
        concept = pack.concepts.get(entity or "")
        if concept is not None:
            context.focus = Mention(0, 0, concept.id, concept.cls, concept.label, focus, "example")
            context.strong_focus = True
    else:
        context.focus, context.strong_focus = choose_focus(doc, by_sentence, pack)
    found = set()
    for sentence in doc.sentences:
        mentions = by_sentence.get(sentence.index, [])
        for ex in extract_sentence(sentence, mentions, [rule], context):
            found.add((ex.fact.subject, ex.fact.prop, ex.fact.object))
        context.remember(mentions, sentence)
    return found


def _covered(fact: tuple[str, str, str], found: set[tuple]) -> bool:
    s, p, o = fact
    return fact in found or (PROPERTIES[p].symmetric and (o, p, s) in found)


def run_examples(pack: RulePack) -> ExampleReport:
    """Run every example and counter-example of every relation rule of the pack."""
    failures: list[ExampleFailure] = []
    n_examples = n_counter = 0
    for rule in pack.relations:
        for example in rule.examples:
            n_examples += 1
            found = facts_in(example.text, rule, pack, example.focus)
            expected = tuple(
                (
                    resolve_term(s, pack.concepts, pack.patterns) or s,
                    p.removeprefix("pkg:"),
                    resolve_term(o, pack.concepts, pack.patterns) or o,
                )
                for s, p, o in example.facts
            )
            missing = tuple(f for f in expected if not _covered(f, found))
            if missing or (not expected and not found):
                failures.append(
                    ExampleFailure(
                        rule.id, rule.origin, example.text, expected, tuple(sorted(found)), missing
                    )
                )
        for counter in rule.counter_examples:
            n_counter += 1
            found = facts_in(counter.text, rule, pack, counter.focus)
            if found:
                failures.append(
                    ExampleFailure(
                        rule.id,
                        rule.origin,
                        counter.text,
                        (),
                        tuple(sorted(found)),
                        (),
                        counter=True,
                    )
                )
    return ExampleReport(n_examples, n_counter, failures)
