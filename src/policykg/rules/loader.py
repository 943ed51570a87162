"""Load a rule pack from YAML, validate it, and report every problem at once with its place.

YAML positions come from libyaml's node marks (policykg.rules.yamlpos); pydantic's error locations
are walked back through the parsed nodes to the line and column of the offending key or value.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policykg.errors import Problem, RuleError, display_path
from policykg.ontology import CLASSES, PREFIXES, PROPERTIES, RULES_DIR, bundled
from policykg.rules.model import (
    MENTION_SLOTS,
    Concept,
    EntityPattern,
    Origin,
    Relation,
    RulePack,
)
from policykg.rules.schema import SLOTS, CounterExample, RelationSpec, RuleFile
from policykg.rules.yamlpos import (
    MarkedYAMLError,
    PositionedMap,
    PositionedSeq,
    QuotedStr,
    RefusedYAMLError,
    YAMLError,
)
from policykg.rules.yamlpos import load as load_yaml

RULE_SUFFIXES = (".yaml", ".yml")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def default_rule_paths() -> list[Path]:
    """The bundled rule pack."""
    return [bundled(RULES_DIR)]


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand rule files and folders into a sorted list of YAML files."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError.at(path, "R005", "no such rule file or folder")
    return files


def load_rules(paths: Iterable[str | Path] | None = None) -> RulePack:
    """Load and validate a rule pack (default: the bundled one); RuleError lists every problem."""
    pack, problems = check_rules(paths)
    errors = [p for p in problems if p.severity == "error"]
    if errors or pack is None:
        raise RuleError(errors)
    return pack


def check_rules(paths: Iterable[str | Path] | None = None) -> tuple[RulePack | None, list[Problem]]:
    """Validate a rule pack and return it (None when it has errors) with all problems found."""
    files = rule_files(paths if paths is not None else default_rule_paths())
    checker = _Checker()
    if not files:
        shown = ", ".join(display_path(p) for p in (paths or []))
        checker.problems.append(Problem(shown or ".", 0, 0, "R005", "no rule files (*.yaml) found"))
    for path in files:
        checker.load_file(path)
    pack = checker.finish()
    errors = [p for p in checker.problems if p.severity == "error"]
    return (None if errors else pack), sorted(set(checker.problems))


# A regex source that begins with a punctuation mark (escaped or not), or with an alternation
# whose first branch does.
_PUNCTUATION_START = re.compile(r"""^(?:\(\?:)*(?:\\?[,;:.!?'’"]|\\s)""")

# ---------------------------------------------------------------------------- locating


def _position(node: Any, loc: tuple[Any, ...], want_key: bool = False) -> tuple[int, int]:
    """The 1-based line and column of the YAML node at a pydantic error location."""
    line, col = 0, 0
    if hasattr(node, "lc"):
        line, col = node.lc.line, node.lc.col
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, PositionedMap) and part in node:
            line, col = node.lc.key(part) if (want_key and last) else node.lc.value(part)
            node = node[part]
        elif isinstance(node, PositionedSeq) and isinstance(part, int) and part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
        if hasattr(node, "lc") and not last and isinstance(node, (PositionedMap, PositionedSeq)):
            line, col = node.lc.line, node.lc.col
    return line + 1, col + 1


def _regex_list(value: str | list[str] | None) -> list[str]:
    """The regexes of a key that takes one or several."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _quoted(node: Any, *loc: Any) -> bool:
    """Whether the scalar at loc was written in quotes (its text starts one column later)."""
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, QuotedStr)


def _covers(general: str, specific: str) -> bool:
    """Whether alias ``general`` matches every text ``specific`` matches (case mode auto): the
    same letters; a capital in ``general`` only where ``specific`` has one; a hyphen in
    ``general`` only where ``specific`` has one (a space matches a space or a hyphen)."""

    def letters(alias: str) -> str:
        return alias.lower().replace("-", " ")

    if len(general) != len(specific) or letters(general) != letters(specific):
        return False
    for g, s in zip(general, specific, strict=True):
        if g.isupper() and not s.isupper():
            return False
        if g == "-" and s != "-":
            return False
        if g == " " and s not in " -":
            return False
    return True


def _either(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_FIELDS = {
    "concepts": [
        "id",
        "class",
        "label",
        "aliases",
        "verbs",
        "broader",
        "same_as",
        "case",
        "inflect",
        "comment",
    ],
    "aliases": ["form", "case"],
    "patterns": ["id", "class", "regex", "group", "concept", "case_sensitive", "comment"],
    "relations": list(RelationSpec.model_fields),
    "examples": ["text", "facts", "focus"],
    "counter_examples": ["text", "focus"],
    "": ["prefixes", "ignore", "concepts", "patterns", "relations"],
}


class _Checker:
    """Collects problems over all files of a pack, then compiles what is valid."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.concepts: dict[str, Concept] = {}
        self.patterns: list[EntityPattern] = []
        self.relation_specs: list[tuple[RelationSpec, Origin, Any]] = []
        self.files: list[tuple[str, str]] = []
        self.ids: dict[str, Origin] = {}
        self.ignored: list[str] = []
        # the bundled pack's regexes are checked by its tests (tests/test_redos.py), not at every
        # load: the check times texts, and a stalled machine must never refuse the bundled pack
        self.trusted: set[str] = set()

    def error(self, origin: Origin, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(origin.path, origin.line, origin.col, code, message, severity))

    def load_file(self, path: Path) -> None:
        shown = display_path(path)
        if path.resolve().parent == Path(str(bundled(RULES_DIR))).resolve():
            self.trusted.add(shown)
        try:
            data_bytes = path.read_bytes()
        except OSError as exc:
            self.error(Origin(shown, 0, 0), "R005", f"cannot read rule file: {exc.strerror}")
            return
        self.files.append((shown, hashlib.sha256(data_bytes).hexdigest()))
        try:
            data = load_yaml(data_bytes.decode("utf-8"))
        except UnicodeDecodeError as exc:
            self.error(Origin(shown, 1, 1), "R001", f"not valid UTF-8: {exc.reason}")
            return
        except RefusedYAMLError as exc:
            line, col = exc.mark.line + 1, exc.mark.column + 1
            self.error(Origin(shown, line, col), "R001", str(exc))
            return
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = exc.problem or exc.context or "invalid YAML"
            self.error(Origin(shown, line, col), "R001", f"YAML syntax error: {what}")
            return
        except YAMLError as exc:
            self.error(Origin(shown, 1, 1), "R001", f"YAML error: {exc}")
            return
        if data is None:
            return
        if not isinstance(data, PositionedMap):
            self.error(
                Origin(shown, 1, 1),
                "R004",
                "a rule file is a mapping with the keys prefixes, concepts, patterns, relations",
            )
            return
        try:
            parsed = RuleFile.model_validate(data)
        except ValidationError as exc:
            self._report_validation(shown, data, exc)
            return
        prefixes = {**PREFIXES, **parsed.prefixes}
        self.ignored.extend(parsed.ignore)
        for i, spec in enumerate(parsed.concepts):
            self._add_concept(
                spec, self._origin(shown, data, ("concepts", i)), prefixes, data["concepts"][i]
            )
        for i, spec in enumerate(parsed.patterns):
            self._add_pattern(spec, self._origin(shown, data, ("patterns", i)), data["patterns"][i])
        for i, spec in enumerate(parsed.relations):
            origin = self._origin(shown, data, ("relations", i))
            self._claim_id(spec.id, origin, "rule")
            self.relation_specs.append((spec, origin, data["relations"][i]))

    @staticmethod
    def _origin(shown: str, data: Any, loc: tuple[Any, ...]) -> Origin:
        line, col = _position(data, loc)
        return Origin(shown, line, col)

    def _report_validation(self, shown: str, data: Any, exc: ValidationError) -> None:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            kind = err["type"]
            section = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), "")
            if kind == "extra_forbidden":
                key = str(loc[-1])
                line, col = _position(data, loc, want_key=True)
                hint = _suggest(key, _FIELDS.get(section, []))
                self.error(Origin(shown, line, col), "R002", f"unknown key '{key}'{hint}")
            elif kind == "missing":
                line, col = _position(data, loc[:-1])
                self.error(Origin(shown, line, col), "R003", f"missing required key '{loc[-1]}'")
            else:
                line, col = _position(data, loc)
                where = ".".join(str(p) for p in loc)
                msg = err["msg"]
                if kind == "string_pattern_mismatch":
                    msg = "an id is lower-case letters, digits and hyphens (e.g. 'joint-exercises')"
                self.error(Origin(shown, line, col), "R004", f"invalid value at {where}: {msg}")

    def _claim_id(self, ident: str, origin: Origin, what: str) -> bool:
        if ident in self.ids:
            self.error(
                origin,
                "R013",
                f"duplicate {what} id '{ident}' (first defined at {self.ids[ident]})",
            )
            return False
        self.ids[ident] = origin
        return True

    def _check_class(self, cls: str, node: Any, key: str, origin: Origin) -> bool:
        if cls in CLASSES:
            return True
        where = self._at(origin, node, key)
        self.error(
            where,
            "R010",
            f"unknown class '{cls}'{_suggest(cls, CLASSES)} (classes: {', '.join(CLASSES)})",
        )
        return False

    @staticmethod
    def _at(origin: Origin, node: Any, *loc: Any) -> Origin:
        line, col = _position(node, loc)
        return Origin(origin.path, line, col)

    def _add_concept(self, spec: Any, origin: Origin, prefixes: dict[str, str], node: Any) -> None:
        ok = self._claim_id(spec.id, origin, "concept")
        ok = self._check_class(spec.cls, node, "class", origin) and ok
        same_as = []
        for i, ref in enumerate(spec.same_as):
            iri = self._expand(ref, prefixes, self._at(origin, node, "same_as", i))
            if iri:
                same_as.append(iri)
        # a form of one letter or digit would name the concept inside every other word's reach
        forms = [("label", None, spec.label)]
        forms += [
            ("aliases", i, a if isinstance(a, str) else a.form) for i, a in enumerate(spec.aliases)
        ]
        forms += [("verbs", i, v) for i, v in enumerate(spec.verbs)]
        for key, i, form in forms:
            if len(form.strip()) < 2:
                where = self._at(origin, node, key) if i is None else self._at(origin, node, key, i)
                self.error(
                    where,
                    "R020",
                    f"'{form}' is {len(form.strip())} character long: a name needs at least two",
                )
                ok = False
        if ok:
            aliases = tuple(a if isinstance(a, str) else a.form for a in spec.aliases)
            alias_case = tuple((a.form, a.case) for a in spec.aliases if not isinstance(a, str))
            self.concepts[spec.id] = Concept(
                spec.id,
                spec.cls,
                spec.label,
                aliases,
                alias_case,
                tuple(spec.verbs),
                tuple(spec.demonyms),
                (spec.iso_alpha2, spec.iso_alpha3),
                tuple(spec.broader),
                tuple(same_as),
                spec.case,
                spec.inflect,
                origin,
            )

    def _expand(self, ref: str, prefixes: dict[str, str], where: Origin) -> str | None:
        if ref.startswith("<") and ref.endswith(">"):
            ref = ref[1:-1]
        prefix, sep, local = ref.partition(":")
        if sep and prefix in prefixes and not local.startswith("//"):
            iri = prefixes[prefix] + local
        else:
            iri = ref
            if sep and not local.startswith("//") and prefix not in ("urn", "mailto"):
                self.error(
                    where,
                    "R016",
                    f"unknown prefix '{prefix}'"
                    f"{_suggest(prefix, prefixes)}; declare it under 'prefixes'",
                )
                return None
        if not _IRI.match(iri):
            self.error(where, "R016", f"invalid IRI '{ref}'")
            return None
        return iri

    def _compile(
        self,
        regex: str,
        where: Origin,
        flags: int = 0,
        wrap: str = "{}",
        quoted: bool = True,
        check: bool = True,
    ) -> re.Pattern[str] | None:
        """Compile a rule's regex (inside ``wrap``); an error points at its column in the file.
        A regex that can backtrack catastrophically is refused (``policykg.rules.redos``)."""
        try:
            re.compile(regex, flags)
            compiled = re.compile(wrap.format(regex), flags)
        except re.error as exc:
            col = where.col + int(quoted) + (exc.pos or 0)
            self.error(
                Origin(where.path, where.line, col),
                "R012",
                f"regular expression does not compile: {exc.msg}",
            )
            return None
        if check and where.path not in self.trusted:
            from policykg.rules.redos import catastrophic_backtracking

            why = catastrophic_backtracking(regex, flags)
            if why is not None:
                self.error(
                    where, "R021", f"regular expression can backtrack catastrophically: {why}"
                )
                return None
        return compiled

    def _add_pattern(self, spec: Any, origin: Origin, node: Any) -> None:
        ok = self._claim_id(spec.id, origin, "pattern")
        ok = self._check_class(spec.cls, node, "class", origin) and ok
        flags = 0 if spec.case_sensitive else re.IGNORECASE
        regex = self._compile(
            spec.regex, self._at(origin, node, "regex"), flags, quoted=_quoted(node, "regex")
        )
        if regex is not None and isinstance(spec.group, str) and spec.group not in regex.groupindex:
            self.error(
                self._at(origin, node, "group"),
                "R014",
                f"the regex has no group named '{spec.group}'",
            )
            ok = False
        if regex is not None and isinstance(spec.group, int) and spec.group > regex.groups:
            self.error(
                self._at(origin, node, "group"),
                "R014",
                f"the regex has only {regex.groups} group(s)",
            )
            ok = False
        if ok and regex is not None:
            self.patterns.append(
                EntityPattern(
                    spec.id, spec.cls, regex, spec.group, spec.concept, origin, spec.verbal
                )
            )

    def finish(self) -> RulePack:
        for concept in self.concepts.values():
            for ref in concept.broader:
                if ref not in self.concepts:
                    self.error(
                        concept.origin,
                        "R017",
                        f"concept '{concept.id}' has broader"
                        f" '{ref}', which is not a concept{_suggest(ref, self.concepts)}",
                    )
        for pattern in self.patterns:
            concept = self.concepts.get(pattern.concept) if pattern.concept else None
            if pattern.concept and concept is None:
                self.error(
                    pattern.origin,
                    "R017",
                    f"pattern '{pattern.id}' names concept"
                    f" '{pattern.concept}', which is not a concept"
                    f"{_suggest(pattern.concept, self.concepts)}",
                )
            elif concept is not None and concept.cls != pattern.cls:
                self.error(
                    pattern.origin,
                    "R010",
                    f"pattern '{pattern.id}' is of class"
                    f" {pattern.cls} but its concept '{concept.id}' is a {concept.cls}",
                )
        self._check_aliases()
        relations = [r for r in (self._relation(*args) for args in self.relation_specs) if r]
        return RulePack(self.concepts, self.patterns, relations, self.files, tuple(self.ignored))

    def _check_redundant_aliases(self) -> None:
        """W002: an alias that another form of its concept already matches wherever it would:
        the label, an alias before it, or a plural or singular generated from one ("naval patrol"
        after "naval patrols", "INTERPOL" after "Interpol", "cyber-attack" after "cyber attack")."""
        from policykg.rules.lexicon import _inflect_last_word

        for concept in self.concepts.values():
            if concept.case != "auto" or concept.alias_case:
                continue
            names = (concept.label, *concept.aliases)
            forms = []  # (form, index of the alias it comes from)
            for i, alias in enumerate(names):
                forms.append((alias, i))
                if concept.inflect and concept.cls != "Nation":
                    forms.extend((form, i) for form in _inflect_last_word(alias))
            for i, alias in enumerate(names):
                if i == 0:
                    continue  # the label stays
                cover = next(
                    (
                        names[j]
                        for form, j in forms
                        if j != i
                        and _covers(form, alias)
                        and (j < i or not _covers(alias, form))  # the same form: flag the later
                    ),
                    None,
                )
                if cover is not None:
                    self.error(
                        concept.origin,
                        "W002",
                        f"alias '{alias}' of '{concept.id}' is shadowed by '{cover}', which"
                        " already matches every text it matches: remove it",
                        severity="warning",
                    )

    def _check_aliases(self) -> None:
        from policykg.rules.lexicon import surface_forms

        self._check_redundant_aliases()

        owner: dict[str, str] = {}
        for concept in self.concepts.values():
            for form, case in surface_forms(concept):
                key = form if case == "exact" else form.lower()
                previous = owner.setdefault(key, concept.id)
                if previous != concept.id and form in (concept.label, *concept.aliases):
                    self.error(
                        concept.origin,
                        "R015",
                        f"alias '{form}' of '{concept.id}' is already claimed by '{previous}'",
                    )

    def _relation(self, spec: RelationSpec, origin: Origin, node: Any) -> Relation | None:
        ok = True
        for slot in MENTION_SLOTS:
            for i, cls in enumerate(getattr(spec, slot)):
                if cls not in CLASSES:
                    loc = (slot, i) if isinstance(node.get(slot), PositionedSeq) else (slot,)
                    self.error(
                        self._at(origin, node, *loc),
                        "R010",
                        f"unknown class '{cls}'{_suggest(cls, CLASSES)}",
                    )
                    ok = False
        literals = []
        pattern: list[str] = []
        for i, element in enumerate(spec.pattern):
            if element in SLOTS:
                pattern.append(element)
                continue
            compiled = self._compile(
                element,
                self._at(origin, node, "pattern", i),
                re.IGNORECASE,
                quoted=_quoted(node, "pattern", i),
            )
            ok = ok and compiled is not None
            if compiled is not None:
                pattern.append(str(len(literals)))
                literals.append(compiled)
        has_trigger = bool(spec.trigger or spec.trigger_regex or spec.trigger_any_verb)
        structural = [
            *(
                f"emit uses the '{slot}' slot, which the pattern does not place"
                for slot in ("object", "partner")
                if slot not in pattern and any(slot in (s, o) for s, _, o in spec.emit)
            ),
            *(
                ["the pattern places a 'partner' slot but the rule gives it no classes"]
                if "partner" in pattern and not spec.partner
                else []
            ),
            *(
                ["the pattern has no 'subject' slot and implicit_subject is false"]
                if "subject" not in pattern and not spec.implicit_subject
                else []
            ),
            *(
                ["the pattern uses 'trigger' but the rule defines no trigger"]
                if "trigger" in pattern and not has_trigger
                else []
            ),
        ]
        for message in structural:
            self.error(self._at(origin, node, "pattern"), "R014", message)
        ok = ok and not structural
        trigger = None
        if spec.trigger or spec.trigger_regex:
            trigger = self._phrases(spec.trigger, spec.trigger_regex, "trigger", origin, node)
            ok = ok and trigger is not None
        unless = None
        if spec.unless or spec.unless_regex:
            unless = self._phrases(spec.unless, spec.unless_regex, "unless", origin, node)
            ok = ok and unless is not None
        unless_after = None
        if spec.unless_after:
            # one regex or a list of them, each checked where it is written, then joined
            afters = _regex_list(spec.unless_after)
            for i, one in enumerate(afters):
                loc = (
                    ("unless_after", i)
                    if isinstance(spec.unless_after, list)
                    else ("unless_after",)
                )
                where = self._at(origin, node, *loc)
                compiled = self._compile(one, where, re.IGNORECASE, quoted=_quoted(node, *loc))
                ok = ok and compiled is not None
            if ok:
                source = afters[0] if len(afters) == 1 else "|".join(f"(?:{r})" for r in afters)
                where = self._at(origin, node, "unless_after")
                unless_after = self._compile(source, where, re.IGNORECASE, check=False)
        emit = []
        for i, (s, p, o) in enumerate(spec.emit):
            where = self._at(origin, node, "emit", i)
            prop = p.removeprefix("pkg:")
            if prop not in PROPERTIES:
                self.error(where, "R011", f"unknown property '{p}'{_suggest(prop, PROPERTIES)}")
                ok = False
                continue
            for term, role in ((s, "subject"), (o, "object")):
                if term in MENTION_SLOTS:
                    if term not in pattern and not (term == "subject" and spec.implicit_subject):
                        self.error(
                            where, "R014", f"emit uses slot '{term}', which the pattern lacks"
                        )
                        ok = False
                    allowed = getattr(PROPERTIES[prop], "domain" if role == "subject" else "range")
                    wrong = sorted(set(getattr(spec, term)) - set(allowed) & set(CLASSES))
                    if wrong:
                        self.error(
                            where,
                            "R018",
                            f"'{prop}' takes {'an' if role == 'object' else 'a'} {role} of class"
                            f" {_either(allowed)}, but slot '{term}' admits {', '.join(wrong)}",
                        )
                        ok = False
                elif term not in self.concepts:
                    self.error(
                        where,
                        "R014",
                        f"emit uses '{term}', which is neither a slot"
                        f" (subject, object, partner) nor a concept id"
                        f"{_suggest(term, self.concepts)}",
                    )
                    ok = False
            emit.append((s, prop, o))
        under = {}
        for key in ("subject_under", "object_under"):
            for i, ref in enumerate(getattr(spec, key)):
                if ref not in self.concepts:
                    self.error(
                        self._at(origin, node, key, i),
                        "R017",
                        f"'{key}' names '{ref}', which is not a concept"
                        f"{_suggest(ref, self.concepts)}",
                    )
                    ok = False
            under[key] = frozenset(getattr(spec, key)) or None
        counter = tuple(
            c if isinstance(c, CounterExample) else CounterExample(text=c)
            for c in spec.counter_examples
        )
        self._check_examples(spec, origin, node)
        self._check_reachable(spec, pattern, literals, origin, node)
        if not ok:
            return None
        return Relation(
            spec.id,
            spec.description,
            frozenset(spec.subject),
            frozenset(spec.object),
            frozenset(spec.partner),
            under["subject_under"],
            under["object_under"],
            spec.object_verbal,
            spec.possessive,
            tuple(pattern),
            tuple(literals),
            trigger,
            spec.trigger_any_verb,
            spec.max_gap,
            unless,
            spec.implicit_subject,
            frozenset(spec.applies_to),
            tuple(emit),
            tuple(spec.examples),
            counter,
            origin,
            unless_after,
        )

    def _check_reachable(
        self, spec: RelationSpec, pattern: list[str], literals: list, origin: Origin, node: Any
    ) -> None:
        """Warnings: a rule that can never fire (W001), a regex that can hardly match (W003)."""
        for key, slot in (("subject_under", spec.subject), ("object_under", spec.object)):
            for i, ref in enumerate(getattr(spec, key)):
                concept = self.concepts.get(ref)
                if concept is not None and concept.cls not in slot:
                    self.error(
                        self._at(origin, node, key, i),
                        "W001",
                        f"the rule can never fire: '{key}' names '{ref}', a {concept.cls},"
                        f" but the {key.split('_')[0]} slot admits {_either(slot)}",
                        severity="warning",
                    )
        last = len(pattern) - 1
        for i, element in enumerate(pattern):
            if element in SLOTS:
                continue
            source = literals[int(element)].pattern
            if (source.startswith("^") and i > 0) or (source.endswith("$") and i < last):
                anchor = "^" if source.startswith("^") and i > 0 else "$"
                self.error(
                    self._at(origin, node, "pattern", i),
                    "W001",
                    f"the rule can never fire: '{anchor}' anchors this regex to the"
                    f" {'start' if anchor == '^' else 'end'} of the sentence, but other"
                    f" elements stand {'before' if anchor == '^' else 'after'} it",
                    severity="warning",
                )
        for key in ("trigger_regex", "unless_regex"):
            value = getattr(spec, key)
            for i, regex in enumerate(_regex_list(value)):
                if not _PUNCTUATION_START.match(regex):
                    continue
                self.error(
                    self._at(origin, node, key, *((i,) if isinstance(value, list) else ())),
                    "W003",
                    f"'{key}' begins with punctuation: trigger and unless regexes match on word"
                    " boundaries, so it matches only where a space or another mark stands before"
                    " it, never right after a word; begin it with the word before ('[a-z]+,')",
                    severity="warning",
                )

    def _phrases(
        self, words: list[str], regex: str | list[str] | None, key: str, origin: Origin, node: Any
    ) -> re.Pattern[str] | None:
        """One case-insensitive regex for a list of phrases and optional regexes, on word
        boundaries; a space in a phrase also matches a hyphen or a line break."""
        escaped = [re.escape(w).replace(r"\ ", r"[\s-]+") for w in words]
        wrap = r"(?<![\w-])(?:{})(?![\w-])"
        regexes = _regex_list(regex)
        for i, one in enumerate(regexes):
            loc = (f"{key}_regex", i) if isinstance(regex, list) else (f"{key}_regex",)
            where = self._at(origin, node, *loc)
            if self._compile(one, where, re.IGNORECASE, quoted=_quoted(node, *loc)) is None:
                return None
        source = "|".join([*escaped, *(f"(?:{r})" for r in regexes)])
        # the regexes were checked one by one above; the phrases are literal
        where = self._at(origin, node, key)
        return self._compile(source, where, re.IGNORECASE, wrap, check=False)

    def _check_examples(self, spec: RelationSpec, origin: Origin, node: Any) -> None:
        from policykg.rules.lexicon import resolve_term

        for i, example in enumerate(spec.examples):
            for j, (s, p, o) in enumerate(example.facts):
                where = self._at(origin, node, "examples", i, "facts", j)
                if p.removeprefix("pkg:") not in PROPERTIES:
                    self.error(where, "R011", f"unknown property '{p}' in an example fact")
                for term in (s, o):
                    if resolve_term(term, self.concepts, self.patterns) is None:
                        self.error(
                            where,
                            "R019",
                            f"example fact names '{term}', which is no"
                            " concept id, label or alias, and no entity pattern matches it",
                        )
