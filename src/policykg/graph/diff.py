"""Compare two graphs: the facts a rule change added and removed, each with its evidence.

A fact is a triple of the contract's vocabulary between two entities (symmetric properties in
either direction count once). Its evidence is every sentence that states it: the sentence's text,
its document and the rule that fired. Facts found in both graphs are unchanged even when their
evidence changed; the counts of evidence added and removed for them are reported apart, so a rule
that finds a known fact in one more sentence shows up without drowning the list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from policykg.graph.vocab import PROV, RDF, RDFS, P
from policykg.ontology import PROPERTIES

FactKey = tuple[str, str, str]  # subject id, property, object id


@dataclass(frozen=True, order=True)
class Evidence:
    document: str
    sentence: str  # the sentence's text, whitespace folded
    rule: str


@dataclass
class Fact:
    subject: str
    prop: str
    object: str
    subject_label: str
    object_label: str
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "subject": self.subject,
            "property": self.prop,
            "object": self.object,
            "subject_label": self.subject_label,
            "object_label": self.object_label,
            "evidence": [e.__dict__ for e in self.evidence],
        }


@dataclass
class GraphDiff:
    old: str
    new: str
    added: list[Fact]
    removed: list[Fact]
    evidence_added: int  # for facts in both graphs
    evidence_removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.evidence_added or self.evidence_removed)

    def as_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "added": [f.as_dict() for f in self.added],
            "removed": [f.as_dict() for f in self.removed],
            "unchanged_facts_evidence": {
                "added": self.evidence_added,
                "removed": self.evidence_removed,
            },
        }


def graph_path(path: str | Path) -> Path:
    """A graph file, or the ``graph.ttl`` of a build folder."""
    path = Path(path)
    return path / "graph.ttl" if path.is_dir() else path


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def facts_of(graph: Graph) -> dict[FactKey, Fact]:
    """Every fact of a graph, with its labels and evidence, by canonical key."""
    facts: dict[FactKey, Fact] = {}
    evidence: dict[FactKey, set[Evidence]] = defaultdict(set)
    for ev in graph.subjects(RDF.type, P.Evidence):
        s, p, o = (graph.value(ev, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None or _local(p) not in PROPERTIES:
            continue
        prop = _local(p)
        if PROPERTIES[prop].symmetric and _local(o) < _local(s):
            s, o = o, s
        key = (_local(s), prop, _local(o))
        if key not in facts:
            facts[key] = Fact(*key, _label(graph, s), _label(graph, o))
        sentence = graph.value(ev, PROV.wasDerivedFrom)
        text = " ".join(str(graph.value(sentence, P.text) or "").split())
        document = _local(graph.value(sentence, P.inDocument) or "")
        rules = sorted(_local(r) for r in graph.objects(ev, P.rule)) or [""]
        evidence[key].update(Evidence(document, text, rule) for rule in rules)
    for key, fact in facts.items():
        fact.evidence = sorted(evidence[key])
    return facts


def _label(graph: Graph, entity) -> str:
    label = graph.value(entity, RDFS.label)
    return str(label) if label is not None else _local(entity)


def diff_graphs(old: Graph, new: Graph, old_name: str = "OLD", new_name: str = "NEW") -> GraphDiff:
    """The facts in ``new`` and not in ``old`` (added), and the reverse (removed)."""
    before, after = facts_of(old), facts_of(new)
    added = [after[k] for k in sorted(after.keys() - before.keys(), key=_order)]
    removed = [before[k] for k in sorted(before.keys() - after.keys(), key=_order)]
    ev_added = ev_removed = 0
    for key in before.keys() & after.keys():
        was, now = set(before[key].evidence), set(after[key].evidence)
        ev_added += len(now - was)
        ev_removed += len(was - now)
    return GraphDiff(old_name, new_name, added, removed, ev_added, ev_removed)


def _order(key: FactKey) -> tuple[int, str, str]:
    return (list(PROPERTIES).index(key[1]), key[0], key[2])


def diff_text(diff: GraphDiff, limit: int = 3) -> str:
    """The diff for a reader: facts grouped by property, ``+`` added, ``-`` removed, each with up
    to ``limit`` evidence sentences."""
    lines = [
        f"{diff.old} → {diff.new}: {len(diff.added)} facts added, {len(diff.removed)} removed;"
        f" evidence of unchanged facts: +{diff.evidence_added} -{diff.evidence_removed}"
    ]
    by_prop: dict[str, list[tuple[str, Fact]]] = defaultdict(list)
    for sign, facts in (("+", diff.added), ("-", diff.removed)):
        for fact in facts:
            by_prop[fact.prop].append((sign, fact))
    for prop in PROPERTIES:
        changes = by_prop.get(prop)
        if not changes:
            continue
        plus = sum(1 for sign, _ in changes if sign == "+")
        lines += ["", f"{prop} (+{plus} -{len(changes) - plus})"]
        for sign, fact in changes:
            lines.append(
                f"  {sign} {fact.subject} {prop} {fact.object}"
                f"   ({fact.subject_label} → {fact.object_label})"
            )
            sentences: dict[tuple[str, str], list[str]] = {}
            for ev in fact.evidence:
                sentences.setdefault((ev.document, ev.sentence), []).append(ev.rule)
            for (document, sentence), rules in list(sentences.items())[:limit]:
                which = ("rules " if len(rules) > 1 else "rule ") + ", ".join(rules)
                lines.append(f"      “{_shorten(sentence)}” ({document}; {which})")
            if len(sentences) > limit:
                lines.append(f"      … and {len(sentences) - limit} more sentences")
    return "\n".join(lines)


def _shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
