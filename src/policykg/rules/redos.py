"""Regular expressions that can backtrack catastrophically, found before they run.

Python's ``re`` backtracks: ``(a+)+$`` on thirty ``a`` and a ``b`` tries every way of cutting the
``a`` into groups, 2^30 of them, and a build would hang on one sentence. The rule loader refuses
such a regex at check time with a located error (R021). What is refused is the known family of
exponential (and high-degree polynomial) forms, read off the parse tree:

- a repetition inside a repetition over overlapping characters: ``(a+)+``, ``(\\w+\\s?)+``,
  ``(.*,)*``, ``((ab)+)+``, ``(a|aa)+`` (which Python reads as ``(aa?)+``), where one pass of the
  outer repetition can be made of text a part of varying length matches, so the same text splits
  into passes in many ways;
- alternatives inside a repetition that match the same text: ``(a|a)+``, ``(\\w|\\d)+``.

A repetition counts when it may repeat three times or more (``{0,6}`` as much as ``*``: cutting
1,000 characters into up to six groups is already 10^15 ways). Separators make a repetition safe,
and the check knows them: ``([\\w-]+\\s+){0,3}`` needs a space after each word, which the word
cannot match, so each pass ends in one place only. Possessive repetitions and atomic groups never
backtrack and are not refused.

An ambiguous repetition costs time only when what follows it fails after every way of cutting:
``(a+)+$`` before a ``b``; ``(\\w+\\s?)+,`` before a full stop. A form the parse tree flags is
therefore attacked before it is refused: text is built from the tree (what stands before the
repetition, then one pass of it pumped 2, 3, 4… times, then a character that may make the rest
fail), and the regex refused when one such text of a few hundred characters takes longer than
``_BUDGET``. A rule like ``(?:and\\s+[\\w-]+\\s+){0,3}?drones`` is ambiguous yet never slow, since
a shorter cut always succeeds; it is kept. The loader checks every rule file but the bundled
ones, whose regexes ``tests/test_redos.py`` checks. Sentences are also read at most 1,000
characters at a time (``policykg.sources.sentences.MAX_SENTENCE``), which bounds what a slow
regex that passes the check can cost.
"""

from __future__ import annotations

import re
import time
from functools import cache

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# A sample of characters standing for every kind a class may hold: ASCII, accented and non-Latin
# letters, digits of other scripts, typographic punctuation, spaces of several kinds.
_SAMPLE = tuple(
    dict.fromkeys([chr(c) for c in range(0x20, 0x7F)] + list("\t\n\r\x0b\x0c\xa0éüÉ’‘“”–—жЖ中٣ß"))
)
_MANY = 3  # a repetition that may run this many times or more can cut text in many ways
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_BUDGET = 0.05  # seconds one attack text of a few hundred characters may take
# passes pumped: growing by at most half, so a text that is slow shows before the next is far
# slower (an exponent of 8 per pass takes 16 M steps at 8 passes, the budget, before 10)
_PUMPS = (2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 27, 33, 40)
_ENDINGS = ("!", "", "x", "_", "0", " ", "\n", ".", "-", ",", "é")


def catastrophic_backtracking(regex: str, flags: int = 0) -> str | None:
    """Why ``regex`` can backtrack catastrophically, or None. The regex must compile."""
    parsed = sre_parse.parse(regex, flags)
    compiled = re.compile(regex, flags)
    for why, before, pumps in _suspects(list(parsed), parsed.state.flags | flags, ()):
        prefix = "".join(_witness(i, f) or "" for i, f in before)
        if any(_attack(compiled, prefix, pump) for pump in pumps):
            return why
    return None


def _attack(compiled: re.Pattern[str], before: str, pump: str) -> bool:
    """Whether a text (prefix, a pass pumped n times, an ending) takes the regex too long."""
    for ending in _ENDINGS:
        for n in _PUMPS:
            text = before + pump * n + ending
            started = time.perf_counter()
            compiled.search(text)
            seconds = time.perf_counter() - started
            if seconds > _BUDGET:  # slow thrice, so a busy machine's pause is not taken for it
                for _ in range(2):
                    started = time.perf_counter()
                    compiled.search(text)
                    seconds = min(seconds, time.perf_counter() - started)
                if seconds > _BUDGET:
                    return True
    return False


def _suspects(items: list, flags: int, before: tuple):
    """(why, what stands before, one pass) for each ambiguous repetition, outermost first; what
    stands before is a tuple of (items, flags) whose texts are worked out only when needed."""
    for i, (op, av) in enumerate(items):
        if op not in (*_REPEATS, C.SUBPATTERN, C.BRANCH, C.ASSERT, C.ASSERT_NOT):
            continue
        here = (*before, (items[:i], flags))
        if op in _REPEATS:
            _, high, body = av
            body = list(body)
            if high == C.MAXREPEAT or high >= _MANY:
                found = _ambiguous_repeat(body, flags)
                if found is not None:
                    yield found[0], here, found[1]
            yield from _suspects(body, flags, here)
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            yield from _suspects(list(body), (flags | add) & ~remove, here)
        elif op == C.BRANCH:
            for b in av[1]:
                yield from _suspects(list(b), flags, here)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _suspects(list(av[1]), flags, here)
        # possessive repeats and atomic groups never backtrack; atoms have no inside


def _ambiguous_repeat(body: list, flags: int) -> tuple[str, list[str]] | None:
    """Whether one pass of a repetition can be cut in several ways, with a text for one pass:
    an inner repetition whose characters can make up a whole pass, or two alternatives that
    match the same text."""
    for inner_body, inner_flags in _inner_repeats(body, flags):
        chars = _consumed(inner_body, inner_flags)
        if chars and _fits(body, chars, flags):
            pumps = [_witness(body, flags, chars, long) for long in (False, True)]
            pumps = list(dict.fromkeys(p for p in pumps if p))
            if pumps:
                return (
                    "a repetition inside a repetition can match the same text in many ways;"
                    " require a separator the inner one cannot match, or make one possessive"
                    " (++, *+) or atomic ((?>…))",
                    pumps,
                )
    for branches, branch_flags in _branches(body, flags):
        texts = [_fixed_texts(list(b), branch_flags) for b in branches]
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                if a is not None and b is not None and a & b:
                    same = sorted(a & b)[0]
                    return (
                        "two alternatives inside a repetition match the same text, so each pass"
                        f" can take either ({same!r}); make the alternatives exclusive",
                        [same or " "],
                    )
    return None


def _witness(
    items: list, flags: int, prefer: frozenset[str] = frozenset(), long: bool = False
) -> str | None:
    """A text the items match, from ``prefer`` where they allow: the least each requires, or
    with ``long`` the longest alternative and two passes of each repetition (best effort:
    lookarounds and back references are not honoured)."""
    out = []
    for op, av in items:
        if op in _REPEATS or op == C.POSSESSIVE_REPEAT:
            low, high, body = av
            times = max(low, min(2, high)) if long else low
            piece = _witness(list(body), flags, prefer, long) if times else ""
            if piece is None:
                return None
            out.append(piece * times)
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            piece = _witness(list(body), (flags | add) & ~remove, prefer, long)
            if piece is None:
                return None
            out.append(piece)
        elif op == C.ATOMIC_GROUP:
            piece = _witness(list(av), flags, prefer, long)
            if piece is None:
                return None
            out.append(piece)
        elif op == C.BRANCH:
            options = [list(b) for b in av[1]]
            fitting = [b for b in options if prefer and _fits_or_empty(b, prefer, flags)]
            pieces = [_witness(b, flags, prefer, long) for b in (fitting or options)]
            found = [p for p in pieces if p is not None]
            piece = (max(found, key=len) if long else found[0]) if found else None
            if piece is None:
                return None
            out.append(piece)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF_EXISTS):
            continue
        elif op == C.GROUPREF:
            return None
        else:
            chars = _atom_chars(op, av, flags)
            if not chars:
                return None
            choice = sorted(chars & prefer) or sorted(chars & _LETTERS) or sorted(chars)
            out.append(choice[0])
    return "".join(out)


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _inner_repeats(items: list, flags: int):
    """The parts of a pass whose length varies (repetitions, optional parts: "(a|aa)+" is read
    as "(aa?)+"), with their flags."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if high != low:
                yield list(body), flags
            yield from _inner_repeats(list(body), flags)
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            yield from _inner_repeats(list(body), (flags | add) & ~remove)
        elif op == C.BRANCH:
            lengths = set()
            for b in av[1]:
                texts = _fixed_texts(list(b), flags)
                lengths |= {len(x) for x in texts} if texts is not None else {-1}
            if len(lengths) > 1:  # alternatives of different lengths vary like a repetition
                yield [(op, av)], flags
            for b in av[1]:
                yield from _inner_repeats(list(b), flags)


def _branches(items: list, flags: int):
    for op, av in items:
        if op == C.BRANCH:
            yield av[1], flags
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            yield from _branches(list(body), (flags | add) & ~remove)


def _fits(items: list, chars: frozenset[str], flags: int) -> bool:
    """Whether the sequence can match a non-empty text made only of ``chars``."""
    consumed = False
    for op, av in items:
        if op in _REPEATS:
            low, _, body = av
            body = list(body)
            if low == 0:
                consumed = consumed or _fits(body, chars, flags)
                continue
            if not _fits_or_empty(body, chars, flags):
                return False
            consumed = consumed or _fits(body, chars, flags)
        elif op == C.POSSESSIVE_REPEAT or op == C.ATOMIC_GROUP:
            body = list(av[2] if op == C.POSSESSIVE_REPEAT else av)
            low = av[0] if op == C.POSSESSIVE_REPEAT else 1
            if low and not _fits_or_empty(body, chars, flags):
                return False
            consumed = consumed or _fits(body, chars, flags)
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            sub_flags = (flags | add) & ~remove
            if not _fits_or_empty(list(body), chars, sub_flags):
                return False
            consumed = consumed or _fits(list(body), chars, sub_flags)
        elif op == C.BRANCH:
            options = [list(b) for b in av[1]]
            if not any(_fits_or_empty(b, chars, flags) for b in options):
                return False
            consumed = consumed or any(_fits(b, chars, flags) for b in options)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: consumes nothing (a conservative reading of lookarounds)
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS):
            continue
        else:
            accepted = _atom_chars(op, av, flags)
            if accepted is None or not accepted & chars:
                return False
            consumed = True
    return consumed


def _fits_or_empty(items: list, chars: frozenset[str], flags: int) -> bool:
    return _fits(items, chars, flags) or _matches_empty(items)


def _matches_empty(items: list) -> bool:
    for op, av in items:
        if op in _REPEATS or op == C.POSSESSIVE_REPEAT:
            if av[0] and not _matches_empty(list(av[2])):
                return False
        elif op == C.SUBPATTERN:
            if not _matches_empty(list(av[3])):
                return False
        elif op == C.ATOMIC_GROUP:
            if not _matches_empty(list(av)):
                return False
        elif op == C.BRANCH:
            if not any(_matches_empty(list(b)) for b in av[1]):
                return False
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS):
            continue
        else:
            return False
    return True


def _consumed(items: list, flags: int) -> frozenset[str]:
    """Every sample character the items can consume."""
    found: set[str] = set()
    for op, av in items:
        if op in _REPEATS or op == C.POSSESSIVE_REPEAT:
            found |= _consumed(list(av[2]), flags)
        elif op == C.SUBPATTERN:
            _, add, remove, body = av
            found |= _consumed(list(body), (flags | add) & ~remove)
        elif op == C.ATOMIC_GROUP:
            found |= _consumed(list(av), flags)
        elif op == C.BRANCH:
            for b in av[1]:
                found |= _consumed(list(b), flags)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS):
            continue
        else:
            found |= _atom_chars(op, av, flags) or set()
    return frozenset(found)


def _fixed_texts(items: list, flags: int) -> frozenset[str] | None:
    """The texts a branch without repetitions matches (case-folded under IGNORECASE), or None
    when it has repetitions or too many texts to list."""
    texts = {""}
    for op, av in items:
        if op == C.SUBPATTERN:
            _, add, remove, body = av
            inner = _fixed_texts(list(body), (flags | add) & ~remove)
            if inner is None:
                return None
            texts = {t + i for t in texts for i in inner}
        elif op == C.BRANCH:
            options = [_fixed_texts(list(b), flags) for b in av[1]]
            if any(o is None for o in options):
                return None
            texts = {t + i for t in texts for o in options for i in o}  # type: ignore[union-attr]
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            chars = _atom_chars(op, av, flags)  # None for a repetition
            if chars is None:
                return None
            texts = {t + c for t in texts for c in chars}
        if len(texts) > 4096:
            return None
    if flags & re.IGNORECASE:
        texts = {t.casefold() for t in texts}
    return frozenset(texts)


def _atom_chars(op, av, flags: int) -> frozenset[str] | None:
    """The sample characters one single-character atom accepts; None for anything else."""
    ignore_case = bool(flags & re.IGNORECASE)
    if op == C.LITERAL:
        return _literal(av, ignore_case)
    if op == C.NOT_LITERAL:
        return frozenset(_SAMPLE) - _literal(av, ignore_case)
    if op == C.ANY:
        dot_all = bool(flags & re.DOTALL)
        return frozenset(c for c in _SAMPLE if dot_all or c != "\n")
    if op == C.IN:
        return _in(tuple(av), ignore_case)
    return None


def _literal(code: int, ignore_case: bool) -> frozenset[str]:
    char = chr(code)
    return frozenset({char, char.lower(), char.upper()} if ignore_case else {char})


@cache
def _in(items: tuple, ignore_case: bool) -> frozenset[str]:
    negate = False
    accepted: set[str] = set()
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            accepted |= _literal(av, ignore_case)
        elif op == C.RANGE:
            low, high = av
            accepted |= {
                c
                for c in _SAMPLE
                if low <= ord(c) <= high
                or (
                    ignore_case
                    and any(len(x) == 1 and low <= ord(x) <= high for x in (c.lower(), c.upper()))
                )
            }
        elif op == C.CATEGORY:
            accepted |= {c for c in _SAMPLE if _in_category(av, c)}
    return frozenset(_SAMPLE) - accepted if negate else frozenset(accepted)


def _in_category(category, char: str) -> bool:
    word = char.isalnum() or char == "_"
    space = char.isspace()
    digit = char.isdecimal()
    return {
        C.CATEGORY_WORD: word,
        C.CATEGORY_NOT_WORD: not word,
        C.CATEGORY_SPACE: space,
        C.CATEGORY_NOT_SPACE: not space,
        C.CATEGORY_DIGIT: digit,
        C.CATEGORY_NOT_DIGIT: not digit,
        C.CATEGORY_LINEBREAK: char == "\n",
        C.CATEGORY_NOT_LINEBREAK: char != "\n",
    }.get(category, True)
