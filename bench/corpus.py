"""A deterministic corpus in the genre, of any size, for benchmarks and scale tests.

Documents are Markdown briefings made by recombining sentence templates with the bundled lexicon's
entities (nations, organizations, agreements, mechanisms, goals, threats) and with invented
organizations and agreements whose names the rule pack recognises by their form ("the Varossa
Maritime Council", "the Ostrel Defence Pact"). The same seed and size give the same bytes.

    python bench/corpus.py OUT_DIR --size 50MB [--seed 7] [--invented 1000]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# Templates: every one is said in a way the bundled relation rules read (tests/test_bench_corpus.py
# checks that each gives a fact). Slots: {n1} {n2} {n3} nations, {org} an organization, {agr} an
# agreement, {mech} {mech2} mechanisms ({helps}: "help" after a plural {mech}), {goal} a goal,
# {threat} a threat, {year} a year.
TEMPLATES: tuple[str, ...] = (
    "{n1} and {n2} are close allies.",
    "{n1} is a member of the {org}.",
    "{n1} joined the {org} in {year}.",
    "{n1}, {n2} and {n3} signed the {agr} in {year}.",
    "{n1} cooperates closely with {n2} on {mech}.",
    "{n1} and {n2} hold {mech} every year to counter {threat}.",
    "{n1} uses {mech} to counter {threat}.",
    "{n1} seeks {goal} through {mech}.",
    "The {org} promotes {goal}.",
    "{mech} {helps} ensure {goal}.",
    "{n1} combats {threat} with {mech2}.",
    "Under the {agr}, {n1} and {n2} expanded {mech}.",
    "{n1} is committed to {goal}.",
    "The {agr} provides for {mech} and {mech2}.",
    "The {agr} aims to counter {threat}.",
    "In {year}, {n1} signed the {agr} with {n2}.",
)

FILLER: tuple[str, ...] = (
    "Officials described the talks as frank and productive.",
    "The statement gave no further details.",
    "Analysts expect the arrangement to be reviewed next year.",
    "Parliament debated the budget for several days.",
    "The ministry published a summary of the meeting.",
)

_SYLLABLES = (
    "var", "os", "sa", "kel", "dor", "mi", "ran", "tel", "zu", "ba", "lor", "en", "ka", "vi",
    "ne", "stra", "mon", "al", "ri", "tho", "gan", "ul", "pe", "sor",
)  # fmt: skip
_ORG_HEADS = ("Council", "Coalition", "Forum", "Commission", "Force", "League")
_ORG_TOPICS = ("Maritime", "Security", "Border", "Defence", "Coastal", "Counter-Terrorism")
_AGR_HEADS = ("Pact", "Accord", "Treaty", "Framework", "Partnership", "Declaration")
_AGR_TOPICS = ("Defence", "Security", "Cooperation", "Friendship", "Maritime", "Intelligence")


@dataclass(frozen=True)
class Names:
    """The names a corpus draws from, by slot."""

    nations: tuple[str, ...]
    organizations: tuple[str, ...]
    agreements: tuple[str, ...]
    mechanisms: tuple[str, ...]
    goals: tuple[str, ...]
    threats: tuple[str, ...]


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def names(invented: int = 200, seed: int = 7) -> Names:
    """The bundled lexicon's entities plus ``invented`` organizations and as many agreements."""
    from policykg.rules.loader import load_rules

    pack = load_rules()
    by_class: dict[str, list[str]] = {}
    for concept in sorted(pack.concepts.values(), key=lambda c: c.id):
        by_class.setdefault(concept.cls, []).append(concept.label)
    rng = random.Random(seed)
    orgs: set[str] = set()
    agreements: set[str] = set()
    while len(orgs) < invented:
        orgs.add(f"{_place(rng)} {rng.choice(_ORG_TOPICS)} {rng.choice(_ORG_HEADS)}")
    while len(agreements) < invented:
        agreements.add(f"{_place(rng)} {rng.choice(_AGR_TOPICS)} {rng.choice(_AGR_HEADS)}")
    # Generic actors ("Islamic nation", "partner nation") and lower-case kinds ("alliance") read
    # differently in a template: keep to proper names.
    proper = re.compile(r"^[A-Z]")
    return Names(
        nations=tuple(
            n for n in by_class["Nation"] if proper.match(n) and not re.search(r"[.,]| nation", n)
        ),
        organizations=tuple(sorted(orgs)),
        agreements=tuple(sorted(agreements)),
        mechanisms=tuple(by_class["Mechanism"]),
        goals=tuple(by_class["Goal"]),
        threats=tuple(t for t in by_class["Threat"] if t[:1].islower()),
    )


class Deck:
    """Names dealt from a shuffled deck, reshuffled when it runs out: every invented name is used
    once before any is used twice, so a corpus of N names' worth of sentences names them all."""

    def __init__(self, names: tuple[str, ...], rng: random.Random):
        self.names, self.rng, self.cards = names, rng, []

    def deal(self) -> str:
        if not self.cards:
            self.cards = list(self.names)
            self.rng.shuffle(self.cards)
        return self.cards.pop()


def sentence(
    rng: random.Random, pool: Names, template: str | None = None, decks: dict | None = None
) -> str:
    """One sentence from a template (chosen at random unless given)."""
    template = template or rng.choice(TEMPLATES)
    decks = decks if decks is not None else {}
    orgs = decks.setdefault("org", Deck(pool.organizations, rng))
    agreements = decks.setdefault("agr", Deck(pool.agreements, rng))
    n1, n2, n3 = rng.sample(pool.nations, 3)
    mech, mech2 = rng.sample(pool.mechanisms, 2)
    text = template.format(
        n1=n1,
        n2=n2,
        n3=n3,
        org=orgs.deal() if "{org}" in template else "",
        agr=agreements.deal() if "{agr}" in template else "",
        mech=mech,
        mech2=mech2,
        helps="help" if mech.endswith("s") else "helps",
        goal=rng.choice(pool.goals),
        threat=rng.choice(pool.threats),
        year=rng.randint(1990, 2025),
    )
    return text[0].upper() + text[1:]


def document(rng: random.Random, pool: Names, index: int, size: int, decks: dict) -> str:
    """A Markdown briefing of about ``size`` characters."""
    parts = [f"# Briefing {index}: {rng.choice(pool.nations)} and its partners\n"]
    length = len(parts[0])
    while length < size:
        paragraph = " ".join(
            sentence(rng, pool, decks=decks) if rng.random() < 0.8 else rng.choice(FILLER)
            for _ in range(rng.randint(3, 7))
        )
        parts.append(paragraph + "\n")
        length += len(paragraph) + 2
    return "\n".join(parts)


def generate(
    out: Path, size: int, seed: int = 7, doc_size: int = 5000, invented: int = 200
) -> list[Path]:
    """Write documents of about ``doc_size`` characters into ``out`` until ``size`` bytes."""
    rng = random.Random(seed)
    pool = names(invented, seed)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    total = 0
    index = 0
    decks: dict = {}
    while total < size:
        text = document(rng, pool, index, min(doc_size, max(size - total, 200)), decks)
        path = out / f"briefing-{index:06d}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        total += len(text.encode("utf-8"))
        index += 1
    return written


def parse_size(text: str) -> int:
    """``"50MB"``, ``"512kB"``, ``"1000"`` (bytes): policykg's own reading of sizes."""
    from policykg.sources.reader import parse_size as read_size

    size = read_size(text)
    if size is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1MB, 50MB, 512kB)")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=parse_size, default=parse_size("1MB"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--doc-size", type=int, default=5000, help="characters per document")
    parser.add_argument("--invented", type=int, default=200, help="invented organizations")
    args = parser.parse_args(argv)
    paths = generate(args.out, args.size, args.seed, args.doc_size, args.invented)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths):,} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
