"""Measure a built graph against a gold file of expected facts: precision and recall.

A gold file maps document ids to the facts each document states::

    foreign-relations-of-jordan:
      - [jordan, memberOf, arab-league, "The kingdom is a founding member"]

Each entry is subject, property, object (entity ids) and a fragment of the sentence stating it. Only
documents the gold file lists are scored. A fact counts as found when the graph has evidence for it
from that document; symmetric properties count in either direction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from policykg.errors import PolicyKGError, Problem, display_path
from policykg.graph.vocab import PROV, RDF, RDFS, SKOS, P
from policykg.ontology import CLASSES, PROPERTIES

Key = tuple[str, str, str, str]  # document, subject, property, object


class GoldError(PolicyKGError):
    """A gold file is malformed (E codes)."""


@dataclass(frozen=True)
class GoldFact:
    document: str
    subject: str
    prop: str
    object: str
    fragment: str
    line: int


@dataclass
class Score:
    """Counts and the measures derived from them."""

    gold: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "found": self.found,
            "correct": self.correct,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    """Overall, per-property and per-class scores; the misses and the spurious facts."""

    overall: Score
    by_property: dict[str, Score]
    by_class: dict[str, Score]
    misses: list[GoldFact] = field(default_factory=list)
    spurious: list[tuple[Key, list[str]]] = field(default_factory=list)  # with their sentences
    warnings: list[str] = field(default_factory=list)  # gold ids the graph does not know

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "by_property": {k: v.as_dict() for k, v in self.by_property.items()},
            "by_class": {k: v.as_dict() for k, v in self.by_class.items()},
            "misses": [
                {
                    "document": m.document,
                    "fact": [m.subject, m.prop, m.object],
                    "sentence": m.fragment,
                }
                for m in self.misses
            ],
            "spurious": [
                {"document": k[0], "fact": list(k[1:]), "sentences": s} for k, s in self.spurious
            ],
            "warnings": self.warnings,
        }


def load_gold(path: str | Path) -> list[GoldFact]:
    """Read a gold file; every malformed entry is reported with its line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    path = Path(path)
    shown = display_path(path)
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError.at(path, "E001", f"cannot read gold file: {exc.strerror}") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise GoldError.at(path, "E001", f"YAML syntax error: {exc.problem}", line, col) from None
    if not isinstance(data, dict):
        raise GoldError.at(path, "E002", "a gold file maps document ids to lists of facts", 1, 1)
    facts, problems = [], []
    for doc, entries in data.items():
        for i, entry in enumerate(entries or []):
            line, col = entries.lc.item(i) if hasattr(entries, "lc") else (0, 0)
            ok = (
                isinstance(entry, list)
                and len(entry) == 4
                and all(isinstance(x, str) for x in entry)
            )
            if not ok:
                problems.append(
                    Problem(
                        shown,
                        line + 1,
                        col + 1,
                        "E002",
                        "a fact is [subject, property, object, sentence fragment]",
                    )
                )
                continue
            s, p, o, fragment = entry
            if p not in PROPERTIES:
                problems.append(
                    Problem(shown, line + 1, col + 1, "E003", f"unknown property '{p}'")
                )
                continue
            facts.append(GoldFact(str(doc), s, p, o, fragment, line + 1))
    if problems:
        raise GoldError(problems)
    return facts


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _canonical(key: Key) -> Key:
    doc, s, p, o = key
    if PROPERTIES[p].symmetric and o < s:
        s, o = o, s
    return (doc, s, p, o)


def found_facts(graph: Graph) -> dict[Key, list[str]]:
    """Every fact with evidence, by document, with the sentences that state it."""
    found: dict[Key, list[str]] = defaultdict(list)
    for ev in graph.subjects(RDF.type, P.Evidence):
        sentence = graph.value(ev, PROV.wasDerivedFrom)
        doc = graph.value(sentence, P.inDocument)
        key = (
            _local(doc),
            _local(graph.value(ev, RDF.subject)),
            _local(graph.value(ev, RDF.predicate)),
            _local(graph.value(ev, RDF.object)),
        )
        text = " ".join(str(graph.value(sentence, P.text)).split())
        found[_canonical(key)].append(text)
    return found


def _classes(graph: Graph) -> dict[str, str]:
    classes = {}
    for cls in CLASSES:
        for entity in graph.subjects(RDF.type, P[cls]):
            classes[_local(entity)] = cls
    return classes


def evaluate(graph: Graph, gold: list[GoldFact]) -> EvalReport:
    """Score the graph's facts against the gold facts, on the documents the gold file lists."""
    documents = {g.document for g in gold}
    wanted: dict[Key, GoldFact] = {}
    for g in gold:
        wanted.setdefault(_canonical((g.document, g.subject, g.prop, g.object)), g)
    found = {k: v for k, v in found_facts(graph).items() if k[0] in documents}
    classes = _classes(graph)
    overall = Score()
    by_property = {p: Score() for p in PROPERTIES}
    by_class = {c: Score() for c in CLASSES}

    def tally(key: Key, attr: str) -> None:
        for score in (overall, by_property[key[2]]):
            setattr(score, attr, getattr(score, attr) + 1)
        for cls in {classes.get(key[1]), classes.get(key[3])} - {None}:
            setattr(by_class[cls], attr, getattr(by_class[cls], attr) + 1)

    for key in wanted:
        tally(key, "gold")
    for key in found:
        tally(key, "found")
        if key in wanted:
            tally(key, "correct")
    misses = sorted(
        (g for k, g in wanted.items() if k not in found), key=lambda g: (g.document, g.line)
    )
    spurious = sorted((k, sorted(set(v))) for k, v in found.items() if k not in wanted)
    warnings = _unknown_names(graph, gold, classes)
    return EvalReport(overall, by_property, by_class, misses, spurious, warnings)


def _unknown_names(graph: Graph, gold: list[GoldFact], classes: dict[str, str]) -> list[str]:
    """Gold documents and entities the graph does not have. An entity may simply never have been
    found; but an id that is another entity's label or alias ("turkey" for "turkiye") is a slip
    of the annotator, and every fact naming it would count as missed."""
    from slugify import slugify

    by_name: dict[str, set[str]] = defaultdict(set)
    for entity in classes:
        by_name[entity].add(entity)
    for prop in (RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            if _local(s) in classes:
                by_name[slugify(str(o))].add(_local(s))
    documents = {_local(d) for d in graph.subjects(RDF.type, P.Document)}
    warnings, seen = [], set()
    for g in gold:
        if g.document not in documents and g.document not in seen:
            seen.add(g.document)
            warnings.append(f"line {g.line}: document '{g.document}' is not in the graph")
        for name in (g.subject, g.object):
            if name in classes or name in seen:
                continue
            seen.add(name)
            meant = sorted(by_name.get(name, set()) - {name})
            hint = f": did you mean '{meant[0]}'?" if meant else " (never found, or misnamed)"
            warnings.append(f"line {g.line}: entity '{name}' is not in the graph{hint}")
    return warnings


def report_text(report: EvalReport) -> str:
    """The scores as aligned tables, then the misses and spurious facts."""
    lines = []

    def table(title: str, rows: dict[str, Score]) -> None:
        lines.append(
            f"{title:<16}{'gold':>6}{'found':>7}{'correct':>9}"
            f"{'precision':>11}{'recall':>8}{'F1':>7}"
        )
        for name, s in rows.items():
            if s.gold or s.found:
                lines.append(
                    f"{name:<16}{s.gold:>6}{s.found:>7}{s.correct:>9}"
                    f"{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
                )
        lines.append("")

    table("property", {**report.by_property, "all": report.overall})
    table("class", report.by_class)
    if report.misses:
        lines.append(f"missed ({len(report.misses)}):")
        lines += [
            f"  {m.document}: {m.subject} {m.prop} {m.object}  ← “{m.fragment}…”"
            for m in report.misses
        ]
        lines.append("")
    if report.spurious:
        lines.append(f"spurious ({len(report.spurious)}):")
        for (doc, s, p, o), sentences in report.spurious:
            lines.append(f"  {doc}: {s} {p} {o}")
            lines += [f"      “{t}”" for t in sentences[:2]]
        lines.append("")
    if report.warnings:
        lines.append(f"gold names the graph does not have ({len(report.warnings)}):")
        lines += [f"  {w}" for w in report.warnings]
        lines.append("")
    return "\n".join(lines)
