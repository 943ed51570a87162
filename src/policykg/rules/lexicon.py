"""Surface forms of concepts: aliases as written, plus the inflections authors need not type.

Nouns get their plural or singular (lemminflect), verb phrases every verb form ("share intelligence"
→ "shares", "shared", "sharing intelligence"). Names with capitals are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from policykg.rules.model import Concept, EntityPattern

_LOWER_WORD = re.compile(r"^[a-z][a-z'-]*$")

# A demonym names its state only before one of these ("Jordanian forces" is Jordan acting;
# "Jordanian citizens" or "Jordanian food" is not); the mention is the demonym alone.
STATE_NOUNS = (
    "forces",
    "armed forces",
    "security forces",
    "special forces",
    "troops",
    "soldiers",
    "army",
    "navy",
    "navies",
    "armies",
    "militaries",
    "air force",
    "air forces",
    "coast guards",
    "governments",
    "military",
    "coast guard",
    "government",
    "authorities",
    "officials",
    "diplomats",
    "delegation",
    "delegations",
    "leadership",
    "president",
    "prime minister",
    "minister",
    "ministers",
    "economy minister",
    "energy minister",
    "finance minister",
    "trade minister",
    "foreign minister",
    "foreign ministers",
    "defence minister",
    "defence ministers",
    "defense minister",
    "defense ministers",
    "interior minister",
    "interior ministers",
    "interior ministry",
    "king",
    "emir",
    "amir",
    "sultan",
    "crown prince",
    "monarch",
    "foreign ministry",
    "defence ministry",
    "defense ministry",
    "ministry of defence",
    "intelligence",
    "intelligence services",
    "peacekeepers",
    "warships",
    "navy ships",
    "officers",
    "police",
    "police officers",
    "personnel",
    "border guards",
    "national guard",
    "marines",
    "advisers",
    "advisors",
    "instructors",
    "cadets",
    "trainees",
    "counterparts",
    "defence firms",
    "defense firms",
    "defence companies",
    "defense companies",
    "defence industry",
    "defense industry",
    "arms manufacturers",
    "shipyards",
    "units",
    "contingent",
    "contingents",
    "battalion",
    "battalions",
    "brigade",
    "brigades",
    "regiment",
    "squadron",
    "unit",
    "commandos",
    "paratroopers",
    "trainers",
    "deployment",
    "aircraft",
    "warplanes",
    "fighter jets",
    "bombers",
    "gendarmes",
    "gendarmerie",
    "ships",
    "vessels",
    "jets",
    "border troops",
    "border forces",
    "border police",
    "border units",
    "paramilitaries",
    "mercenaries",
    "military contractors",
    "envoy",
    "envoys",
    "negotiators",
    "mediators",
    "foreign minister",
    "defence minister",
    "defense minister",
    "pilots",
    "sailors",
    "crews",
    "engineers",
    "technicians",
    "security services",
    "firms",
    "firm",
    "company",
    "consortium",
    "industries",
    "port",  # "the Beninese port of Sèmè": the state's port
    "province",  # "the Turkish province of Iğdır": the state's province
    # a state's firm named by its trade: "Turkish Aerospace", "Italian shipbuilders"
    "aerospace",
    "petroleum",
    "shipbuilder",
    "shipbuilders",
    "companies",
    "manufacturers",
    # "sells crude oil to Chinese refiners": the state whose firms buy
    "refiners",
    "refineries",
    "buyers",
    "importers",
    "investors",
    "side",  # "the Iranian side said", "on the Armenian side of the border"
    "economy",  # "supported the Tunisian economy with loans": the state's economy
    "funds",  # "rebuilt the border post with Japanese funds": the state's money
    "infrastructure",  # "has invested in Kazakh infrastructure"
    "central bank",
    "treasury",
    "banks",
    # "built with Chinese help", "with Russian assistance": who helps
    "help",
    "assistance",
)
# Short names two states share in use: "Congo" is ISO's short name of the Republic of the Congo and
# the news's of the Democratic Republic ("a peace agreement between the Congo and Rwanda"). The
# document decides: where it names one of the two otherwise ("Kinshasa", "eastern Congo", "the DRC";
# "Brazzaville"), the short name is that one; where it names neither or both, the lexicon's stands.
SHARED_NAMES = {"congo": ("congo-republic", "dr-congo")}
# The kinds of state a reference may name ("the kingdom", "the sultanate", "the emirate"): the
# states whose names say so ("Kingdom of Saudi Arabia", "Sultanate of Oman"), and these, whose
# names do not.
STATE_KINDS = ("kingdom", "sultanate", "emirate", "islands")
STATE_KINDS_UNNAMED = {
    "sultanate": ("brunei-darussalam",),
    "emirate": ("kuwait", "qatar", "united-arab-emirates"),
    # "When Cyclone Kenneth struck the islands, Morocco sent food aid": the island states the
    # genre calls "the islands" whose names do not say so (as a partner only, and only where the
    # document is about one or opens with a pair that has one: see extract._island_state)
    "islands": (
        "comoros",
        "maldives",
        "seychelles",
        "cabo-verde",
        "sao-tome-and-principe",
        "mauritius",
    ),
}
# Adjectives that may stand between an owner and what it owns ("Iraqi federal border guards",
# "Egypt's own sanctions"); the relation engine reads possessives with them too.
OWNER_ADJECTIVES = ("own", "federal", "regular", "elite", "state", "state-owned")
STATE_NOUN_AFTER = re.compile(
    # coordinated demonyms may stand between: "Australian and Indonesian navies"
    r"(?:\s*(?:,|\band\b|\bor\b)\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)*"
    # and one hyphenated modifier ("Mozambican rapid-reaction units") or one of a few adjectives
    # ("Iraqi federal border guards")
    r"[\s-]+(?:[a-z]+-[a-z]+\s+|(?:"
    + "|".join(OWNER_ADJECTIVES)
    + r")\s+"
    # or a model's name before what it names: "German Tornado jets", "Australian P-8A Poseidon
    # aircraft"
    + r"|(?-i:[A-Z][A-Za-z\d-]*)(?:\s+(?-i:[A-Z][A-Za-z\d-]*))?\s+"
    + r"(?=(?:jets|aircraft|warplanes|bombers|fighter\s+jets|warships)\b)"
    + r")?(?:"
    + "|".join(sorted((n.replace(" ", r"\s+") for n in STATE_NOUNS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)

# "the American-led operation": a demonym before "-led" names the state that leads what follows
# (the matcher reads the demonym as the state; the engine takes it for no clause's subject).
# "the Saudi-led coalition", "the EU-backed Union", "Indian-donated aircraft": a state named as who
# leads, backs or gives what follows, before a hyphen
LED_AFTER = re.compile(
    r"-(?:led|backed|sponsored|brokered|donated|gifted|supplied|funded|financed)\b"
)

# A place's name before one of these words names an event or a document, not the state: "the Berlin
# Conference", "the Astana Process", "the Tehran Declaration".
EVENT_NAME_AFTER = re.compile(
    r"[\s-]+(?:Conference|Process|Declaration|Summit|Format|Group|Communiqu[eé]|Protocol|Talks|"
    r"Dialogue|Consensus|Document|Plan|Formula|Initiative)\b"
)


@cache
def _noun_forms(word: str) -> tuple[str, ...]:
    import lemminflect

    forms = set(lemminflect.getInflection(word, "NNS", inflect_oov=True))
    if word.endswith("s"):
        forms.update(lemminflect.getAllLemmas(word, upos="NOUN").get("NOUN", ()))
    forms.discard(word)
    return tuple(sorted(forms))


@cache
def _verb_forms(word: str) -> tuple[str, ...]:
    import lemminflect

    forms = {word}
    for values in lemminflect.getAllInflections(word, upos="VERB").values():
        forms.update(values)
    if len(forms) == 1:
        for tag in ("VBD", "VBG", "VBZ"):
            forms.update(lemminflect.getInflection(word, tag, inflect_oov=True))
    return tuple(sorted(forms))


def _inflect_last_word(alias: str) -> Iterator[str]:
    head, _, last = alias.rpartition(" ")
    if "-" in last:  # "cyber-attack" → "cyber-attacks": inflect the part after the hyphen
        stem, _, last = last.rpartition("-")
        head = f"{head} {stem}-".lstrip() if head else f"{stem}-"
    elif head:
        head += " "
    if _LOWER_WORD.match(last):
        for form in _noun_forms(last):
            yield head + form


@cache
def surface_forms(concept: Concept) -> tuple[tuple[str, str], ...]:
    """Every (form, case mode) that names the concept, in a stable order."""
    forms: dict[str, str] = {}
    own_case = dict(concept.alias_case)
    for alias in (concept.label, *concept.aliases):
        case = own_case.get(alias, concept.case)
        forms.setdefault(alias, case)
        if concept.inflect and concept.cls != "Nation":
            for form in _inflect_last_word(alias):
                forms.setdefault(form, case)
    for form in verbal_forms(concept):
        forms.setdefault(form, concept.case)
    return tuple(forms.items())


@cache
def verbal_forms(concept: Concept) -> frozenset[str]:
    """The forms of the concept's verb phrases: "shares intelligence", "shared intelligence"…"""
    found = set()
    for phrase in concept.verbs:
        first, _, rest = phrase.partition(" ")
        for form in _verb_forms(first):
            found.add(f"{form} {rest}".strip())
    return frozenset(found)


_FORM_INDEXES: dict[int, tuple[dict[str, Concept], int, dict[str, str]]] = {}


def _form_index(concepts: dict[str, Concept]) -> dict[str, str]:
    """Each casefolded surface form with the first concept it names, built once per dict of
    concepts (again if concepts were added since)."""
    kept = _FORM_INDEXES.get(id(concepts))
    if kept is not None and kept[0] is concepts and kept[1] == len(concepts):
        return kept[2]
    index: dict[str, str] = {}
    for concept in concepts.values():
        for form, _ in surface_forms(concept):
            index.setdefault(form.casefold(), concept.id)
    if len(_FORM_INDEXES) > 8:
        _FORM_INDEXES.clear()
    _FORM_INDEXES[id(concepts)] = (concepts, len(concepts), index)
    return index


def resolve_term(
    term: str, concepts: dict[str, Concept], patterns: Iterable[EntityPattern] = ()
) -> str | None:
    """The entity id a user means by a concept id, label or alias (case-insensitive), if any."""
    if term in concepts:
        return term
    found = _form_index(concepts).get(term.casefold())
    if found is not None:
        return found
    for pattern in patterns:
        if pattern.regex.fullmatch(term):
            from policykg.rules.matcher import pattern_entity_id

            return pattern_entity_id(term)
    return None
