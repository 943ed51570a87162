"""Find mentions of the lexicon in one pass: one Aho-Corasick automaton over the whole lexicon.

The text is normalised without changing its length (lower case, hyphens and line breaks as spaces,
curly apostrophes straight), so offsets in the normalised text are offsets in the original; runs of
spaces (a wrapped line's indentation in a list item) are then squeezed to one, and matches mapped
back. Matches are kept on word boundaries, checked against the alias's case, and the longest wins.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

import ahocorasick
from slugify import slugify

from policykg.ontology import GROUPINGS
from policykg.rules.lexicon import (
    EVENT_NAME_AFTER,
    LED_AFTER,
    SHARED_NAMES,
    STATE_NOUN_AFTER,
    surface_forms,
    verbal_forms,
)
from policykg.rules.model import RulePack
from policykg.rules.prefilter import Prefilter

_FOLD = str.maketrans(
    {
        "-": " ",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "—": " ",
        "\n": " ",
        "\t": " ",
        "\r": " ",
        "\u00a0": " ",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
    }
)


_HYPHENS = frozenset("-‐‑–—")
# Classes whose lower-case aliases name kinds ("mutual defence agreement"); written in title case,
# the words are the name of one of them, which the entity patterns find.
_KINDS = frozenset({"Agreement", "Organization"})


_NAME_AFTER = re.compile(r"[ -][A-Z][a-z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n#>*\-(\[\"'“]\s*)$")


def _inside_a_name(text: str, begin: int, end: int) -> bool:
    """Whether a capitalised single word, not opening a sentence, runs on into a capitalised word:
    part of a proper name ("the *Development* Road", "the Peace Corps")."""
    if " " in text[begin:end] or not text[begin].isupper():
        return False
    if not _NAME_AFTER.match(text, end):
        return False
    return not _SENTENCE_START.search(text, max(0, begin - 3), begin)


_PREFIX_BEFORE = re.compile(r"(?<![\w-])([a-z]+)[-‐‑–]$")
_MEANINGFUL_PREFIXES = frozenset({"anti", "counter"})  # "anti-piracy": the rules read these


def _compound_end(text: str, begin: int) -> bool:
    """Whether a match starts right after a lower-case word and a hyphen ("post-*war*"): the end of
    a compound word, not a name of its own."""
    if begin < 2 or text[begin - 1] not in _HYPHENS:
        return False
    m = _PREFIX_BEFORE.search(text, max(0, begin - 20), begin)
    return m is not None and m.group(1) not in _MEANINGFUL_PREFIXES


def _title_case(written: str) -> bool:
    """Whether a singular phrase has every word of more than three letters capitalised, and two
    such words ("Collective Security Agreements", plural, still names the kind)."""
    long = [w for w in written.replace("-", " ").split() if len(w) > 3]
    singular = not written.endswith("s")
    return singular and len(long) >= 2 and all(w[0].isupper() for w in long)


# How a demonym that names the state of a mechanism after it is read ("Saudi loans"): the matcher
# writes it into the mention's ``via``; the engine asks is_goods_demonym.
GOODS_DEMONYM = "before a mechanism"


def is_goods_demonym(mention: Mention) -> bool:
    """Whether the mention is a demonym read only because a mechanism follows it ("Saudi loans",
    "German LNG"): a state named by whose goods they are, not named outright."""
    return mention.via.endswith(GOODS_DEMONYM)


_RUN = re.compile(r" {2,}")
_AND = re.compile(r"\s+and\s+")
_NAME_START = re.compile(r"(?:[Tt]he\s+)?[A-Z]")
# "Saudi-led coalition", "US-led coalition": the leader's name or demonym before "-led"
_LEADER = re.compile(r"(?P<lead>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)-led\s+")
# "Kazakhstan–China oil pipeline": the two states a route joins, before what joins them
_ROUTE = re.compile(r"(?P<a>[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?)\s*[–—-]\s*(?P<b>[A-Z][\w'’]*)\s+")
# "Maldives National Defence Force", "Kenya Defence Forces": a state's force named after the state
_STATE_FORCE = re.compile(
    r"(?:Royal\s+)?(?P<state>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}?)\s+"
    r"(?:National\s+|People['’]s\s+|Emiri\s+|Amiri\s+|Royal\s+)?"
    r"(?:Defen[cs]e\s+Forces?|Armed\s+Forces|Security\s+Forces?|Army|Navy|Air\s+Force|Coast\s+Guard"
    # a state's regional command: "United States Africa Command", "US Central Command"
    r"|(?:Africa|Central|European|Indo-Pacific|Pacific|Southern|Northern|Cyber|Space)\s+Command)"
)
# A firm's name, which a state's possessive before it makes that state's firm ("Abu Dhabi's AD
# Ports Group").
_FIRM_NAME = re.compile(r".*\b(?:Group|Company|Corporation|Holding|Holdings)$")
_POSSESSIVE_BEFORE = re.compile(r"['’]s\s+$")
# A firm's one-word name that opens with a state's: "QatarEnergy".
_CAMEL_FIRM = re.compile(r"(?<![\w'’-])(?P<state>[A-Z][a-z]{2,})[A-Z][a-z]{2,}(?![\w'’-])")
# A name coordinated before a named exercise: "the [Bersama Shield] and Bersama Lima exercises".
_NAME_BEFORE = re.compile(
    r"(?<![\w-])(?!(?:The|A|An|This|These|Its|Their)\b)(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)$"
)
# the entity patterns of named exercises, whose head a coordinated name before them shares
_EXERCISE_PATTERNS = ("pattern 'named-exercise'", "pattern 'named-naval-exercise'")
# A modifier coordinated before a phrase: "defence and [economic cooperation]", "political, [...]".
_MODIFIER_BEFORE = re.compile(
    r"\b(?P<mod>[A-Za-z][a-z]+(?:-[a-z]+)*)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$"
)


class _Squeezed:
    """A normalised text with each run of spaces squeezed to one, and the way back to the original
    offsets (nothing to do, and nothing done, when the text has no such run)."""

    def __init__(self, text: str, folded: str):
        self.starts: list[int] = []  # squeezed offsets after which characters were removed
        self.removed: list[int] = []  # characters removed up to there, cumulatively
        pieces, originals, pos, total = [], [], 0, 0
        for m in _RUN.finditer(folded):
            pieces.append(folded[pos : m.start() + 1])
            originals.append(text[pos : m.start() + 1])
            pos = m.end()
            total += m.end() - m.start() - 1
            self.starts.append(m.start() + 1 - (total - (m.end() - m.start() - 1)))
            self.removed.append(total)
        if not self.starts:
            self.folded, self.text = folded, text
            return
        self.folded = "".join([*pieces, folded[pos:]])
        self.text = "".join([*originals, text[pos:]])

    def original(self, position: int) -> int:
        """The offset in the original text of a squeezed offset."""
        i = bisect.bisect_right(self.starts, position) - 1
        return position + (self.removed[i] if i >= 0 else 0)


def normalise(text: str) -> str:
    """Fold hyphens, line breaks and apostrophes, keeping every character in its place."""
    return text.translate(_FOLD)


def fold_case(text: str) -> str:
    """Lower-case without changing the length (a few characters, like 'İ', lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def pattern_entity_id(name: str) -> str:
    """The entity id of a name an entity pattern proposed: its slug, without a leading 'the'."""
    name = " ".join(name.split())
    if name[:4].lower() == "the ":
        name = name[4:]
    return slugify(name) or "entity"


@dataclass(frozen=True, order=True)
class Mention:
    """A span of a document that names an entity."""

    begin: int
    end: int
    entity: str  # concept id, or the slug of a pattern's name
    cls: str
    label: str  # the entity's preferred label
    surface: str  # the text as written
    via: str  # "alias 'intelligence sharing'" or "pattern 'named-council'"
    verbal: bool = False  # a verb phrase of the concept ("shares intelligence"), not a noun


@dataclass(frozen=True)
class _Entry:
    concept: str | None  # None: an ignored phrase, which shadows entities and names none
    form: str  # as the author wrote it (hyphens folded)
    case: str
    demonym: bool = False  # counts only before a state noun ("Jordanian forces")
    verbal: bool = False  # one of the concept's verb forms
    hyphens: tuple[int, ...] = ()  # where the alias has a hyphen, the text must have one too


# A mention found, with its sort key: (minus its length, 0 for an exact-case form, 0 for the
# lexicon and more for a pattern, the narrower its concept the less; its begin).
_Candidate = tuple[int, int, float, int, Mention]


class Matcher:
    """The compiled lexicon and entity patterns of a rule pack."""

    def __init__(self, pack: RulePack):
        self.pack = pack
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry]] = {}
        for concept in sorted(pack.concepts.values(), key=lambda c: c.id):
            verbal = verbal_forms(concept)
            for form, case in surface_forms(concept):
                folded = normalise(form)
                hyphens = tuple(i for i, c in enumerate(form) if c in _HYPHENS)
                entry = _Entry(concept.id, folded, case, hyphens=hyphens, verbal=form in verbal)
                table.setdefault(fold_case(folded), []).append(entry)
            for demonym in concept.demonyms:
                folded = normalise(demonym)
                entry = _Entry(concept.id, folded, "auto", demonym=True)
                table.setdefault(fold_case(folded), []).append(entry)
        for phrase in pack.ignored:
            folded = normalise(phrase)
            table.setdefault(fold_case(folded), []).append(_Entry(None, folded, "auto"))
        for key, entries in table.items():
            self.automaton.add_word(key, tuple(entries))
        if table:
            self.automaton.make_automaton()
        self.size = len(table)
        # the entity patterns' required words, in one automaton: a pattern is not searched in a
        # block of text that lacks its words (120 of the 122 bundled patterns need some)
        self.pattern_filter = Prefilter([pattern.regex for pattern in pack.patterns])

    def find(self, text: str) -> list[Mention]:
        """All mentions in text, longest first where they overlap, sorted by position."""
        squeezed = _Squeezed(text, normalise(text))
        source, folded = squeezed.text, squeezed.folded
        lowered = fold_case(folded)
        n = len(folded)
        candidates: list[_Candidate] = []
        loose: list[Mention] = []  # demonyms with no state noun after them
        if self.size:
            for last, entries in self.automaton.iter(lowered):
                end = last + 1
                for entry in entries:
                    begin = end - len(entry.form)
                    if (begin > 0 and lowered[begin - 1].isalnum()) or (
                        end < n and lowered[end].isalnum()
                    ):
                        break
                    written = folded[begin:end]
                    exact = written == entry.form
                    if entry.case == "exact" and not exact:
                        continue
                    if entry.hyphens and any(
                        source[begin + i] not in _HYPHENS for i in entry.hyphens
                    ):
                        continue  # "counter-terrorism" is a noun; "to counter terrorism" is not
                    if entry.case == "auto" and any(
                        a.isupper() and not w.isupper()
                        for a, w in zip(entry.form, written, strict=True)
                    ):
                        continue
                    if _compound_end(source, begin):
                        continue  # "post-war", "first-class": the end of a compound word
                    b, e = squeezed.original(begin), squeezed.original(end - 1) + 1
                    if entry.demonym and not (
                        STATE_NOUN_AFTER.match(source, end) or LED_AFTER.match(source, end)
                    ):
                        concept = self.pack.concepts[entry.concept]
                        loose.append(
                            Mention(
                                b,
                                e,
                                concept.id,
                                concept.cls,
                                concept.label,
                                text[b:e],
                                f"demonym '{entry.form}' {GOODS_DEMONYM}",
                            )
                        )
                        continue
                    if entry.concept is None:
                        ignored = Mention(b, e, "", "", "", text[b:e], "ignored")
                        candidates.append((-(e - b), 0 if exact else 1, 0, b, ignored))
                        continue
                    concept = self.pack.concepts[entry.concept]
                    if concept.cls == "Nation" and EVENT_NAME_AFTER.match(source, end):
                        continue
                    if concept.cls in _KINDS and entry.form.islower() and _title_case(written):
                        continue  # "a Strategic Mutual Defence Agreement": a name, not the kind
                    if entry.form.islower() and _inside_a_name(source, begin, end):
                        continue  # "the Development Road": a word of a name
                    via = f"demonym '{entry.form}'" if entry.demonym else f"alias '{entry.form}'"
                    mention = Mention(
                        b, e, concept.id, concept.cls, concept.label, text[b:e], via, entry.verbal
                    )
                    candidates.append((-(e - b), 0 if exact else 1, 0, b, mention))
        blocks = _blocks(text)
        in_context: list[tuple[int, str]] = []
        # where a state's name begins, and ends: "sold Baku drones" names the buyer before the arms
        states = {c[4].begin: c[4].end for c in candidates if c[4].cls == "Nation"}
        # the lexicon's concepts by position, for the narrower concept inside a pattern's words
        listed = sorted((c[4].begin, c[4].end, c[4].entity) for c in candidates if c[4].cls)
        lineage = self.pack.lineage
        sieve = self.pattern_filter
        present = [sieve.present(text[start:stop]) for start, stop in blocks]
        for pattern in self.pack.patterns:
            searched = [
                block
                for block, found in zip(blocks, present, strict=True)
                if sieve.may_match(pattern.regex, found)
            ]
            for m in self._pattern_matches(pattern.regex, text, searched):
                name = m.group(pattern.group)
                if not name or not name.strip():
                    continue
                begin, end = m.span(pattern.group)
                entity = pattern.concept or pattern_entity_id(name)
                if pattern.concept is not None:
                    entity = _narrower_inside(listed, begin, end, entity, lineage)
                concept = self.pack.concepts.get(entity)
                label = concept.label if concept else " ".join(name.split())
                cls = concept.cls if concept else pattern.cls
                after = states.get(begin, end)  # where a state named at the start ends
                if cls == "Mechanism" and after < end and text[after].isspace():
                    # the state is the receiver, not a word of what it got
                    begin = after + len(text[after:end]) - len(text[after:end].lstrip())
                mention = Mention(
                    begin,
                    end,
                    entity,
                    cls,
                    label,
                    text[begin:end],
                    f"pattern '{pattern.id}'",
                    pattern.verbal,
                )
                # of two patterns' equal spans, the narrower concept wins ("their navies the
                # Naseem Al Bahr exercise": a naval exercise, not only a named one)
                rank = 1 + 1 / (1 + len(lineage.get(entity, ())))
                candidates.append((-(end - begin), 1, rank, begin, mention))
                if pattern.concept is not None and (m.start() < begin or m.end() > end):
                    in_context.append((len(candidates) - 1, cls))
        if in_context:
            _prefer_context(candidates, in_context, lineage)
        kept = [m for m in _longest_first(candidates) if m.via != "ignored"]
        kept = self._with_leaders(self._with_route_states(self._with_state_forces(kept)))
        kept = self._with_named_firms(text, _with_state_firms(text, kept))
        kept = self._with_shared_heads(text, kept)
        kept = self._with_shared_names(_with_coordinated_exercises(text, kept))
        return _with_demonyms_of_mechanisms(text, kept, loose) if loose else kept

    def _with_named_firms(self, text: str, kept: list[Mention]) -> list[Mention]:
        """A firm whose one-word name opens with a state's ("QatarEnergy took a stake…") is that
        state's, as a firm after the state's possessive is (_with_state_firms)."""
        found = []
        for m in _CAMEL_FIRM.finditer(text):
            begin, end = m.span()
            if any(k.begin < end and begin < k.end for k in kept):
                continue
            entity = self._nation(m.group("state"))
            if entity is None:
                continue
            concept = self.pack.concepts[entity]
            found.append(
                Mention(
                    begin,
                    end,
                    entity,
                    concept.cls,
                    concept.label,
                    m.group(),
                    f"the state's firm '{m.group()}'",
                )
            )
        return sorted([*kept, *found], key=lambda k: (k.begin, k.end)) if found else kept

    def _with_shared_heads(self, text: str, kept: list[Mention]) -> list[Mention]:
        """Coordinated modifiers share the head of the phrase after them: "defence and economic
        cooperation" names defence cooperation too, "political, economic and military support"
        political and economic support, where the modifier and the head are a form of a concept
        the lexicon lists."""
        added = []
        for m in kept:
            if not m.via.startswith("alias") or " " not in m.surface.strip():
                continue
            head = m.surface.split(None, 1)[1]
            end = m.begin
            while (mod := _MODIFIER_BEFORE.search(text, max(0, end - 40), end)) is not None:
                word = mod.group("mod")
                entries = self.automaton.get(fold_case(normalise(f"{word} {head}")), ())
                concept = next((e.concept for e in entries if e.concept is not None), None)
                begin, stop = mod.span("mod")
                if concept is None or any(k.begin < stop and begin < k.end for k in kept):
                    break
                c = self.pack.concepts[concept]
                via = f"alias '{word} {head}' (the head shared with '{m.surface}')"
                added.append(Mention(begin, stop, c.id, c.cls, c.label, word, via))
                end = begin
        return sorted([*kept, *added]) if added else kept

    def _with_shared_names(self, kept: list[Mention]) -> list[Mention]:
        """A short name two states share ("the Congo") stands for the one of them the document
        names otherwise, if it names one only (lexicon.SHARED_NAMES)."""
        shared = {
            i: SHARED_NAMES[m.surface.casefold()]
            for i, m in enumerate(kept)
            if m.cls == "Nation" and m.surface.casefold() in SHARED_NAMES
        }
        if not shared:
            return kept
        named = {m.entity for i, m in enumerate(kept) if m.cls == "Nation" and i not in shared}
        found = list(kept)
        for i, states in shared.items():
            chosen = [s for s in states if s in named and s in self.pack.concepts]
            if len(chosen) == 1 and chosen[0] != kept[i].entity:
                label = self.pack.concepts[chosen[0]].label
                via = f"{kept[i].via}, as the document names {label}"
                found[i] = replace(kept[i], entity=chosen[0], label=label, via=via)
        return found

    def _with_leaders(self, kept: list[Mention]) -> list[Mention]:
        """A name that says who leads ("the Saudi-led coalition in Yemen", "the US-led coalition
        against the Islamic State") names the leading state too, as "the American-led Operation
        Prosperity Guardian" does: the state before "-led", and the grouping after it."""
        found = []
        for m in kept:
            lead = _LEADER.match(m.surface) if m.cls in GROUPINGS else None
            state = self._nation(lead.group("lead")) if lead else None
            if state is None:
                found.append(m)
                continue
            found.append(self._state_in(m, lead, "lead", state, f"the leader in '{m.surface}'"))
            found.append(replace(m, begin=m.begin + lead.end(), surface=m.surface[lead.end() :]))
        return found

    def _with_state_forces(self, kept: list[Mention]) -> list[Mention]:
        """A state's own force or command named after it ("the Maldives National Defence Force",
        "the Kenya Defence Forces", "the Royal Malaysian Air Force", "the Qatar Emiri Air Force",
        "United States Africa Command") names the state, as "the Indian Air Force" does: the force
        acts for it. A force the lexicon lists under its own name is no state's ("Khalifa Haftar's
        Libyan National Army" fights for a side, not for Libya)."""
        found = []
        for m in kept:
            own = m.cls == "Organization" and m.entity not in self.pack.concepts
            force = _STATE_FORCE.fullmatch(m.surface) if own else None
            state = self._nation(force.group("state")) if force else None
            if state is None:
                found.append(m)
                continue
            concept = self.pack.concepts[state]
            via = f"the state's force '{m.surface}'"
            found.append(replace(m, entity=state, cls="Nation", label=concept.label, via=via))
        return found

    def _with_route_states(self, kept: list[Mention]) -> list[Mention]:
        """A pipeline or a corridor named by the two states it joins ("the Kazakhstan–China oil
        pipeline", "the Iran-Pakistan gas pipeline") names those states too, each where it
        stands, and the link after them."""
        found = []
        for m in kept:
            route = _ROUTE.match(m.surface) if m.cls == "Mechanism" else None
            ends = [self._nation(route.group(g)) for g in ("a", "b")] if route else [None]
            if None in ends:
                found.append(m)
                continue
            via = f"a state the route '{m.surface}' joins"
            found.extend(
                self._state_in(m, route, g, state, via)
                for g, state in zip(("a", "b"), ends, strict=True)
            )
            found.append(replace(m, begin=m.begin + route.end(), surface=m.surface[route.end() :]))
        return found

    def _state_in(
        self, m: Mention, words: re.Match[str], group: str, state: str, via: str
    ) -> Mention:
        """The mention of a state named by a group of words inside the name ``m``."""
        begin, end = (m.begin + i for i in words.span(group))
        label = self.pack.concepts[state].label
        return Mention(begin, end, state, "Nation", label, words[group], via)

    def _nation(self, words: str) -> str | None:
        """The nation a name or demonym is a form of, if any."""
        nations = (c for c in self._forms_of(words) if self.pack.concepts[c].cls == "Nation")
        return next(nations, None)

    def _forms_of(self, words: str) -> list[str]:
        """The concepts of the lexicon the words are a form of (an alias or a demonym)."""
        entries = self.automaton.get(fold_case(normalise(words)), ()) if self.size else ()
        return [e.concept for e in entries if e.concept is not None]

    def _pattern_matches(self, regex: re.Pattern[str], text: str, blocks: list[tuple[int, int]]):
        """The matches of an entity pattern, each inside one block of text (a name never runs
        from a heading into the paragraph under it). A name whose words before an "and" are a
        listed entity is a list ("Qatar and Gulf Security Pact"): the search goes on after the
        "and"."""
        for start, stop in blocks:
            pos = start
            while (m := regex.search(text, pos, stop)) is not None:
                conj = _AND.search(m.group())
                before = m.group()[: conj.start()] if conj is not None else ""
                # a name's words only: "military training and cooperation agreement" is one
                # kind of agreement, though "military training" is listed
                if _NAME_START.match(before) and self._listed(before):
                    pos = m.start() + conj.end()
                    continue
                yield m
                pos = max(m.end(), m.start() + 1)

    def _listed(self, words: str) -> bool:
        """Whether words (after an optional "the") are a form of a concept of the lexicon."""
        words = " ".join(words.split())
        if words[:4].lower() == "the ":
            words = words[4:]
        return bool(self._forms_of(words))


# What separates blocks of text: a blank line; a Markdown heading is a block of its own.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t][^\n]*$", re.MULTILINE)


def _blocks(text: str) -> list[tuple[int, int]]:
    """The spans of text between blank lines, headings being blocks of their own."""
    cuts = [m.span() for m in _BLANK_LINE.finditer(text)]
    for m in _HEADING.finditer(text):
        cuts += [(m.start(), m.start()), (m.end(), m.end())]
    spans, start = [], 0
    for begin, end in sorted(cuts):
        if begin > start:
            spans.append((start, begin))
        start = max(start, end)
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# Between two demonyms of one list: "Qatari and American", "Qatari, Saudi and American".
_DEMONYM_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _with_demonyms_of_mechanisms(
    text: str, kept: list[Mention], loose: list[Mention]
) -> list[Mention]:
    """A demonym right before a mechanism names its state too ("Saudi loans", "Turkish
    training"), as does one listed with it ("Qatari and American air defences"), where no other
    mention covers it."""
    begins = {m.begin for m in kept if m.cls == "Mechanism"}
    joined: set[int] = set()  # where the demonyms kept begin
    added = []
    for d in sorted(loose, key=lambda m: m.begin, reverse=True):
        # one space or line break between ("and Chinese\nloans paid for…" in a wrapped paragraph)
        next_to = text[d.end : d.end + 1].isspace() and d.end + 1 in begins
        listed = _DEMONYM_LIST.match(text, d.end)
        if not (next_to or (listed and listed.end() in joined)):
            continue
        if any(m.begin < d.end and d.begin < m.end for m in kept):
            continue  # part of another mention
        added.append(d)  # "Qatari and American air defences": both demonyms
        joined.add(d.begin)
    return sorted([*kept, *_distinct_spans(added)])


def _with_coordinated_exercises(text: str, kept: list[Mention]) -> list[Mention]:
    """Names coordinated before a named exercise share its head: "the Bersama Shield and Bersama
    Lima exercises" names two exercises, the first of them with no word "exercise" of its own
    (never where the name is already a mention: "Pakistan and China drills" names two states)."""
    added = []
    for m in kept:
        if m.via not in _EXERCISE_PATTERNS:
            continue
        end = m.begin
        while (before := _NAME_BEFORE.search(text, max(0, end - 60), end)) is not None:
            begin, stop = before.span("name")
            if any(k.begin < stop and begin < k.end for k in kept):
                break
            via = f"{m.via} (the head shared with '{m.surface}')"
            added.append(replace(m, begin=begin, end=stop, surface=before["name"], via=via))
            end = begin
    return sorted([*kept, *added]) if added else kept


def _narrower_inside(
    listed: list[tuple[int, int, str]],
    begin: int,
    end: int,
    entity: str,
    lineage: dict[str, frozenset[str]],
) -> str:
    """The concept a pattern's words name: the pattern's own, or the longest concept under it
    the lexicon finds inside them ("held its first joint naval exercise" are naval exercises,
    found by the pattern of exercises held)."""
    best, length = entity, 0
    for i in range(bisect.bisect_left(listed, (begin,)), len(listed)):
        b, e, inner = listed[i]
        if b >= end:
            break
        if e <= end and e - b > length and inner != entity and entity in lineage.get(inner, ()):
            best, length = inner, e - b
    return best


def _distinct_spans(mentions: list[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.begin, m.end), m)
    return list(seen.values())


def _with_state_firms(text: str, kept: list[Mention]) -> list[Mention]:
    """A firm named by an entity pattern right after a state's possessive ("Abu Dhabi's AD Ports
    Group has invested…") is that state's, as a state's force is: the state acts through it."""
    found = list(kept)
    for i, m in enumerate(kept):
        if i == 0 or m.cls != "Organization" or not m.via.startswith("pattern"):
            continue
        owner = kept[i - 1]
        if (
            owner.cls == "Nation"
            and _FIRM_NAME.match(m.surface)
            and _POSSESSIVE_BEFORE.match(text[owner.end : m.begin])
        ):
            found[i] = replace(
                m,
                entity=owner.entity,
                cls="Nation",
                label=owner.label,
                via=f"the state's firm '{m.surface}'",
            )
    return found


def _prefer_context(
    candidates: list[_Candidate],
    in_context: list[tuple[int, str]],
    lineage: dict[str, frozenset[str]],
) -> None:
    """A pattern that read the words around a name decides its class over a bare alias of the
    same words: "carries out drone strikes" are strikes carried out (a mechanism), not suffered
    (a threat). Of one class, the more specific concept stays: the pattern's where it is under
    the lexicon's ("the two navies exercise together": naval, not only joint, exercises), else
    the lexicon's."""
    spans: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for key in candidates:
        mention = key[4]
        if key[2] == 0 and mention.cls:
            spans.setdefault((mention.begin, mention.end), set()).add((mention.cls, mention.entity))
    for i, cls in in_context:
        length, _, _, begin, mention = candidates[i]
        bare = spans.get((mention.begin, mention.end))
        if not bare:
            continue
        narrower = any(entity in lineage.get(mention.entity, ()) for _, entity in bare)
        if narrower or cls not in {c for c, _ in bare}:
            candidates[i] = (length, -1, -1, begin, mention)


def _longest_first(candidates: list[_Candidate]) -> list[Mention]:
    """Keep non-overlapping candidates, longest first; ties go to exact case, then the lexicon."""
    candidates.sort(key=lambda c: c[:4])
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Mention] = []
    for *_, mention in candidates:
        i = bisect.bisect_right(starts, mention.begin)
        if i and ends[i - 1] > mention.begin:
            continue
        if i < len(starts) and starts[i] < mention.end:
            continue
        starts.insert(i, mention.begin)
        ends.insert(i, mention.end)
        kept.append(mention)
    kept.sort()
    return kept
