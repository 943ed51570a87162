"""Apply a rule pack to a document: mentions, the document's focus, and the facts rules fire.

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
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from policykg.ontology import ACTORS, GROUPINGS
from policykg.rules.lexicon import LED_AFTER, OWNER_ADJECTIVES, STATE_NOUN_AFTER, resolve_term
from policykg.rules.matcher import Mention, is_goods_demonym
from policykg.rules.model import MENTION_SLOTS, Relation, RulePack
from policykg.rules.prefilter import Prefilter
from policykg.rules.verbs import verb_spans
from policykg.sources.model import Document, Sentence

# What may stand between two members of a list: commas, "and", "or", "as well as", and the generic
# head nouns that follow a concept without changing it ("counter-terrorism efforts, …").
_HEAD_NOUN = (
    r"(?:\s+(?:efforts?|actions?|operations?|missions?|initiatives?|measures?|activities|"
    r"programmes?|programs?|forces?|capabilities|strategies|networks?|police|troops|soldiers|"
    r"officials|diplomats|authorities|governments?|"
    # "The Pakistan Navy and the Chinese navy hold…": a state's service after its name
    r"(?:navy|army|air\s+force|coast\s+guard)(?!['’])|"
    # "the headquarters of the US Navy's Fifth Fleet and of the Combined Maritime Forces"
    r"navy['’]s\s+(?:[\w-]+\s+){0,2}(?:fleet|command)))?"
)
_LIST_GAP = re.compile(
    _HEAD_NOUN
    + r"(?:\s*[,;:]\s*(?:(?:and|or|as\s+well\s+as|and/or|along\s+with|&|such\s+as|including|like|"
    r"notably|especially|particularly)\s+)?"
    r"|\s+(?:and|or|as\s+well\s+as|and/or|along\s+with|&|such\s+as|including|like)\s+"
    # a repeated preposition: "a member of the OIC and of SAARC", "relies on X and on Y"
    r"(?:(?:of|to|with|on|in|from|for|against)\s+)?"
    # coordinated possessives: "Uzbekistan's and Kazakhstan's power sectors"
    r"|['’]s(?:\s*,\s*(?:and\s+)?|\s+and\s+))"
    r"(?:other\s+(?:forms\s+of\s+)?)?(?:(?:the|its|their|a|an)\s+)?"
    # "Boko Haram and its offshoot, ISWAP": a relative of the member before, named
    r"(?:(?:offshoot|offshoots|affiliate|affiliates|splinter\s+group|rival|rivals|successor|"
    r"allies|ally|partner|partners|neighbour|neighbours|neighbor|neighbors)\s*,?\s*)?",
    re.IGNORECASE,
)
# "Türkiye, a NATO member, …": an apposition saying what the name before belongs to.
_MEMBER_APPOSITION = re.compile(r",\s*(?:a|an)\s+$", re.IGNORECASE)
_MEMBER_AFTER = re.compile(
    r"\s+(?:founding\s+|full\s+|fellow\s+)?(?:member|member\s+state|ally)\b", re.IGNORECASE
)
# "the X Charter, a mutual defence pact": an apposition naming the kind of what was just named,
# unless a list goes on after it ("the X Charter, a trade deal and a security pact").
_APPOSITIVE_KIND = re.compile(r"\s*,\s*an?\s+(?:[\w-]+\s+){0,2}", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*)?(?:and|or)\b|\s*,\s*(?:an?|the)\s", re.IGNORECASE)
_UNNAMED_ITEM = re.compile(r"\s*,\s*[a-z][\w-]*\s*,?\s+and\s+")
_CONJUNCTION = re.compile(r"\b(?:and|or|as\s+well\s+as|along\s+with)\b|&", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?\b")
# ", and Qatar has donated…", ", and Qatar funds…": a comma and a conjunction before a name its
# verb follows.
_COMMA_AND = re.compile(_HEAD_NOUN + r"\s*,\s*(?:and|but)\s+(?:the\s+)?", re.IGNORECASE)
_CLAUSE_AFTER = re.compile(
    r"\s+(?:has|have|had|is|are|was|were|will|would|can|could|may|might|also|then|now|still|"
    r"[a-z]+(?:s|ed))\b"
)
# ", and Saudi Arabia and the United States have hosted…": a pair before its verb opens a clause
_PAIR_CLAUSE_AFTER = re.compile(
    r"\s+and\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}" + _CLAUSE_AFTER.pattern
)
# "…, and the Qatar Investment Authority has invested…": a state's name opening the name of one
# of its bodies, whose verb follows.
_BODY_CLAUSE_AFTER = re.compile(r"(?:\s+[A-Z][\w'’-]*){1,3}" + _CLAUSE_AFTER.pattern)
# A state's forces, and its organs: what only a nation has.
_FORCES = r"army|armed\s+forces|military|navy|air\s+force|coast\s+guard|security\s+forces"
_ORGANS = rf"{_FORCES}|government|president|prime\s+minister|parliament"
# What only states have, in the plural after "their" ("Their navies held a joint exercise").
_THEIR_ORGANS = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:navies|armies|militaries|air\s+forces|armed\s+forces|coast\s+guards|"
    r"governments|presidents|prime\s+ministers|parliaments|foreign\s+ministers|defen[cs]e\s+"
    r"ministers|ambassadors|embassies)\b",
    re.IGNORECASE,
)
# Pronouns and definite descriptions that refer back to an actor (see _antecedent); "its navy"
# (the whole phrase, so that its verb follows it) and "the kingdom" refer to a nation only.
_ANAPHOR = re.compile(
    rf"\b(?:it|(?P<organ>its\s+(?:own\s+)?(?:{_ORGANS}))\b|its|(?P<plural>they|their)|"
    r"the\s+(?P<kind>nation|country|state|kingdom|sultanate|emirate)|"
    r"this\s+(?P<kind2>nation|country|kingdom|sultanate|emirate))\b",
    re.IGNORECASE,
)
# A coordinated clause with a subject of its own, a reference's: "…, and its navy trained…".
_OWN_SUBJECT_CLAUSE = re.compile(
    r"[,;]\s*(?:and|but|while|whereas)\s+(?:its|their)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+"
    r"(?:has|have|had|is|are|was|were|will|would|can|could|also|then|now|still|regularly|often|"
    r"[a-z]+(?:s|ed))\b"
)
# A reference that opens a sentence as its subject: "The country is…", "It has…".
_OPENING_ANAPHOR = re.compile(
    r"\s*(?:it|(?P<plural>they)|(?:the|this)\s+(?P<kind>nation|country|state|kingdom|sultanate|"
    r"emirate))\b"
    r"(?!['’]s|\s+(?:is|was)\s+(?:not\s+)?(?:clear|unclear|likely|unlikely|possible|true|said|"
    r"known|expected|thought|believed|reported|important|worth|time)\b)",
    re.IGNORECASE,
)
# An unnamed deal opening a sentence with what it is for: "… Indonesia and Vietnam concluded
# negotiations on their boundary. The deal is meant to curb illegal fishing" (its parties do).
_DEAL_OPENING = re.compile(
    r"\s*(?:the|this|that|their|the\s+new)\s+(?:deal|agreement|accord|pact|treaty|arrangement)\b"
    r"(?=\s+(?:(?:is|was|are|were)\s+(?:also\s+)?(?:meant|designed|intended|supposed)\s+to|"
    r"aims?\s+to|seeks?\s+to)\b)",
    re.IGNORECASE,
)
# "The army", "the armed forces": the forces of the document's focus (a nation named by a
# demonym, "the Chadian army", is a mention of its own).
_ANAPHOR_ARMY = re.compile(rf"\bthe\s+(?:{_FORCES})\b", re.IGNORECASE)
# Where a clause opens, so that the words after are its subject ("…, and the army trains"; not
# "has given the army $3 billion").
_CLAUSE_OPENS = re.compile(
    r"(?:^|[,;:]|\b(?:and|but|while|whereas|as|since|when|because|although|though|after|before|"
    r"until|so|then))\s*$",
    re.IGNORECASE,
)
# A coordinated verb phrase: "Rabat co-chairs the Forum and runs programmes" — the "and" stands
# for the clause's subject when a lower-case word (a verb, not a name or an article) follows it.
_AND_VERB = re.compile(
    r"(?:,\s*|\b)(?:and|but|while|(?<=,\s)then|(?<=,)then)\s+(?:(?:then|also|has|have|had|is|are|was|were|will|would|can|"
    r"could|now|then|still|regularly|often)\s+)*(?=[a-z])(?!(?:the|a|an|its|their|this|these)\b)",
)
# A participle after a comma continues the clause's subject: "Saudi Arabia has been one of
# Egypt's main backers, depositing billions of dollars…" (Saudi Arabia deposits, not Egypt).
_PARTICIPLE = re.compile(
    r",\s*(?:also\s+)?(?=(?!(?:including|according|regarding|concerning|following|excluding|"
    r"involving|covering|spanning|amounting|ranging|bordering|notwithstanding)\b)[a-z]+ing\b)"
)
# A phrase of time that opens a sentence ("Within weeks", "In January 2024,", "Later that year").
_OPENING_TIME = re.compile(
    r"\s*(?:In|By|Within|During|Since|After|Later|Earlier|Last|Early|Late|Next|On|At)\b[^,;.]{0,40}?"
    r"(?:,\s*|\s+)"
)
# A determiner right after a verb: the verb takes an object of its own ("trained its crews").
_OBJECT_AFTER_VERB = re.compile(r"\s+(?:its|their|his|her|the|a|an)\b", re.IGNORECASE)
# "Both countries", "the two nations": a pair named just before.
_ANAPHOR_PAIR = re.compile(
    r"\b(?:(?:both|(?:the|all)\s+(?P<n>two|three|four|five|six))\s+"
    # "the three NATO members": a grouping's name may say what they are members of; "the two
    # foreign ministers": an office before the ministers
    r"(?:(?:(?:foreign|defen[cs]e|interior|finance|trade|energy|economy|prime|deputy)\s+)?"
    r"(?:countries|nations|states|"
    r"governments|sides|partners|allies|armies|militaries|navies|forces|leaders|presidents|juntas|"
    r"regimes|monarchies|neighbours|neighbors|"
    r"ministers|delegations|parties)\b|(?-i:[A-Z][\w-]*)\s+(?:members|member\s+states)\b)"
    # "Both are members of…", "of which all three are founding members": alone before the verb
    r"|(?:both|(?:the|all)\s+(?P<n2>two|three|four|five|six))"
    r"(?=\s+(?:are|were|have|had|has|also|remain|remained|will|would|can|could|belong|belonged|"
    r"share|shared|border|sit|sat|joined|signed|hold|held|oppose|opposed|depend|depended)\b))",
    re.IGNORECASE,
)
# A state, or a body of it, named by reference: "its army", "the navy", "the kingdom".
_STATE_REFERENCE = re.compile(
    rf"\b(?:its|the|this)\s+(?:own\s+)?(?:{_ORGANS}|country|nation|kingdom|sultanate|emirate)\b",
    re.IGNORECASE,
)
# "The two countries and Cyprus": a name joined to the pair.
_PAIR_AND = re.compile(r"\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+(?:the\s+)?")
# "The pact", "this agreement": the agreement named just before.
# Words after which a list gives examples of what stands before: "partnerships, including training".
_EXAMPLES = re.compile(
    r"\b(?:such\s+as|including|like|notably|especially|particularly)\b", re.IGNORECASE
)
_ANAPHOR_AGREEMENT = re.compile(
    r"\b(?:the|this|that)\s+(?:pact|agreement|treaty|accord|deal|arrangement|memorandum|"
    r"declaration|charter|convention|protocol|initiative|code)\b",
    re.IGNORECASE,
)
# "the council aims to…", "paid for part of the mission": the organization named last whose name
# has that word ("the Red Sea Council"), or, for the words that name any grouping ("the bloc"),
# the organization named last.
_ANAPHOR_ORGANIZATION = re.compile(
    r"\b(?:the|this|that)\s+(?P<head>council|mission|league|union|community|commission|forum|"
    r"coalition|force|bloc|grouping|organi[sz]ation|operation|conclave)\b",
    re.IGNORECASE,
)
# "In 2024 the alliance opened a liaison office in Amman" after NATO: the words the lexicon reads
# as the generic alliance (an agreement) stand for the organization named last.
_ANAPHOR_ALLIANCE = re.compile(r"\b[Tt]he\s+alliance\b")
# A word that opens a clause of its own after another ("suspended it after Madrid backed…").
_SUBORDINATE = re.compile(
    r"\b(?:after|because|when|whereas|while|before|until|although|though|once)\b|[;:]",
    re.IGNORECASE,
)
# "Iran joined as a full member in 2023": the grouping named last is what it joined.
_JOINED_AS_MEMBER = re.compile(
    r"(?<=\bjoined\s)as\s+(?:an?\s+|the\s+(?:[\w-]+\s+)?|its\s+(?:[\w-]+\s+)?)?"
    r"(?:full\s+|founding\s+|new\s+|permanent\s+)?member\b",
    re.IGNORECASE,
)
_CLAUSE_OPENING_BEFORE = re.compile(r"(?:^|;|,\s*(?:and|but|while|whereas))\s*$", re.IGNORECASE)
_ANY_GROUPING = frozenset({"bloc", "grouping", "organization", "organisation"})
# "Its members", "their signatories": the organization or agreement named just before.
_ITS_MEMBERS = re.compile(
    r"\b(?:its|their)(?=\s+(?:(?:founding|full|current|original|\w+)\s+)?(?:members|member\s+"
    r"states|member\s+countries|signatories|states\s+parties|(?:troop\s+)?contributors)\b)"
    # "The signatories agreed to share information": those of the agreement named last
    r"|\bthe(?=\s+(?:signatories|states\s+parties|member\s+states)\b(?!\s+(?:of|to)\b))",
    re.IGNORECASE,
)
# "It was set up in 1984 by …": "it" as the object of a passive, for an organization or agreement
# "drone strikes against the group": the armed group named last (a name, not "terrorism").
_ANAPHOR_ARMED_GROUP = re.compile(
    r"\bthe\s+(?:group|militants|militia|insurgents|insurgency|jihadists|movement|rebels)\b"
)
_IT_PASSIVE = re.compile(
    r"\b(?:it|they)(?=\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:set\s+up|founded|co-founded|established|created|formed|launched|signed|ratified|"
    r"announced|initiated|joined)\b)",
    re.IGNORECASE,
)
_THREAT = frozenset({"Threat"})
# A clause coordinated to the one before, opening with a name: "…, and Japan opened its base".
_COORDINATED_CLAUSE = re.compile(r"(?:;\s*|,\s*(?:and|but|while|whereas)\s+)(?=(?:the\s+)?[A-Z])")
# A subordinate clause opening a sentence: its names are no subjects of the main clause.
_FRONTED = re.compile(
    r"\s*(?:When|While|Although|Though|Even\s+though|After|Before|Since|Because|Once|Until|"
    r"Whereas|Whenever|If|As\s+soon\s+as)\b"
    # "Since 2011 a South Korean unit has been stationed…": a date, no clause
    r"(?!\s+(?:(?:early|late|mid-?)\s*)?(?:\d{4}s?|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|then)\b)"
)
# A prepositional phrase that opens a sentence, before its name: "In Tripoli, …", "Together with
# Egypt, …".
_OPENING_PLACE = re.compile(
    r"\s*(?:In|At|From|Inside|Within|Across|Throughout|Beyond|Outside|Near|Along|Unlike|Like|"
    r"Besides|Apart\s+from|Alongside|(?:Together|Along|Jointly)\s+with)\s+(?:the\s+)?"
)
# "between X and Y": the two sides of talks, a conflict or an agreement ("between the government
# of the Congo and the M23 rebel movement": a few words may stand between the name and "and")
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
_BETWEEN_AND = re.compile(r"(?:\s+[\w'’-]+){0,2}?\s+and\s+(?:the\s+)?", re.IGNORECASE)
# Where a clause opens inside a sentence, before a pair reference that is its subject.
_PAIR_CLAUSE_OPENS = re.compile(
    r"(?:,\s*(?:where|when|and|but)|;|\bwhere|\b(?:under|in|by|through)\s+which)\s+$",
    re.IGNORECASE,
)
# An article right after a name: the name opens a clause whose verb is left out ("Türkiye supports
# the authorities in Tripoli, Egypt the eastern commander"), no list goes on.
_GAPPED_CLAUSE = re.compile(r"\s+(?:the|a|an)\s+(?-i:[a-z])")
# A relative pronoun right before a verb: the verb's subject is the noun before the pronoun.
_RELATIVE_PRONOUN_BEFORE = re.compile(r"\b(?:that|which|who)\s+(?:\w+ly\s+)?$")
_AGREEMENT = frozenset({"Agreement"})
_ORGANIZATION = frozenset({"Organization"})
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# A group right after a preposition is its object, never the subject of the clause.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|of|in|into|for|from|on|against|by|among|between|through|via|across|at|about|"
    r"alongside|beside|towards?|than|like|as)\s+(?:(?:the|a|an|its|their|other|such|northern|"
    r"southern|eastern|western|central|north-eastern|north-western|south-eastern|"
    r"south-western)\s+)*$",
    re.IGNORECASE,
)
# How far back the phrases that end right before a name are looked for: searched from the start
# of a long sentence, they made it quadratic (a 1 MB line took a minute).
_LOOK_BACK = 300
# People who act for the states named after them: "the foreign ministers of Egypt and Jordan",
# "King Abdullah II of Jordan".
_AGENTS_OF = re.compile(
    r"(?:\b(?:(?:foreign|defen[cs]e|interior|prime)\s+)?(?:ministers?|leaders?|heads?\s+of\s+state|"
    r"heads?\s+of\s+government|presidents?|kings?|monarchs?|emirs?|amirs?|sultans?|"
    r"crown\s+princes?|delegations|delegates|representatives|"
    r"envoys|officials|chiefs\s+of\s+(?:general\s+)?staff|governments|navies|armies|militaries|"
    r"armed\s+forces|coast\s+guards|intelligence\s+services|diplomats)"
    r"|(?-i:\b(?:King|Queen|Emir|Amir|Sultan|Crown\s+Prince|Prince|Sheikh|President|Prime\s+Minister)"
    r"(?:\s+[A-Z][\w'’-]+){1,3}))\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Words, for gaps: the "s" of a possessive "'s" is no word ("Turkey's alliances" are adjacent), and
# a number is one ("3.2 billion", "15,000 troops").
_WORD = re.compile(r"(?<!['’])(?<!\d[.,])\b\w+")
# "Turkey's counter-terrorism", "Iraqi federal border guards"
_ADJACENT = re.compile(r"(?:['’]s?)?\s*(?:(?:" + "|".join(OWNER_ADJECTIVES) + r")\s+)?")
# "their 1994 peace treaty": a year may stand between the parties and their agreement
_ADJACENT_DATED = re.compile(r"(?:['’]s?)?\s*(?:1[89]|20)\d\d\s+")
_RELATIVE_AFTER = re.compile(r"(?:\s+\w+){0,2}\s*,?\s*(?:which|who|whose|that)\b", re.IGNORECASE)
# Words that make a statement a possibility rather than an assertion.
# What ends a clause: a verb of one clause does not reach a name in the next.
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s*(?:which|who|whom|where)\b|\b(?:but|whereas|while|although|though|because|unless|"
    r"if|when)\b",
    re.IGNORECASE,
)
# A coordinated clause after a verb: what follows is no longer the verb's object.
_NEXT_CLAUSE = re.compile(r",\s*(?:and|but|or)\s", re.IGNORECASE)
# An item of a list before its ", and": a comma at most four words before.
_LIST_ITEM_BEFORE = re.compile(r",\s*(?:[\w'’-]+\s+){0,3}[\w'’-]+\s*$")
# A relative clause right after a subject: its verb has the subject for its own ("China, which is
# building roads…"), and the main verb follows it ("Egypt, which lost its revenue, backed talks").
_RELATIVE_CLAUSE = re.compile(
    r"\s*,\s*(?:(?:in|to|of|with|by|for|through|under)\s+)?(?:which|who|whom)\s+[^;:]*?"
    # it ends at the comma before the main verb (a list inside it has commas too), or with the
    # sentence
    r"(?:,(?=\s+(?:has|have|had|is|are|was|were|will|would|can|could|may|might|also|now|still|"
    r"[a-z]+(?:s|ed)\b))|(?=[.;:]\s|[.;:]?$))",
)
# An apposition: a short phrase between commas with no verb of its own ("Indonesia, the world's
# largest archipelagic state, treats…").
_APPOSITION = re.compile(
    r"\s*,\s*(?!(?:which|who|whose|whom|that|and|or|but)\b)"
    r"(?:(?!\b(?:is|are|was|were|has|have|had|will|would|and|or|which|who|whom|whose)\b)"
    r"[^,;:.()\n]){1,60}?,",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(
    r"[;:]|,\s*(?:and|but|while|whereas|which|who|where)\b|\b(?:but|whereas|while|although|though|"
    r"because|unless|if|when|that|(?:in|under|by|through|with|to|for|of)\s+which|"
    # a verb of saying opens the clause it reports: "Egypt said Turkey revived the treaty"
    r"(?:said|says|say|stated|states|argued|argues|claimed|claims|announced|announces|noted|"
    r"notes|warned|warns|insisted|insists|added|adds|reported|reports|believes|believed|"
    r"thinks|thought|hopes|hoped|fears|feared|expects|expected)(?:\s+that)?)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    # "In May 2023", "on 5 May": the month, no hedge
    r"\b(?:could|(?<!\d\s)may(?!\s+\d{1,4}\b)|might|would|can|possibly|potentially|perhaps|likely|"
    r"suppose)\b",
    re.IGNORECASE,
)
# "joins no military alliance", "has no defence pact with": a phrase "no" determines is denied
_NO_BEFORE = re.compile(r"\bno\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


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
    implicit: bool = False  # the subject is the focus or a pronoun's antecedent
    modality: str = "asserted"  # or "possible" ("could", "may", "might")


@dataclass(frozen=True)
class _Span:
    begin: int  # offsets in the sentence
    end: int
    members: tuple[Mention, ...] = ()
    anaphor: bool = False  # "it", "the nation": stands for an antecedent
    heads: int = 0  # members before "such as"/"including" (the rest are examples); 0: all
    closed: bool = False  # an "and" or "or" joined its last member: a bare comma ends it


@dataclass
class Context:
    """What a sentence's rules know beyond the sentence: the document's focus (and whether its
    title or front matter names it), the mentions of the sentence before, the concept hierarchy."""

    focus: Mention | None = None
    strong_focus: bool = False
    previous: list[list[Mention]] = field(default_factory=list)  # recent sentences, latest first
    lineage: dict[str, frozenset[str]] = field(default_factory=dict)
    # the nations "the kingdom", "the sultanate", "the emirate" may stand for (RulePack.state_kinds)
    state_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    # what "both countries" or "the two governments" opening the latest sentence stood for
    pair: tuple[Mention, ...] = ()
    # the last such pair within the remembered sentences, and how many sentences ago it was named
    recent_pair: tuple[Mention, ...] = ()
    recent_pair_age: int = 0
    # the mentions of the latest sentence with any that no preposition governs (its subjects)
    previous_subjects: tuple[Mention, ...] = ()
    # the two named "between … and …" in the latest sentence ("mediated between Kinshasa and the
    # M23"): the sides "both sides" in the next stands for
    sides: tuple[Mention, ...] = ()
    # where the mentions inside relative clauses of remembered sentences begin ("EUFOR Althea,
    # which took over from NATO's SFOR": "its" in the next sentence is EUFOR's, not SFOR's)
    embedded: set[int] = field(default_factory=set)
    # the nations listed with each organization or agreement where it was last named ("Ghana,
    # Benin and Togo launched the Accra Initiative…. Its members share intelligence…")
    members: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    # how many names the list of each remembered mention holds, by where the mention begins
    listed: dict[int, int] = field(default_factory=dict)
    # the two states the document opens with as the subject of one of its first sentences
    # ("Saudi Arabia and Jordan set up a coordination council…"), and how many sentences came
    opening_pair: tuple[Mention, ...] = ()
    seen: int = 0

    def remember(self, mentions: list[Mention], sentence: Sentence | None = None) -> None:
        """Keep the mentions of the last few sentences that had any, for pronouns to refer to
        (a heading is no discourse for them, but a title may name the document's pair)."""
        if sentence is not None and sentence.kind == "heading":
            if self.seen == 0 and not self.opening_pair:
                self.opening_pair = _opening_pair(sentence.text, _groups(sentence, mentions))
            return
        if sentence is not None:
            opening = _ANAPHOR_PAIR.match(
                sentence.text, len(sentence.text) - len(sentence.text.lstrip())
            )
            self.pair = _pair_antecedent(opening, [], None, self) if opening else ()
            if self.pair:
                self.recent_pair, self.recent_pair_age = self.pair, 0
            elif self.recent_pair:
                self.recent_pair_age += 1
                if self.recent_pair_age >= self.MEMORY:
                    self.recent_pair = ()
        if mentions:
            self.previous = [mentions, *self.previous[: self.MEMORY - 1]]
            if sentence is not None:
                self.sides = _between_sides(sentence, mentions)
                groups = _groups(sentence, mentions)
                self.seen += 1
                if not self.opening_pair and self.seen <= self.OPENING:
                    self.opening_pair = _opening_pair(sentence.text, groups)
                subjects = tuple(
                    m for g in groups if not _is_prepositional(sentence.text, g) for m in g.members
                )
                opening = _OPENING_ANAPHOR.match(sentence.text)
                if opening is not None:
                    # "The sultanate is a member of the GCC but stayed out of the war in Yemen.
                    # Its navy…": the sentence's subject is what its opening reference stood for
                    subjects = (*self._referent(opening.group("kind") or ""), *subjects)
                if self.pair:
                    # "The two states pledged … from Afghanistan. They also agreed…": the pair
                    # that opened the sentence is its subject
                    subjects = (*self.pair, *subjects)
                self.previous_subjects = subjects
                for g in groups:
                    clause = _RELATIVE_CLAUSE.match(sentence.text, g.end)
                    if clause is not None:
                        begin, end = (sentence.begin + i for i in clause.span())
                        self.embedded.update(m.begin for m in mentions if begin <= m.begin < end)
                self.members.update(_listed_members(sentence.text, groups))
                self.listed.update((m.begin, len(g.members)) for g in groups for m in g.members)

    def _referent(self, kind: str) -> tuple[Mention, ...]:
        """What a reference opening the next sentence stands for, before any rule narrows it:
        the first actor among the subjects of the sentence before (a state of that kind for "the
        kingdom" and the like, where one is), else, for "the country" and the like, the focus
        ("It" after a sentence with no actor for subject is no actor: "Participation … bestows
        benefits on the nation. It empowers…")."""
        if not kind:
            return next(((m,) for m in self.previous_subjects if m.cls in ACTORS), ())
        nations = [m for m in self.previous_subjects if m.cls == "Nation"]
        fallback = [*nations, *([self.focus] if self.focus is not None else [])]
        return tuple(_of_kind(fallback, kind, self)[:1])

    MEMORY = 3
    OPENING = 3  # the sentences with mentions, title included, that may name the opening pair


def _opening_pair(text: str, groups: list[_Span]) -> tuple[Mention, ...]:
    """The two states a sentence opens with as its subject ("Saudi Arabia and Jordan set up…",
    "In 2022 Iran and Azerbaijan agreed…"), if its first group names two states and nothing else
    and no preposition governs it."""
    if not groups or _is_prepositional(text, groups[0]):
        return ()
    pair = _distinct(groups[0].members)
    if len(pair) == 2 and len(groups[0].members) == 2 and all(m.cls == "Nation" for m in pair):
        return tuple(pair)
    return ()


def _between_sides(sentence: Sentence, mentions: list[Mention]) -> tuple[Mention, ...]:
    """The two actors or threats a sentence names "between … and …" (the first such pair)."""
    for found in _BETWEEN.finditer(sentence.text):
        after = [
            m
            for m in mentions
            if m.cls in (*ACTORS, "Threat") and m.begin - sentence.begin >= found.end()
        ][:2]
        if len(after) == 2 and _BETWEEN_AND.fullmatch(
            sentence.text, after[0].end - sentence.begin, after[1].begin - sentence.begin
        ):
            return tuple(after)
    return ()


def _of_kind(nations: list[Mention], kind: str, ctx: Context) -> list[Mention]:
    """The nations a reference of this kind may stand for ("the kingdom": Saudi Arabia, not the
    United States named just before), all of them when none is of its kind or the kind is any
    state's ("the country")."""
    states = _states_of(kind, ctx)
    if not states:
        return nations
    return [m for m in nations if m.entity in states] or nations


def _states_of(kind: str, ctx: Context) -> frozenset[str] | None:
    """The states "the kingdom", "the sultanate" or "the emirate" may name; None for any other
    reference ("the country")."""
    return ctx.state_kinds.get(kind.lower()) if kind else None


def _listed_members(text: str, groups: list[_Span]) -> dict[str, tuple[Mention, ...]]:
    """For each organization or agreement a sentence names, the list of two or more nations of
    its clause (its founders, members or signatories, whatever the verb): the nearest before it,
    else the nearest after it, with no clause break between ("Ghana, Benin and Togo launched the
    Accra Initiative …; Mali and Niger joined later as observers": the first three)."""
    lists = [
        (g, nations)
        for g in groups
        if len(nations := tuple(m for m in g.members if m.cls == "Nation")) >= 2
    ]
    found = {}
    for g in groups:
        groupings = [m for m in g.members if m.cls in GROUPINGS]
        if not groupings:
            continue
        before = [
            nations
            for span, nations in lists
            if span.end <= g.begin and not _CLAUSE_BREAK.search(text, span.end, g.begin)
        ]
        after = [
            nations
            for span, nations in lists
            if span.begin >= g.end and not _CLAUSE_BREAK.search(text, g.end, span.begin)
        ]
        nearest = before[-1:] or after[:1]
        if nearest:
            found.update((m.entity, nearest[0]) for m in groupings)
    return found


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
    focus, strong = choose_focus(document, by_sentence, pack)
    result = DocumentExtraction(document, focus, by_sentence)
    context = Context(focus, strong, [], pack.lineage, state_kinds=pack.state_kinds)
    for sentence in document.sentences:
        mentions = by_sentence.get(sentence.index, [])
        result.extractions.extend(extract_sentence(sentence, mentions, pack.relations, context))
        context.remember(mentions, sentence)
    result.extractions = sorted(set(result.extractions))
    return result


def assign_mentions(sentences: list[Sentence], mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Group mentions by sentence; a mention across a sentence boundary belongs to none."""
    begins = [s.begin for s in sentences]
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        i = bisect.bisect_right(begins, mention.begin) - 1
        if i >= 0 and mention.end <= sentences[i].end:
            grouped.setdefault(sentences[i].index, []).append(mention)
    return grouped


def choose_focus(
    document: Document, by_sentence: dict[int, list[Mention]], pack: RulePack
) -> tuple[Mention | None, bool]:
    """The actor the document is about, and whether it is named strongly: its front matter's
    ``focus`` or the first nation its title names (strong), else the nation its opening paragraph
    names most (weak: pronouns may still resolve to it, a sentence without subject may not)."""
    wanted = document.meta.get("focus")
    if wanted:
        entity = resolve_term(wanted, pack.concepts)
        if entity is not None:
            concept = pack.concepts[entity]
            return Mention(
                0, 0, concept.id, concept.cls, concept.label, wanted, "front matter"
            ), True
    sentences = document.sentences
    for s in sentences[:1]:
        if s.kind == "heading":
            nations = [m for m in by_sentence.get(s.index, []) if m.cls == "Nation"]
            # "German LNG from Qatar": a state named outright, over one whose goods a demonym
            # names
            named = [m for m in nations if not is_goods_demonym(m)]
            if nations:
                return (named or nations)[0], True
    opening = next((s for s in sentences if s.kind == "paragraph"), None)
    if opening is None:
        return None, False
    paragraph = [s for s in sentences if s.kind == "paragraph" and s.section == opening.section]
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for s in paragraph[:3]:
        for m in by_sentence.get(s.index, []):
            if m.cls == "Nation":
                counts[m.entity] += 1
                first.setdefault(m.entity, m)
    if not counts:
        return None, False
    best = max(counts, key=lambda e: (counts[e], -first[e].begin))
    return first[best], False


def _groups(sentence: Sentence, mentions: list[Mention]) -> list[_Span]:
    """Coordinate adjacent mentions into lists: "Turkey, Malaysia and Jordan" is one group."""
    groups: list[_Span] = []
    text = sentence.text
    for m in mentions:
        b, e = m.begin - sentence.begin, m.end - sentence.begin
        if groups and _coordinated(text, groups[-1], m, b, e):
            last = groups[-1]
            heads = last.heads
            if not heads and _EXAMPLES.search(text, last.end, b):
                heads = len(last.members)
            closed = bool(_CONJUNCTION.search(text, last.end, b))
            groups[-1] = _Span(last.begin, e, (*last.members, m), heads=heads, closed=closed)
        else:
            groups.append(_Span(b, e, (m,)))
    return groups


def _coordinated(text: str, last: _Span, m: Mention, begin: int, end: int) -> bool:
    """Whether a mention continues the list before it: only list words stand between; a verb
    does not join a name of another class ("the Force and trains its guards"); and ", and Qatar
    has…" opens a clause."""
    if ":" in text[last.end : begin]:
        return False  # "different sides in Libya: Türkiye supports…": a colon opens a clause
    if LED_AFTER.match(text, end):
        return False  # "the Construct, a US-led mission": the leader of what follows
    if not _LIST_GAP.fullmatch(text, last.end, begin) and not (
        # "covering defence, security and trade": an item no concept names stands in the list
        m.cls not in ACTORS
        and last.members[-1].cls == m.cls
        and _UNNAMED_ITEM.fullmatch(text, last.end, begin)
    ):
        return False
    bare_comma = not _CONJUNCTION.search(text, last.end, begin)
    if last.closed and (bare_comma or "," in text[last.end : begin]):
        # "with Malaysia, Singapore and Thailand, Indonesia …", "between the United States and
        # the Taliban, and Qatari diplomats…": a list an "and" closed ends at a comma
        return False
    if bare_comma and _POSSESSIVE.match(text, end):
        return False  # "Turkey, Azerbaijan's closest ally, …": an apposition
    if (
        bare_comma
        and _MEMBER_APPOSITION.search(text, last.end, begin)
        and _MEMBER_AFTER.match(text, end)
    ):
        return False  # "Türkiye, a NATO member, agreed…": an apposition
    if bare_comma and len(last.members) == 1:
        if _OPENING_PLACE.fullmatch(text, 0, last.begin) and _CLAUSE_AFTER.match(text, end):
            return False  # "In Tripoli, Turkish troops train…": the comma ends the opening phrase
        if _GAPPED_CLAUSE.match(text, end):
            return False  # "supports Tripoli, Egypt the eastern commander": a verb left out
    previous = last.members[-1]
    if (
        previous.cls == m.cls
        and m.cls in GROUPINGS
        and previous.surface[:1].isupper()
        and m.surface[:1].islower()
        and _APPOSITIVE_KIND.fullmatch(text, last.end, begin)
        and not _LIST_GOES_ON.match(text, end)
    ):
        return False  # "the Liptako-Gourma Charter, a mutual defence pact that…": what it is
    if previous.verbal != m.verbal and previous.cls != m.cls:
        return False
    if m.verbal and not previous.verbal and _OBJECT_AFTER_VERB.match(text, end):
        return False  # "given … patrol boats and trained its crews": a verb with its own object
    if {previous.cls, m.cls} & _THREAT and {previous.cls, m.cls} & set(ACTORS):
        return False  # "…by Abu Sayyaf, and Malaysian, Indonesian and Philippine navies": no list
    if (
        m.via.startswith("demonym")
        and not previous.via.startswith("demonym")
        and _COMMA_AND.fullmatch(text, last.end, begin)
    ):
        return False  # "…'s invasion of Ukraine, and Russian wheat exports…": a clause, no list
    return not (
        len(last.members) == 1
        and _COMMA_AND.fullmatch(text, last.end, begin)
        and (
            _CLAUSE_AFTER.match(text, end)
            or _PAIR_CLAUSE_AFTER.match(text, end)
            or _BODY_CLAUSE_AFTER.match(text, end)
        )
    )


def _subject_actors(mentions, rule: Relation, ctx: Context) -> tuple[Mention, ...]:
    """The nations and organizations among ``mentions`` that the rule admits as its subject."""
    return tuple(
        m
        for m in mentions
        if m.cls in ACTORS and _admits(m, rule.subject, rule.subject_under, ctx.lineage)
    )


def _admits(
    mention: Mention,
    classes: frozenset[str],
    under: frozenset[str] | None,
    lineage: dict[str, frozenset[str]],
) -> bool:
    if mention.cls not in classes:
        return False
    return under is None or bool(lineage.get(mention.entity, frozenset({mention.entity})) & under)


def _slot_candidates(
    groups: list[_Span],
    classes: frozenset[str],
    under: frozenset[str] | None,
    ctx: Context,
    sentence_begin: int,
    heads_only: bool = False,
) -> list[_Span]:
    """The groups with members the slot admits, each narrowed to those members. A subject is the
    head of a list, never its examples ("partnerships, including training": the partnerships)."""
    found = []
    for g in groups:
        pool = g.members[: g.heads] if heads_only and g.heads else g.members
        members = tuple(m for m in pool if _admits(m, classes, under, ctx.lineage))
        if members:
            begin = max(g.begin, members[0].begin - sentence_begin)
            end = min(g.end, members[-1].end - sentence_begin)
            found.append(_Span(begin, end, members))
    return found


# "helps it against drug trafficking", "supplies it with arms": "it" as a verb's object
_OBJECT_IT = re.compile(
    r"(?<=[a-z]\s)it(?=\s+(?:against|with|in|on|to|by|for|through)\b)", re.IGNORECASE
)
# "India is among the kingdom's largest trading partners": the state a document is about, named
# by its kind in the possessive.
_STATE_POSSESSIVE = re.compile(
    r"\b(?:the|this)\s+(?P<kind>country|nation|kingdom|sultanate|emirate)['’]s\b", re.IGNORECASE
)
# "When Cyclone Kenneth struck the islands, Morocco sent…": an island state the document is about.
_ISLANDS = re.compile(r"\b(?:the|these)\s+islands\b(?!['’])", re.IGNORECASE)
_NOT_A_VERB_BEFORE = re.compile(
    r"\b(?:that|which|as|and|or|but|because|if|when|while|since|so|of)\s+$", re.IGNORECASE
)


def _with_partner_pronouns(
    text: str, partners: list[_Span], groups: list[_Span], rule: Relation, ctx: Context
) -> list[_Span]:
    """A partner named by "it" after a verb ("Portugal, the former colonial power, helps it
    against drug trafficking"), by "the kingdom's" and the like ("India is among the kingdom's
    largest trading partners") or, for an island state, by "the islands": the state the document
    is about, where its title names it (and, for "the kingdom's", it is a kingdom; the subject of
    the clause is never its own object: rules drop such facts); and one named by "the two
    countries" ("Italy and Tunisia are building a cable…. The European Union granted the two
    countries 307 million euros"): the pair it stands for."""
    if not rule.partner:
        return partners
    found = []
    for m in _finds(_ANAPHOR_PAIR, text):
        members = tuple(
            a
            for a in _pair_antecedent(m, groups, None, ctx)
            if _admits(a, rule.partner, None, ctx.lineage)
        )
        if members:
            found.append(_Span(m.start(), m.end(), members, anaphor=True))
    focus = ctx.focus
    if focus is not None and ctx.strong_focus and _admits(focus, rule.partner, None, ctx.lineage):
        found += [_Span(b, e, (focus,), anaphor=True) for b, e in _objects_it(text)]
        for m in _finds(_STATE_POSSESSIVE, text):
            states = _states_of(m.group("kind"), ctx)
            if (states is None or focus.entity in states) and not _in_a_name(m, groups):
                found.append(_Span(m.start(), m.end(), (focus,), anaphor=True))
    if island := _island_state(rule, ctx):
        found += [
            _Span(m.start(), m.end(), (island,), anaphor=True)
            for m in _ISLANDS.finditer(text)
            if not _in_a_name(m, groups)
        ]
    return sorted([*partners, *found], key=lambda g: g.begin) if found else partners


def _island_state(rule: Relation, ctx: Context) -> Mention | None:
    """The island state "the islands" stands for: the document's focus, where its title names it,
    or the one island state of the pair the document opened with ("Bangladesh and the Maldives")."""
    islands = _states_of("islands", ctx) or frozenset()
    candidates = [ctx.focus] if ctx.focus is not None and ctx.strong_focus else []
    candidates += ctx.opening_pair
    found = _distinct(
        m for m in candidates if m.entity in islands and _admits(m, rule.partner, None, ctx.lineage)
    )
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=256)
def _objects_it(text: str) -> tuple[tuple[int, int], ...]:
    """Where "it" stands as a verb's object in a sentence (found once for all its rules)."""
    return tuple(
        m.span()
        for m in _OBJECT_IT.finditer(text)
        if not _NOT_A_VERB_BEFORE.search(text, max(0, m.start() - 12), m.start())
    )


def _all_matches(regex: re.Pattern[str], text: str) -> list[_Span]:
    """The leftmost match at every start position, overlaps included (finditer would skip them)."""
    found = []
    pos = 0
    # past the end, search() would find the empty match at the end again and again
    while pos <= len(text) and (m := regex.search(text, pos)) is not None:
        if m.end() > m.start():
            found.append(_Span(m.start(), m.end()))
        pos = m.start() + 1
    return found


def _is_prepositional(text: str, span: _Span) -> bool:
    """A group right after a preposition is its object, not a clause's subject, unless a relative
    clause follows it ("a partnership with China, which supplies…") or the phrase names the
    states' own people ("the foreign ministers of Egypt and Jordan met": Egypt and Jordan did)."""
    if LED_AFTER.match(text, span.end):
        return True  # "joined the American-led operation": a modifier of the name after it
    if not _PREPOSITION_BEFORE.search(text, max(0, span.begin - _LOOK_BACK), span.begin):
        return False
    if _AGENTS_OF.search(text, max(0, span.begin - _LOOK_BACK), span.begin):
        return False
    if _POSSESSIVE.match(text, span.end):
        return False  # "wary of Iran's ties with India": Iran owns what follows
    return not _RELATIVE_AFTER.match(text, span.end)


def _parties_before(position: int, rule: Relation, ctx: Context) -> tuple[Mention, ...]:
    """The parties an unnamed deal opening the sentence stands for: the states that were the
    subject of the sentence before, when there are two or more ("Indonesia and Vietnam concluded
    negotiations…. The deal is meant to curb illegal fishing")."""
    if position != 0:
        return ()
    parties = _distinct(
        m
        for m in ctx.previous_subjects
        if m.cls == "Nation" and _admits(m, rule.subject, rule.subject_under, ctx.lineage)
    )
    return tuple(parties) if len(parties) >= 2 else ()


def _antecedent(
    text: str,
    position: int,
    groups: list[_Span],
    rule: Relation,
    ctx: Context,
    plural: bool,
    nations: bool = False,  # "the country", "the nation": a nation, never an organization
    kind: str = "",  # "the kingdom": a state whose name says so, where one is in reach
) -> tuple[Mention, ...]:
    """What a pronoun at ``position`` stands for, among actors (nations and organizations) the rule
    admits as subject: the first group earlier in the sentence that is no preposition's object
    (all of it for "they" and "their", its first member for "it"); else the focus, if the document
    names it strongly and the sentence mentions it; else the first one of the latest sentences
    before; else the focus. A rule whose trigger is any verb is strict: beyond the sentence, only
    a subject of the sentence before ("Participation … bestows benefits on the nation. It
    empowers…": "it" is no nation). "The kingdom", "the sultanate" and "the emirate" stand for a
    state of that kind wherever one is in reach ("American trainers work with the Saudi National
    Guard. The kingdom also buys…": Saudi Arabia, not the United States)."""

    if _threat_owns(text, position, groups):
        return ()

    def search(wanted) -> tuple[Mention, ...]:
        def admissible(m: Mention) -> bool:
            return (
                m.cls in ACTORS
                and wanted(m)
                and _admits(m, rule.subject, rule.subject_under, ctx.lineage)
            )

        members = tuple(
            m for m in _clause_subject(text, position, groups, rule, ctx) if admissible(m)
        )
        if members:
            return members if plural else members[:1]
        if rule.any_verb:  # strict: only the subject of the sentence before
            found = _distinct(m for m in ctx.previous_subjects if admissible(m))
            return tuple(found) if plural else tuple(found[:1])
        focus = ctx.focus if ctx.focus is not None and admissible(ctx.focus) else None
        mentioned = focus is not None and any(
            m.entity == focus.entity for g in groups for m in g.members
        )
        if mentioned and ctx.strong_focus:
            return (focus,)
        found = _distinct(m for m in ctx.previous_subjects if admissible(m))
        if found:  # a subject of the sentence before, over a name a preposition governs there
            return tuple(found) if plural else found[:1]
        for mentions in ctx.previous:
            found = _distinct(m for m in mentions if admissible(m))
            if found:
                return tuple(found) if plural else found[:1]
        return (focus,) if focus is not None else ()

    states = _states_of(kind, ctx)
    if states:
        found = search(lambda m: m.entity in states)
        if found:
            return found
        focus = ctx.focus
        if focus is not None and focus.entity in states and "Nation" in rule.subject:
            return (focus,)  # the document's kingdom, though the sentence before named another
    return search(lambda m: not nations or m.cls == "Nation")


_THEIR = re.compile(r"their\b", re.IGNORECASE)
_THEIR_BEFORE = re.compile(r"\btheir\s+$", re.IGNORECASE)


def _owned_by_threat(text: str, begin: int, groups: list[_Span]) -> bool:
    """Whether what stands at ``begin`` is owned by a "their" that is a threat's."""
    before = _THEIR_BEFORE.search(text, max(0, begin - 8), begin)
    return before is not None and _threat_owns(text, before.start(), groups)


def _threat_owns(text: str, position: int, groups: list[_Span]) -> bool:
    """Whether "their" at ``position`` is a threat's: the last group before it in its clause that
    no preposition governs names only threats ("Chadian rebels crossed into Chad from their bases":
    the rebels' bases, not Chad's)."""
    if not _THEIR.match(text, position):
        return False
    for g in reversed(groups):
        if g.end > position:
            continue
        if _CLAUSE_BREAK.search(text, g.end, position) or "," in text[g.end : position]:
            return False
        if _is_prepositional(text, g):
            continue
        return all(m.cls == "Threat" for m in g.members)
    return False


def _distinct(mentions) -> list[Mention]:
    """Mentions with one per entity, in order."""
    kept: dict[str, Mention] = {}
    for m in mentions:
        kept.setdefault(m.entity, m)
    return list(kept.values())


def _clause_subject(
    text: str, position: int, groups: list[_Span], rule: Relation, ctx: Context
) -> tuple[Mention, ...]:
    """The subject of the clause a coordinated verb phrase continues: the first group earlier in
    the sentence that is no preposition's object, narrowed to the actors the rule admits, or an
    agreement's reference before it ("The pact commits both countries to … and expands …")."""
    pact = _ANAPHOR_AGREEMENT.search(text, 0, position)
    if pact is not None and _PREPOSITION_BEFORE.search(
        text, max(0, pact.start() - _LOOK_BACK), pact.start()
    ):
        pact = None
    fronted = _fronted_clause_end(text, groups)
    if fronted > position:
        fronted = 0  # the verb phrase is inside the opening clause: its subject is there
    # "The United States keeps…, France has kept…, and Japan opened its first base": the clause
    # the position stands in starts after the last ", and" or ";" before a name (not inside a list)
    for m in _COORDINATED_CLAUSE.finditer(text, 0, position):
        inside = any(g.begin < m.start() and m.end() <= g.end for g in groups)
        if not inside and any(
            g.begin >= m.end() and g.end <= position and not _is_prepositional(text, g)
            for g in groups
        ):
            fronted = max(fronted, m.end())
    opening = _OPENING_ANAPHOR.match(text)
    if fronted == 0 and opening is not None and opening.end() < position:
        # "The country is one of NATO's partners, and its navy…": the clause's subject is the
        # reference that opens the sentence, not a name after it
        plural, kind = bool(opening.group("plural")), opening.group("kind") or ""
        return _antecedent(text, opening.start(), groups, rule, ctx, plural, bool(kind), kind)
    pair = _ANAPHOR_PAIR.match(text, len(text) - len(text.lstrip()))
    if pair is None:
        # "Within weeks the two foreign ministers met … and agreed … to work together": after an
        # opening phrase of time that names no one, the pair still opens the clause
        first = _ANAPHOR_PAIR.search(text, 0, position)
        if (
            first is not None
            and _OPENING_TIME.fullmatch(text, 0, first.start())
            and not any(g.begin < first.start() for g in groups)
        ):
            pair = first
    if fronted == 0 and pair is not None and pair.end() < position:
        # "Both countries oppose Ethiopia's dam, and they have asked…": the pair the opening
        # phrase stands for, not a name after it
        members = _pair_antecedent(pair, groups, rule, ctx)
        joined = next((g for g in groups if g.begin >= pair.end()), None)
        if joined is not None and _PAIR_AND.fullmatch(text, pair.end(), joined.begin):
            # "The two countries and Cyprus hold summits and have staged…": all three
            members += _subject_actors(joined.members, rule, ctx)
        return members
    inner = None  # "…, where the two leaders signed … and set up a council": that pair's clause
    for m in _ANAPHOR_PAIR.finditer(text, 0, position):
        if _PAIR_CLAUSE_OPENS.search(text, 0, m.start()):
            inner = m
    if inner is not None and not any(
        inner.end() <= g.begin
        and g.end <= position
        and any(m.cls in ACTORS for m in g.members)
        and not _is_prepositional(text, g)
        for g in groups
    ):
        return _pair_antecedent(inner, groups, rule, ctx)
    council = (
        _clause_opening_organization(text, position, groups)
        if "Organization" in rule.subject
        else None
    )
    if (
        council is not None
        and council.start() >= fronted
        and not any(
            council.end() <= g.begin
            and g.end <= position
            and any(m.cls in ACTORS for m in g.members)
            and not _is_prepositional(text, g)
            for g in groups
        )
    ):
        # "Its members are X, Y and Z, and the council aims to … and to counter piracy": the
        # council, not its members
        found = _organization_referred(council, groups, rule.subject_under, ctx)
        return (found,) if found is not None else ()
    for g in groups:
        if g.end > position:
            break
        if g.begin < fronted:
            continue  # "When X cut ties…, Kuwait stayed neutral and offered…": not X
        if pact is not None and pact.end() <= g.begin:
            break
        if _is_prepositional(text, g):
            continue
        members = _subject_actors(g.members, rule, ctx)
        if members:
            return members
    if pact is not None and "Agreement" in rule.subject:
        found = _grouping_antecedent(pact.start(), groups, _AGREEMENT, rule.subject_under, ctx)
        return (found,) if found is not None else ()
    return ()


def _in_a_name(m: re.Match[str], groups: list[_Span]) -> bool:
    """Whether words a reference pattern matched overlap a mention ("the Organisation of Islamic
    Cooperation" is a name, not "the organisation" referring back); a grouping named inside the
    words says what they are members of ("the three NATO members")."""
    return any(
        g.begin < m.end()
        and m.start() < g.end
        and not (
            m.start() < g.begin and g.end < m.end() and all(x.cls in GROUPINGS for x in g.members)
        )
        for g in groups
    )


def _organization_referred(
    m: re.Match[str], groups: list[_Span], under: frozenset[str] | None, ctx: Context
) -> Mention | None:
    """What a match of _ANAPHOR_ORGANIZATION ("the council") stands for."""
    return _grouping_antecedent(
        m.start(), groups, _ORGANIZATION, under, ctx, head=m.group("head").lower()
    )


def _alliance_referred(
    m: re.Match[str], groups: list[_Span], under: frozenset[str] | None, ctx: Context
) -> Mention | None:
    """What "the alliance" stands for: the organization named last (NATO, the CSTO), where the
    words are no name of their own."""
    return _grouping_antecedent(m.start(), groups, _ORGANIZATION, under, ctx, head="bloc")


def _generic_alliance(m: re.Match[str], groups: list[_Span]) -> bool:
    """Whether the mentions over "the alliance" are only the lexicon's generic alliance."""
    over = [g for g in groups if g.begin < m.end() and m.start() < g.end]
    return bool(over) and all(x.entity == "alliance" for g in over for x in g.members)


def _names_no_reference(regex: re.Pattern[str], m: re.Match[str], groups: list[_Span]) -> bool:
    """Whether a reference pattern's words are (part of) a name, not a reference; "the alliance"
    the lexicon reads as the generic alliance still refers."""
    return _in_a_name(m, groups) and not (
        regex is _ANAPHOR_ALLIANCE and _generic_alliance(m, groups)
    )


def _clause_opening_organization(
    text: str, position: int, groups: list[_Span]
) -> re.Match[str] | None:
    """The last "the council" (or "the bloc"…) before a position that opens a coordinated
    clause ("…, and the council aims to…"), not a word of a name ("the Organisation of…")."""
    found = None
    for m in _ANAPHOR_ORGANIZATION.finditer(text, 0, position):
        if _in_a_name(m, groups):
            continue
        if _CLAUSE_OPENING_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            found = m
    return found


def _with_actors_of_verb_phrases(
    text: str, subjects: list[_Span], groups: list[_Span], rule: Relation, ctx: Context
) -> list[_Span]:
    """A mechanism named by its verb, as a subject, brings the actor doing it along: in "the
    Turkish navy will help [protect Somali waters] against piracy" both the protection and the
    navy counter piracy. The actor is the nearest name before the verb phrase, within a few
    words, that is no preposition's object."""
    out = []
    for g in subjects:
        if g.members and all(m.verbal for m in g.members):
            coordinated = _AND_VERB.search(text, max(0, g.begin - 40), g.begin)
            if coordinated is not None and coordinated.end() == g.begin:
                # "Turkey keeps bases in northern Iraq and [carries out air strikes]": Turkey's
                members = _clause_subject(text, coordinated.start(), groups, rule, ctx)
                if members:
                    g = _Span(g.begin, g.end, (*g.members, *members), g.anaphor, g.heads, g.closed)
                out.append(g)
                continue
            actor = next(
                (
                    a
                    for a in reversed(groups)
                    if a.end <= g.begin
                    and any(m.cls in ACTORS for m in a.members)
                    and len(_WORD.findall(text, a.end, g.begin)) <= 4
                    and not _is_prepositional(text, a)
                    and not _CLAUSE_BREAK.search(text, a.end, g.begin)
                ),
                None,
            )
            admitted = _subject_actors(actor.members if actor is not None else (), rule, ctx)
            if admitted:
                g = _Span(g.begin, g.end, (*g.members, *admitted), g.anaphor, g.heads, g.closed)
        out.append(g)
    return out


def _fronted_clause_end(text: str, groups: list[_Span]) -> int:
    """Where a subordinate clause that opens the sentence ends ("When Saudi Arabia … cut ties
    with Qatar in June 2017, | Kuwait stayed neutral"): at the first comma after its first verb
    (a mechanism named by its verb, "cut trade ties", is one). 0 when the sentence opens with no
    such clause."""
    opening = _FRONTED.match(text)
    if opening is None:
        return 0
    names = tuple((g.begin, g.end) for g in groups if not all(m.verbal for m in g.members))
    verbal = [(g.begin, g.end) for g in groups if all(m.verbal for m in g.members)]
    spans = sorted([*verb_spans(text, names, frozenset(e for _, e in names)), *verbal])
    verb = next((v for v in spans if v[0] >= opening.end()), None)
    if verb is None:
        return 0
    comma = text.find(",", verb[1])
    return comma if comma >= 0 else 0


def _grouping_antecedent(
    position: int,
    groups: list[_Span],
    classes: frozenset[str],
    under: frozenset[str] | None,
    ctx: Context,
    first: bool = False,
    named_threats: bool = False,
    head: str | None = None,
) -> Mention | None:
    """What "the pact" (or the "its" of "its members") stands for: the last agreement (or
    organization) named before it in the sentence, else in the latest sentences before, else the
    document's focus, among those the slot admits. With ``named_threats``, what "the group"
    stands for: the last threat named by a proper name ("Al-Shabaab"); with ``head``, what "the
    council" stands for: the last organization whose name has that word."""

    def admissible(m: Mention) -> bool:
        if (
            head is not None
            and head not in _ANY_GROUPING
            and head not in m.surface.lower()
            and head not in m.label.lower()
        ):
            return False
        if named_threats:
            return (
                m.cls == "Threat"
                and m.surface[:1].isupper()
                and _admits(m, classes, under, ctx.lineage)
            )
        return m.cls in GROUPINGS and _admits(m, classes, under, ctx.lineage)

    def last(found: list[Mention]) -> Mention:
        # a name before a kind: "the IMCTC is an alliance of Muslim countries. Its members…";
        # "it" stands for the subject of the sentence before: its first name
        named = [m for m in found if not m.surface[:1].islower()]
        if head in _ANY_GROUPING:
            # "the organisation": one whose name says so, over one named later that does not
            # ("the Shanghai Cooperation Organisation … through its Regional Anti-Terrorist
            # Structure. The organisation holds…")
            said = [m for m in named or found if _says(head, m)]
            named = said or named
        return (named or found)[0 if first else -1]

    before = [m for g in groups if g.end <= position for m in g.members if admissible(m)]
    if before:
        return last(before)
    for mentions in ctx.previous:
        found = [m for m in mentions if admissible(m)]
        if found:  # a name in a main clause before one in a relative clause
            return last([m for m in found if m.begin not in ctx.embedded] or found)
    if ctx.focus is not None and admissible(ctx.focus):
        return ctx.focus  # a document about the coalition: "Its members…"
    return None


def _says(word: str, m: Mention) -> bool:
    """Whether a mention's words or label hold ``word`` (British or American spelling alike)."""
    word = word.replace("z", "s")
    return word in m.surface.lower().replace("z", "s") or word in m.label.lower().replace("z", "s")


def _demonym_of(group: _Span, thing: _Span, text: str) -> bool:
    """Whether ``group`` is a demonym right before ``thing``, naming whose it is ("Chinese
    fighters", "Saudi loans"), not a name of its own."""
    return (
        bool(group.members)
        and all(m.via.startswith("demonym") for m in group.members)
        and text[group.end : thing.begin].isspace()
    )


def _named_together(ctx: Context, count: int, distinct) -> tuple[Mention, ...]:
    """That many actors named together in one of the sentences before the latest ("… Lebanon and
    Syria met in Jeddah …. Saudi Arabia hosted the meeting …. Both armies have since deployed…":
    Lebanon and Syria, not Saudi Arabia and the first state named before it)."""
    for older in ctx.previous[1:]:
        pair = distinct(m for m in older if ctx.listed.get(m.begin) == count)
        if len(pair) == count:
            return tuple(pair)
    return ()


def _over_opening(
    pair: tuple[Mention, ...], named: list[Mention], ctx: Context
) -> tuple[Mention, ...]:
    """The pair the document opened with over another pair named together, where the latest
    sentence names both states of it ("Saudi Arabia and Jordan set up a council …. The kingdom
    has given Jordan grants, and it joined Kuwait and the UAE in a package …. The two armies…":
    Saudi Arabia and Jordan, not Kuwait and the UAE)."""
    opening = {m.entity for m in ctx.opening_pair}
    if len(pair) != 2 or len(opening) != 2 or {m.entity for m in pair} == opening:
        return pair
    both = _distinct(m for m in named if m.entity in opening)
    return tuple(both) if len(both) == 2 else pair


def _pair_antecedent(
    pair: re.Match[str], groups: list[_Span], rule: Relation | None, ctx: Context
) -> tuple[Mention, ...]:
    """The actors "both countries" or "the three nations" stand for: the last ``count`` distinct
    ones named earlier in the sentence, else the first ``count`` of the latest sentence naming
    that many, else those of the latest sentences together, nearest first (nations only, when
    the phrase says countries, nations, states or governments)."""
    number = pair.group("n") or pair.group("n2")
    count = _NUMBERS[number.lower()] if number else 2
    position = pair.start()
    nations_only = not re.search(r"sides|partners|allies|parties", pair.group(0), re.IGNORECASE)
    classes = {"Nation"} if nations_only else set(ACTORS)

    def distinct(mentions) -> list[Mention]:
        return _distinct(
            m
            for m in mentions
            if m.cls in classes
            and (rule is None or _admits(m, rule.subject, rule.subject_under, ctx.lineage))
        )

    # "Iraq and Saudi Arabia reopened the crossing …, after the invasion of Kuwait closed it, and
    # the two governments meet…": a subject naming that many, over the last names before
    subjects = [
        found
        for g in groups
        if g.end <= position
        and len(found := distinct(g.members)) == count
        and not _is_prepositional(pair.string, g)
    ]
    if subjects:
        return tuple(subjects[-1])
    before = distinct(m for g in groups if g.end <= position for m in g.members)
    if len(before) >= count:
        return tuple(before[-count:])
    # "The two governments back different sides in Libya: …. Both countries…": the pair the
    # sentence before opened with
    carried = distinct(ctx.pair)
    if len(carried) == count:
        return tuple(carried)
    gathered: list[Mention] = []
    if not nations_only and len(ctx.sides) == count:
        # "Qatar has mediated between the government of the Congo and the M23 rebel movement. …
        # both sides committed to a ceasefire": the two sides the sentence before named "between",
        # not the mediator named first; only the actors a rule admits (a rebel group is a threat)
        admitted = distinct(ctx.sides)
        if admitted:
            return tuple(admitted)
    for mentions in ctx.previous:
        # "When Saudi Arabia, the UAE, Bahrain and Egypt cut ties with Doha, Ankara rushed…. The
        # two governments…": two of a longer list are not what "the two" stands for
        found = distinct(m for m in mentions if ctx.listed.get(m.begin, 1) <= count)
        if len(found) >= count and not gathered:
            # "Their delegations met … in Riyadh …, and flights between Manama and Doha resumed.
            # Both states…": that many named together, over the first that many named
            together = distinct(m for m in found if ctx.listed.get(m.begin) == count)
            # the latest sentence's subjects count as named in it ("The kingdom has given…")
            named = [*found, *(ctx.previous_subjects if mentions is ctx.previous[0] else ())]
            if len(together) == count:
                return _over_opening(tuple(together), named, ctx)
            return _over_opening(_named_together(ctx, count, distinct), named, ctx) or tuple(
                found[:count]
            )
        if not gathered:
            # "The two states share the zone's oil. In 2022 they agreed to develop a field, a plan
            # Iran rejects. Both are members of OPEC": the pair the text last named, over names
            # gathered across sentences
            recent = distinct(ctx.recent_pair)
            if len(recent) == count:
                return tuple(recent)
            if together := _named_together(ctx, count, distinct):
                return together
        # "Sweden and Finland applied…. Türkiye held up Sweden's bid…. The three governments
        # signed…": the latest sentences together, nearest first
        gathered = _distinct([*gathered, *found])
        if len(gathered) >= count:
            return tuple(gathered[:count])
    # "Oman and Saudi Arabia" (a title). "… Sultan Haitham made his first visit to Saudi Arabia,
    # where the two states set up a council": the state the document is about, with the one other
    focus = ctx.focus
    if ctx.strong_focus and focus is not None and distinct([focus]):
        others = [m for m in _distinct([*before, *gathered]) if m.entity != focus.entity]
        if len(others) == count - 1:
            return (*others, focus)
    # "# Azerbaijan and Iran on the Aras … a hydroelectric project the two countries built
    # together": the pair the document opened with, its title's or its first sentence's
    opening = distinct(ctx.opening_pair)
    return tuple(opening) if len(opening) == count else ()


# "their soldiers patrol the land border together": what the clause of a plural reference does
# together, after it
_TOGETHER_IN_CLAUSE = re.compile(r"[^,;.]*?\b(?:together|jointly)\b", re.IGNORECASE)


def _together_pair(
    text: str, m: re.Match[str], found: tuple[Mention, ...], rule: Relation, ctx: Context
) -> tuple[Mention, ...]:
    """A plural reference whose clause acts "together" stands for two: where it resolved to one
    state of the pair the document opened with ("Indonesia's parliament ratified an agreement
    with Papua New Guinea…. Under it their soldiers patrol the border together"), that pair."""
    if len(found) != 1 or not m.group("plural") or not _TOGETHER_IN_CLAUSE.match(text, m.end()):
        return found
    opening = _distinct(
        a for a in ctx.opening_pair if _admits(a, rule.subject, rule.subject_under, ctx.lineage)
    )
    if len(opening) == 2 and found[0].entity in {a.entity for a in opening}:
        return tuple(opening)
    return found


_FOUND: dict[tuple[re.Pattern[str], str], tuple[re.Match[str], ...]] = {}


def _finds(regex: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    """``regex.finditer(text)``, kept: the rules tried on a sentence look for the same
    references in it, each rule resolving them its own way."""
    key = (regex, text)
    found = _FOUND.get(key)
    if found is None:
        if len(_FOUND) > 4096:  # a few sentences' worth
            _FOUND.clear()
        found = _FOUND[key] = tuple(regex.finditer(text))
    return found


def _references(text: str, groups: list[_Span], rule: Relation, ctx: Context) -> list[_Span]:
    """Subject spans for words that refer to entities named elsewhere: pronouns, "both
    countries", "the pact", and the "and" of a coordinated verb phrase."""

    def single(resolve):
        return lambda m: (found,) if (found := resolve(m)) is not None else ()

    kinds = []
    if "Nation" in rule.subject:
        # "Its members share intelligence": the nations listed where the grouping was named
        kinds.append((_ITS_MEMBERS, lambda m: _members_of(m.start(), groups, rule, ctx)))
    kinds += [
        (
            _ANAPHOR,
            lambda m: _together_pair(
                text,
                m,
                _antecedent(
                    text,
                    m.start(),
                    groups,
                    rule,
                    ctx,
                    bool(m.group("plural")),
                    bool(
                        m.group("kind")
                        or m.group("kind2")
                        or m.group("organ")
                        # "Their navies held…": states' organs, so states
                        or (m.group("plural") and _THEIR_ORGANS.match(text, m.end()))
                    ),
                    m.group("kind") or m.group("kind2") or "",
                ),
                rule,
                ctx,
            ),
        ),
        (
            _ANAPHOR_PAIR,
            lambda m: _pair_antecedent(m, groups, rule, ctx),
        ),
    ]
    if "Nation" in rule.subject:
        kinds.append((_DEAL_OPENING, lambda m: _parties_before(m.start(), rule, ctx)))
    if rule.pattern[0] == "subject":
        kinds.append((_AND_VERB, lambda m: _clause_subject(text, m.start(), groups, rule, ctx)))
        kinds.append((_PARTICIPLE, lambda m: _clause_subject(text, m.start(), groups, rule, ctx)))
    focus = ctx.focus
    if (
        focus is not None
        and ctx.strong_focus  # named by the title or front matter
        and focus.cls == "Nation"
        and _admits(focus, rule.subject, rule.subject_under, ctx.lineage)
    ):
        kinds.append(
            (_ANAPHOR_ARMY, lambda m: (focus,) if _CLAUSE_OPENS.search(text, 0, m.start()) else ())
        )
    if "Organization" in rule.subject:
        kinds.append(
            (
                _ANAPHOR_ORGANIZATION,
                single(lambda m: _organization_referred(m, groups, rule.subject_under, ctx)),
            )
        )
        kinds.append(
            (
                _ANAPHOR_ALLIANCE,
                single(lambda m: _alliance_referred(m, groups, rule.subject_under, ctx)),
            )
        )
    if "Agreement" in rule.subject:
        kinds.append(
            (
                _ANAPHOR_AGREEMENT,
                single(
                    lambda m: _grouping_antecedent(
                        m.start(), groups, _AGREEMENT, rule.subject_under, ctx
                    )
                ),
            )
        )
    spans = []
    for regex, resolve in kinds:
        for m in _finds(regex, text):
            if _names_no_reference(regex, m, groups):
                continue  # the words are (part of) a mention, not a reference
            if any(s.begin == m.start() for s in spans):
                continue  # "its" of "its members", resolved already
            members = resolve(m)
            if members:
                spans.append(_Span(m.start(), m.end(), members, anaphor=True))
    return spans


def _members_of(
    position: int, groups: list[_Span], rule: Relation, ctx: Context
) -> tuple[Mention, ...]:
    """The members "its members" stands for: the nations listed where the organization or
    agreement named last was named, those the rule admits."""
    grouping = _grouping_antecedent(position, groups, GROUPINGS, None, ctx)
    if grouping is None:
        return ()
    return _subject_actors(ctx.members.get(grouping.entity, ()), rule, ctx)


def _with_object_references(
    text: str, objects: list[_Span], groups: list[_Span], rule: Relation, ctx: Context
) -> list[_Span]:
    """Object candidates with references: "the pact", "the agreement" standing for the agreement
    named last ("… and the United Kingdom joined the agreement in 2024"), the "its" of "its
    members" for the organization or agreement named last ("Its members, among them Egypt…"),
    for a pattern that opens with its object, the "it" of a passive ("It was set up by…"), "the
    council" or "the mission" for the organization named last whose name has that word, and "the
    group" for the armed group named last ("drone strikes against the group")."""
    kinds = [
        (_ANAPHOR_AGREEMENT, _AGREEMENT, False),
        (_ITS_MEMBERS, GROUPINGS, False),
        (_ANAPHOR_ORGANIZATION, _ORGANIZATION, False),
        (_ANAPHOR_ALLIANCE, _ORGANIZATION, False),
        (_JOINED_AS_MEMBER, GROUPINGS, True),  # the first named: "the SCO … its RATS"
    ]
    if rule.pattern.index("object") == 0:
        kinds.append((_IT_PASSIVE, GROUPINGS, True))
    if "Threat" in rule.object:
        kinds.append((_ANAPHOR_ARMED_GROUP, _THREAT, False))
    # "joined the alliance" after NATO: NATO, not the generic alliance, whatever the rule reads
    # (each "the alliance" resolved once, for any organization)
    alliances = {}
    for m in _finds(_ANAPHOR_ALLIANCE, text):
        if not _names_no_reference(_ANAPHOR_ALLIANCE, m, groups):
            alliances[m.start()] = referred = _alliance_referred(m, groups, None, ctx)
            if referred is not None:
                objects = [g for g in objects if not (m.start() <= g.begin < m.end())]
    found = []
    for regex, classes, first in kinds:
        if not rule.object & classes:
            continue
        for m in _finds(regex, text):
            if regex is _ANAPHOR_ALLIANCE:
                if m.start() not in alliances:
                    continue  # a word of a name
                antecedent = alliances[m.start()]
                if rule.object_under is not None and antecedent is not None:
                    antecedent = _alliance_referred(m, groups, rule.object_under, ctx)
            elif _in_a_name(m, groups):
                continue
            elif classes is _ORGANIZATION:
                antecedent = _organization_referred(m, groups, rule.object_under, ctx)
            else:
                antecedent = _grouping_antecedent(
                    m.start(),
                    groups,
                    rule.object & classes,
                    rule.object_under,
                    ctx,
                    first,
                    named_threats=classes is _THREAT,
                )
            if antecedent is not None:
                found.append(_Span(m.start(), m.end(), (antecedent,), anaphor=True))
    return sorted([*objects, *found], key=lambda g: g.begin) if found else objects


def _asides(text: str, groups: list[_Span]) -> list[tuple[int, int]]:
    """The appositions and closed relative clauses right after names: what they name is no
    subject of the clause around them ("Turkey, Azerbaijan's closest ally, trains…"; "the Task
    Force, in which Nigeria and Chad pool troops, conducts operations": the Force does)."""
    found = []
    for g in groups:
        m = _RELATIVE_CLAUSE.match(text, g.end) or _APPOSITION.match(text, g.end)
        if m is not None and m.group().endswith(","):
            found.append(m.span())
    return found


def _join_references(text: str, groups: list[_Span], references: list[_Span]) -> list[_Span]:
    """Subject candidates: the groups and the references, a reference and the names coordinated
    after it joined in one ("the two countries and Cyprus hold…"); a name inside a reference is
    not a subject of its own ("the three NATO members contribute…": not NATO)."""
    groups = [
        g for g in groups if not any(r.begin <= g.begin and g.end <= r.end for r in references)
    ]
    joined = []
    for ref in references:
        after = next((g for g in groups if g.begin >= ref.end), None)
        if (
            after is not None
            and _LIST_GAP.fullmatch(text, ref.end, after.begin)
            and _CONJUNCTION.search(text, ref.end, after.begin)
            # "…part of the mission, and the UNDP runs…": a new clause, with its own subject
            and not (
                _COMMA_AND.fullmatch(text, ref.end, after.begin)
                and _CLAUSE_AFTER.match(text, after.end)
            )
        ):
            members = tuple(_distinct((*ref.members, *after.members)))
            groups = [g for g in groups if g is not after]
            ref = _Span(ref.begin, after.end, members, anaphor=True)
        joined.append(ref)
    return sorted([*groups, *joined], key=lambda g: g.begin)


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD.finditer(text)]


class _SentenceMatch:
    """Searches one rule's element sequence in one sentence."""

    MAX_MATCHES = 2000  # a bound on the search in pathological sentences

    def __init__(
        self,
        rule: Relation,
        sentence: Sentence,
        groups: list[_Span],
        ctx: Context,
        asides: list[tuple[int, int]] | None = None,  # _asides of the sentence, if known
        word_starts: list[int] | None = None,  # _word_starts of the sentence, if known
        stop_early: bool = True,  # stop when nothing fills the object (explain wants it all)
    ):
        self.rule = rule
        self.text = text = sentence.text
        if not rule.names_leaders:
            # "the Saudi-led coalition": the leader fills a slot only of a rule about leading
            groups = [g for g in groups if not LED_AFTER.match(text, g.end)]
        self.groups = groups
        self.offset = sentence.begin
        objects = [
            g
            for g in _slot_candidates(groups, rule.object, rule.object_under, ctx, sentence.begin)
            if not rule.object_verbal or all(m.verbal for m in g.members)
        ]
        if rule.object & {"Agreement", "Organization", "Threat"} and "object" in rule.pattern:
            objects = _with_object_references(text, objects, groups, rule, ctx)
        # nothing to bind the object to: the rest is not worth computing
        self.empty = "object" in rule.pattern and not objects
        if self.empty and stop_early:
            self.candidates: dict[str, list[_Span]] = {"object": objects}
            return
        self.word_starts = word_starts if word_starts is not None else _word_starts(text)
        subjects = _slot_candidates(
            groups, rule.subject, rule.subject_under, ctx, sentence.begin, heads_only=True
        )
        # A preposition's object is no clause subject, unless the rule binds the subject to what
        # follows it at once ("on Russia's base": possessives).
        if rule.pattern[0] != "subject":
            asides = []
        elif asides is None:
            asides = _asides(text, groups)
        subjects = _with_actors_of_verb_phrases(text, subjects, groups, rule, ctx)
        if rule.pattern[0] == "subject" and not rule.possessive:
            subjects = [
                g
                for g in subjects
                if not (all(m.cls in ACTORS for m in g.members) and _is_prepositional(text, g))
                and not any(b <= g.begin and g.end <= e for b, e in asides)
            ]
        if rule.implicit_subject:
            references = [  # "both countries" inside a relative clause is no subject outside it
                r
                for r in _references(text, groups, rule, ctx)
                if not any(b <= r.begin and r.end <= e for b, e in asides)
            ]
            subjects = _join_references(text, subjects, references)
        self.candidates = {
            "subject": subjects,
            "object": objects,
            "partner": _with_partner_pronouns(
                text,
                _slot_candidates(groups, rule.partner, None, ctx, sentence.begin),
                groups,
                rule,
                ctx,
            ),
        }
        self.names = names = [
            (m.begin - sentence.begin, m.end - sentence.begin, m.cls)
            for g in groups
            for m in g.members
        ]
        if rule.any_verb:
            ends = {
                m.end - sentence.begin
                for g in groups
                for m in g.members
                if not m.via.startswith("demonym")
            }
            # "its army guards a border": a word that is also a noun is a verb after these too
            ends.update(m.end() for m in _STATE_REFERENCE.finditer(text))
            # and after a demonym's state noun: "Jordanian forces guard", "Australian … jets fly"
            ends.update(
                after.end()
                for g in groups
                for m in g.members
                if m.via.startswith("demonym")
                and (after := STATE_NOUN_AFTER.match(text, m.end - sentence.begin)) is not None
            )
            spans = verb_spans(text, tuple((b, e) for b, e, _ in names), frozenset(ends))
            self.candidates["trigger"] = [_Span(b, e) for b, e in spans]
        elif rule.trigger is not None:
            # A trigger inside a longer mention is part of a name, not a verb: "sharing" in
            # "intelligence sharing", "counter" in "counter-terrorism". A trigger that is a whole
            # mention may stand ("These alliances with Turkey"), and so may the head noun of an
            # agreement ("a comprehensive strategic partnership with Russia").
            self.candidates["trigger"] = [
                t
                for t in _all_matches(rule.trigger, text)
                if not any(
                    b <= t.begin
                    and t.end <= e
                    and (b, e) != (t.begin, t.end)
                    and not (cls == "Agreement" and t.end == e)
                    for b, e, cls in names
                )
            ]
        for i, literal in enumerate(rule.literals):
            self.candidates[str(i)] = _all_matches(literal, text)

    def gap(self, end: int, begin: int) -> int:
        """Words between two positions."""
        return bisect.bisect_left(self.word_starts, begin) - bisect.bisect_left(
            self.word_starts, end
        )

    def matches(self, elements: tuple[str, ...]) -> list[list[_Span]]:
        """The matches of the element sequence: for each placement of its triggers and literals
        (or, without any, of its object), the tightest one, so a slot binds its nearest group."""
        tightest: dict[tuple, list[_Span]] = {}
        anchors = [i for i, e in enumerate(elements) if e not in MENTION_SLOTS]
        if not anchors and "object" in elements:
            anchors = [elements.index("object")]
        fronted = self._fronted_end
        after = self.rule.unless_after
        for count, match in enumerate(self._search(elements, 0, 0, []), start=1):
            if self.rule.any_verb and self._crosses_clause(elements, match):
                continue
            if after is not None and after.match(self.text, match[-1].end):
                continue  # "joined NATO['s Partnership]": a longer match may still hold
            if self._object_in_next_clause(elements, match):
                continue
            if (
                elements[0] == "subject"
                and len(match) > 1
                and not match[0].anaphor
                and _OWN_SUBJECT_CLAUSE.search(self.text, match[0].end, match[-1].begin)
            ):
                continue  # "NATO's partners…, and its navy has trained with…": not NATO
            if (
                fronted
                and match[0].begin < fronted < match[-1].end
                # a pattern that opens with words of the fronted clause reads it on purpose:
                # "When a cyclone struck the islands, Morocco sent aid"
                and not (elements[0] not in MENTION_SLOTS and match[0].end <= fronted)
            ):
                continue  # "When X cut ties with Qatar, Kuwait offered to mediate": not X
            if self.rule.unless is not None and any(self._denied(span) for span in match):
                continue  # "joins no military alliance": no alliance to be party to
            key = tuple((match[i].begin, match[i].end) for i in anchors)
            best = tightest.get(key)
            if best is None or match[-1].end - match[0].begin < best[-1].end - best[0].begin:
                tightest[key] = match
            if count >= self.MAX_MATCHES:
                break
        return list(tightest.values())

    @cached_property
    def _clause_joins(self) -> list[tuple[int, int]]:
        """Where a comma and a conjunction join two clauses: not the ", and" of a list, which
        follows a name or another item ("promote mutual understanding, cooperation, and security
        assistance")."""
        ends = {g.end for g in self.groups}
        return [
            m.span()
            for m in _NEXT_CLAUSE.finditer(self.text)
            if len(self.text[: m.start()].rstrip()) not in ends
            and not _LIST_ITEM_BEFORE.search(self.text, max(0, m.start() - 60), m.start())
        ]

    def _object_in_next_clause(self, elements: tuple[str, ...], match: list[_Span]) -> bool:
        """Whether a comma and a conjunction part a trigger or a literal from the slot after it:
        that belongs to the next clause ("has paid for part of the mission, and the UNDP runs…",
        "at its base in Jeddah, and Egypt…", "sent aid to Gaza, and it backed South Africa's
        case": no aid to South Africa)."""
        if not self._clause_joins:
            return False
        return any(
            element not in MENTION_SLOTS
            and i + 1 < len(elements)
            and elements[i + 1] in MENTION_SLOTS
            and any(
                match[i].end <= begin and end <= match[i + 1].begin
                for begin, end in self._clause_joins
            )
            for i, element in enumerate(elements)
        )

    @cached_property
    def _fronted_end(self) -> int:
        """Where an opening subordinate clause ends, found once per sentence and rule (matches
        and each verb's object ask for it)."""
        return _fronted_clause_end(self.text, self.groups)

    def _crosses_clause(self, elements: tuple[str, ...], match: list[_Span]) -> bool:
        """Whether a verb trigger's match reaches past the verb's own object: a clause break
        stands in it, or another name stands between the verb and the object (the object is the
        first name after the verb: "treats maritime security as a national interest" says nothing
        of the national interest)."""
        verb = match[elements.index("trigger")]
        start = match[0].end
        if elements[0] == "subject":
            coordinated = _AND_VERB.match(self.text, match[0].begin)
            if (coordinated is None or coordinated.end() != match[0].end) and self._object_of_verb(
                match[0]
            ):
                return True  # ("… buys turbines and exports gas": "and" stands for the subject)
            relative = _RELATIVE_CLAUSE.match(self.text, start)
            if relative and verb.begin < relative.end():  # the verb of the relative clause
                if match[-1].end > relative.end():
                    return True
                start = relative.start() + relative.group().lower().index("wh") + 3
            elif relative:  # the main verb, after the relative clause
                start = relative.end()
        if _CLAUSE_BREAK.search(self.text, start, match[-1].begin):
            return True
        participle = _PARTICIPLE.search(self.text, max(start, verb.begin - 12), verb.end)
        if participle is not None and participle.end() == verb.begin and not match[0].anaphor:
            return True  # "… Egypt's main backers, depositing billions": the clause's subject's
        if _RELATIVE_PRONOUN_BEFORE.search(self.text, start, verb.begin) and any(
            start <= g.begin and g.end <= verb.begin for g in self.groups
        ):
            return True  # "Qatar mediated the talks that led to the ceasefire": the talks led
        if any(
            verb.end <= g.begin
            and g.end <= match[-1].begin
            and not _POSSESSIVE.match(self.text, g.end)  # "became Baku's main arms supplier"
            and not _demonym_of(g, match[-1], self.text)  # "now buys Chinese fighters"
            for g in self.groups
        ):
            return True
        return any(
            verb.end <= v.begin and v.end <= match[-1].begin for v in self.candidates["trigger"]
        )

    def _first_verbs(self, verbs: list[_Span], after: int) -> list[_Span]:
        """The first verb after a position, and, when a relative clause opens there, the first
        verb after it too (the main clause's)."""
        first = [v for v in verbs if v.begin >= after][:1]
        relative = _RELATIVE_CLAUSE.match(self.text, after)
        if relative and relative.group().endswith(","):
            first += [v for v in verbs if v.begin >= relative.end()][:1]
        return first

    def _object_of_verb(self, subject: _Span) -> bool:
        """Whether a verb of the subject's own clause stands before it: then it is that verb's
        object ("these agreements enable the nation to take…"), not the clause's subject."""
        start = 0
        for m in _CLAUSE_START.finditer(self.text, 0, subject.begin):
            start = m.end()
        fronted = self._fronted_end
        if fronted and fronted < subject.begin:
            start = max(start, fronted)  # "After the army removed Morsi, Kuwait pledged…"
        verbs = [
            *self.candidates["trigger"],
            *(
                _Span(m.begin - self.offset, m.end - self.offset)
                for g in self.groups
                for m in g.members
                if m.verbal
            ),
        ]
        return any(start <= v.begin and v.end <= subject.begin for v in verbs)

    def _search(self, elements: tuple[str, ...], i: int, after: int, done: list[_Span]):
        """Every placement of elements[i:] after position ``after``, within the gaps. A verb
        trigger after another element is the first verb after it."""
        if i == len(elements):
            yield list(done)
            return
        candidates = self.candidates.get(elements[i], [])
        start = after  # where the gap is counted from
        if i and elements[i - 1] == "subject":
            # an apposition after the subject does not count ("Turkey, Azerbaijan's closest ally,
            # has trained…"), nor, before a verb trigger, a relative clause
            aside = _RELATIVE_CLAUSE.match(self.text, after) or _APPOSITION.match(self.text, after)
            if aside is not None and not aside.group().endswith(","):
                aside = None
            if aside is not None:
                start = aside.end()
        if i and elements[i] == "trigger" and self.rule.any_verb:
            candidates = self._first_verbs(candidates, after)
        for cand in candidates:
            if cand.begin < after:
                continue
            gap = self.gap(start if cand.begin >= start else after, cand.begin) if i else 0
            if i and ";" in self.text[after : cand.begin]:
                break  # a semicolon ends the clause: no element reaches across it
            if i and self.rule.max_gap == 0:
                # touching: a possessive "'s" or one owner adjective may stand between
                if not _ADJACENT.fullmatch(self.text, after, cand.begin) and not (
                    any(m.cls == "Agreement" for m in cand.members)
                    and _ADJACENT_DATED.fullmatch(self.text, after, cand.begin)
                ):
                    if gap:
                        break
                    continue
            elif gap > self.rule.max_gap:
                break
            done.append(cand)
            yield from self._search(elements, i + 1, cand.end, done)
            done.pop()

    def _denied(self, span: _Span) -> bool:
        """Whether "no" determines the phrase at ``span`` ("no military alliance")."""
        return _NO_BEFORE.search(self.text, max(0, span.begin - 40), span.begin) is not None

    def window(self, begin: int) -> int:
        """Where the three words before a match begin."""
        i = bisect.bisect_left(self.word_starts, begin)
        return self.word_starts[max(0, i - 3)] if i else begin

    def negated(self, begin: int, end: int, text: str, named: tuple[_Span, ...] = ()) -> bool:
        """Whether an ``unless`` phrase stands in the match or in the three words before it (not
        a word of a longer phrase ``named`` a mechanism by its verb: "suspended all exports" is
        the sanction)."""
        if self.rule.unless is None:
            return False
        for cancel in self.rule.unless.finditer(text, self.window(begin), end):
            if any(
                s.begin <= cancel.start()
                and cancel.end() <= s.end
                and cancel.end() - cancel.start() < s.end - s.begin
                for s in named
            ):
                continue  # a word of the phrase, not the whole verb ("a deal brokered by China")
            # "Algiers suspended it after Madrid backed…": a word of the clause before, which a
            # subordinating word closes, cancels nothing in the clause after it
            if cancel.end() <= begin and _SUBORDINATE.search(text, cancel.end(), begin):
                continue
            return True
        return False

    def modality(self, begin: int, end: int, text: str) -> str:
        """ "possible" when a hedge ("could", "may", "might") stands in or just before the match."""
        return "possible" if _HEDGE.search(text, self.window(begin), end) else "asserted"


def extract_sentence(
    sentence: Sentence, mentions: list[Mention], rules: list[Relation], ctx: Context | None = None
) -> list[Extraction]:
    """Every fact the relation rules fire in one sentence; each fact once per rule, from its best
    match (an explicit subject before an implicit one, then the shortest span). A sentence with
    no mention may still have a subject in a reference ("the two presidents signed a treaty")."""
    ctx = ctx or Context()
    best: dict[tuple[Fact, str], Extraction] = {}
    for ex in _extract_all(sentence, mentions, rules, ctx):
        key = (ex.fact, ex.rule)
        old = best.get(key)
        if old is None or (ex.implicit, ex.end - ex.begin, ex.begin) < (
            old.implicit,
            old.end - old.begin,
            old.begin,
        ):
            best[key] = ex
    return sorted(best.values())


# What stands between a name and the kind it is said to be: "the IMCTC (…) is an intergovernmental
# [alliance]", "NATO remains the main [alliance]".
_PREDICATE_BETWEEN = re.compile(
    r"\)?(?:\s*\([^()]{1,40}\))?,?\s+(?:is|was|remains|remained|became|has\s+become)\s+"
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,4}"
)


def _predicate_names(sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A kind said of a name names it: in "the IMCTC is an intergovernmental alliance of Muslim
    countries, announced by Saudi Arabia", the alliance announced is the IMCTC."""
    out = list(mentions)
    for i, kind in enumerate(mentions):
        if kind.cls not in GROUPINGS or not kind.surface[:1].islower():
            continue
        name = next(
            (m for m in reversed(mentions[:i]) if m.cls in GROUPINGS and m.surface[:1].isupper()),
            None,
        )
        if name is not None and _PREDICATE_BETWEEN.fullmatch(
            sentence.text, name.end - sentence.begin, kind.begin - sentence.begin
        ):
            out[i] = replace(
                kind,
                entity=name.entity,
                cls=name.cls,
                label=name.label,
                via=f"{kind.via}, said of '{name.surface}'",
            )
    return out


def _without_appositive_threats(sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A generic threat in an apposition after a named one describes it ("the Allied Democratic
    Forces, an armed group that has pledged allegiance to the Islamic State"): no threat of its
    own."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.cls == m.cls == "Threat"
            and prev.surface[:1].isupper()
            and m.surface[:1].islower()
            and _APPOSITIVE_KIND.fullmatch(
                sentence.text, prev.end - sentence.begin, m.begin - sentence.begin
            )
        ):
            continue
        out.append(m)
    return out


def _extract_all(
    sentence: Sentence, mentions: list[Mention], rules: list[Relation], ctx: Context
) -> list[Extraction]:
    if any(m.cls in GROUPINGS for m in mentions):
        mentions = _predicate_names(sentence, mentions)
    if sum(m.cls == "Threat" for m in mentions) > 1:
        mentions = _without_appositive_threats(sentence, mentions)
    groups = _groups(sentence, mentions)
    asides = _asides(sentence.text, groups)  # once for the sentence, not once per rule
    word_starts = _word_starts(sentence.text)
    classes = frozenset(m.cls for m in mentions)
    prefilter = _prefilter(rules)
    words = _Words(sentence.text, prefilter)
    missing = words.missing
    references = _ObjectReferences(sentence.text)
    # the rules whose slots the sentence's classes may fill, worked out once per kind of sentence
    key = (
        sentence.kind,
        classes,
        references.agreement,
        references.grouping,
        references.armed_group,
        references.state,
    )
    candidates = prefilter.rules_for.get(key)
    if candidates is None:
        candidates = prefilter.rules_for[key] = [
            (rule, *_words_of(rule, prefilter))
            for rule in rules
            if sentence.kind in rule.applies_to and _slots_may_fill(rule, classes, *key[2:])
        ]
    found: list[Extraction] = []
    for rule, regexes, bits in candidates:
        if bits & missing or not words.all_match(regexes):
            continue
        search = _SentenceMatch(rule, sentence, groups, ctx, asides, word_starts)
        if search.empty:
            continue
        explicit_keys = set()
        if "subject" in rule.pattern:
            for match in search.matches(rule.pattern):
                binding = dict(zip(rule.pattern, match, strict=True))
                explicit_keys.add(tuple(s for e, s in binding.items() if e != "subject"))
                found.extend(_emit(rule, sentence, search, binding, match, None))
        if _may_fall_back(rule, ctx):
            reduced = tuple(e for e in rule.pattern if e != "subject")
            for match in search.matches(reduced):
                if tuple(match) in explicit_keys:
                    continue
                if _names_subject(rule, search, match, ctx.focus):
                    continue
                if _owned_by_threat(search.text, match[0].begin, search.groups):
                    continue  # "rebels crossed … from their bases in Libya": no state's bases
                binding = dict(zip(reduced, match, strict=True))
                found.extend(_emit(rule, sentence, search, binding, match, ctx.focus))
    return found


_PREFILTERS: dict[int, Prefilter] = {}


def _prefilter(rules: list[Relation]) -> Prefilter:
    """The prefilter of a list of rules, built once per list (a pack's relations)."""
    found = _PREFILTERS.get(id(rules))
    if found is None or found.owner is not rules:
        if len(_PREFILTERS) > 16:  # `explain` asks with lists of one rule
            _PREFILTERS.clear()
        regexes = [r for rule in rules for r in (rule.trigger, *rule.literals) if r is not None]
        found = _PREFILTERS[id(rules)] = Prefilter(regexes, rules)
    return found


class _ObjectReferences:
    """What in a sentence may stand for an object no mention names, each looked for once."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def agreement(self) -> bool:
        return _ANAPHOR_AGREEMENT.search(self.text) is not None

    @cached_property
    def grouping(self) -> bool:
        return bool(
            _ITS_MEMBERS.search(self.text)
            or _IT_PASSIVE.search(self.text)
            or _ANAPHOR_ORGANIZATION.search(self.text)
            or _ANAPHOR_ALLIANCE.search(self.text)
            or _JOINED_AS_MEMBER.search(self.text)
        )

    @cached_property
    def armed_group(self) -> bool:
        return _ANAPHOR_ARMED_GROUP.search(self.text) is not None

    @cached_property
    def state(self) -> bool:
        """A partner named by reference (_with_partner_pronouns): "it" after a verb, "the two
        countries", "the kingdom's"."""
        return bool(
            _objects_it(self.text)
            or _ANAPHOR_PAIR.search(self.text)
            or _STATE_POSSESSIVE.search(self.text)
        )


def _slots_may_fill(
    rule: Relation,
    classes: frozenset[str],
    agreement: bool,
    grouping: bool,
    armed_group: bool,
    state: bool,
) -> bool:
    """The sentence names a mention for each slot's classes (or may refer to an object without
    naming it: "the pact", "its members"; a partner state: "readmitted it"; the subject may be a
    pronoun or the focus)."""
    pattern = rule.pattern
    if (
        "object" in pattern
        and not rule.object & classes
        and not (
            ("Agreement" in rule.object and agreement)
            or (rule.object & GROUPINGS and grouping)
            or ("Threat" in rule.object and armed_group)
        )
    ):
        return False
    if (
        "partner" in pattern
        and not rule.partner & classes
        and not ("Nation" in rule.partner and state)
    ):
        return False
    return not (
        "subject" in pattern
        and not rule.implicit_subject
        and not rule.subject & classes
        and not (rule.subject & GROUPINGS and grouping)  # "the council aims to…"
    )


class _Words:
    """Whether a rule's trigger and every literal of its pattern match somewhere in a sentence:
    the prefilter's verdict first (one test of bits per rule: ``missing``, the expressions whose
    required words the sentence lacks), then each expression searched at most once for the
    sentence, however many rules share it."""

    def __init__(self, text: str, prefilter: Prefilter):
        self.text = text
        possible = prefilter.possible(prefilter.present(text))
        self.missing = 0 if possible is None else ~possible
        self.searched: dict[int, bool] = {}

    def all_match(self, regexes: tuple[re.Pattern[str], ...]) -> bool:
        for regex in regexes:
            hit = self.searched.get(id(regex))
            if hit is None:
                hit = self.searched[id(regex)] = regex.search(self.text) is not None
            if not hit:
                return False
        return True


def _words_of(rule: Relation, prefilter: Prefilter) -> tuple[tuple, int]:
    """A rule's expressions that must all match (its trigger where the pattern uses it, and its
    pattern's literals), and the union of their bits in the prefilter of its list of rules."""
    found = prefilter.words_of.get(id(rule))
    if found is None:
        trigger = (rule.trigger,) if "trigger" in rule.pattern and rule.trigger else ()
        regexes = (*trigger, *rule.literals)
        found = prefilter.words_of[id(rule)] = (regexes, prefilter.bits(regexes))
    return found


def _may_fall_back(rule: Relation, ctx: Context) -> bool:
    """Whether a rule may take the focus when the sentence names no subject: it allows implicit
    subjects, the document names its focus strongly, and the rule's subject slot (if any) opens the
    pattern (one in the middle is part of the sentence's structure; one that closes it is a
    passive's agent, "signed by the two governments", which a reference may fill but which the
    text always names). A rule whose
    elements must touch (``max_gap: 0``, "Turkey's alliances") never falls back: its subject is
    part of the phrase. Nor does a rule whose trigger is any verb: without a subject there is no
    first verb after it, only pronouns stand for one."""
    focus = ctx.focus
    if not rule.implicit_subject or focus is None or not ctx.strong_focus or rule.max_gap == 0:
        return False
    if rule.any_verb:
        return False
    if not _admits(focus, rule.subject, rule.subject_under, ctx.lineage):
        return False
    return "subject" not in rule.pattern or rule.pattern.index("subject") == 0


def _opens_with_grouping_reference(search: _SentenceMatch) -> bool:
    """Whether the sentence opens with "the pact", "the initiative" or "the council" (not a word
    of a name): its subject, whether or not the rule admits it."""
    text = search.text
    start = len(text) - len(text.lstrip())
    for regex in (_ANAPHOR_AGREEMENT, _ANAPHOR_ORGANIZATION):
        m = regex.match(text, start)
        if m is not None and not _in_a_name(m, search.groups):
            return True
    return False


def _names_subject(
    rule: Relation, search: _SentenceMatch, match: list[_Span], focus: Mention
) -> bool:
    """Whether the sentence names another subject where the pattern would look for one.

    A rule without a subject slot only checks the few words before its match ("NATO and its
    alliances" names NATO); a rule with one checks the whole side of the sentence the slot is on.
    """
    if rule.pattern[0] == "subject" and _opens_with_grouping_reference(search):
        return True  # "The initiative offers Gulf states cooperation…": not the focus
    subjects = [
        s for s in search.candidates["subject"] if any(m.entity != focus.entity for m in s.members)
    ]
    if not subjects:
        return False
    if "subject" not in rule.pattern:
        return any(
            s.end <= match[0].begin and search.gap(s.end, match[0].begin) <= rule.max_gap
            for s in subjects
        )
    # the subject opens the pattern (_may_fall_back)
    return any(s.end <= match[0].begin for s in subjects)


def _emit(
    rule: Relation,
    sentence: Sentence,
    search: _SentenceMatch,
    binding: dict[str, _Span],
    match: list[_Span],
    focus: Mention | None,
) -> list[Extraction]:
    begin, end = match[0].begin, match[-1].end
    # a verb trigger's own words decide, not a relative clause before it ("Egypt, which lost its
    # revenue, backed talks")
    scope = binding["trigger"].begin if rule.any_verb and "trigger" in binding else begin
    verbal = tuple(
        span
        for slot in ("object", "partner")
        if (span := binding.get(slot)) is not None and all(m.verbal for m in span.members)
    )
    if search.negated(scope, end, sentence.text, verbal):
        return []
    modality = search.modality(begin, end, sentence.text)
    slots: dict[str, tuple[str, ...]] = {}
    if focus is not None:
        slots["subject"] = (focus.entity,)
    else:
        slots["subject"] = tuple(m.entity for m in binding["subject"].members)
    implicit = focus is not None or binding["subject"].anaphor
    for slot in ("object", "partner"):
        if slot in binding:
            slots[slot] = tuple(m.entity for m in binding[slot].members)
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
                            implicit,
                            modality,
                        )
                    )
    return out
