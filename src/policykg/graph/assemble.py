"""Assemble the RDF graph: documents, sentences, entities, facts and the evidence for each fact.

The shape is the contract's section 3. Symmetric properties are written in both directions, each
direction with its own evidence node, so every fact triple has evidence with exactly its s, p, o.
The triples go straight into a pyoxigraph store, a document at a time: rdflib's memory store took
twice the time and three times the memory (1.1 KB a triple), and the build needs the store anyway
to validate and analyse. rdflib stays the Python API: ``store.rdf_graph`` copies a store into an
rdflib Graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import XSD

from policykg.graph.vocab import (
    DCTERMS,
    DOCUMENT,
    NIF,
    OWL,
    PROV,
    RDF,
    RDFS,
    RULE,
    SKOS,
    P,
    entity_iri,
    evidence_iri,
    sentence_iri,
)
from policykg.ontology import PROPERTIES
from policykg.rules.extract import DocumentExtraction, Extraction
from policykg.rules.matcher import Mention
from policykg.rules.model import RulePack


def _fold(text: str) -> str:
    return " ".join(text.split())


class _Names:
    """A namespace's IRIs as plain strings, each made once: rdflib's Namespace makes and checks a
    new URIRef at every attribute access (647,123 of them to assemble the 1 MB bench corpus), and
    plain strings are what the store's nodes are made from."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:  # a name not made yet: made, and kept
        value = str(self._namespace[name])
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


_P, _RDF, _RDFS, _PROV, _DCTERMS, _NIF, _SKOS, _OWL = (
    _Names(ns) for ns in (P, RDF, RDFS, PROV, DCTERMS, NIF, SKOS, OWL)
)
_INTEGER = ox.NamedNode(str(XSD.integer))
_BOOLEAN = ox.NamedNode(str(XSD.boolean))
_TRUE = ox.Literal("true", datatype=_BOOLEAN)


class GraphAssembler:
    """Adds documents' extractions to one store; entities are written once, at the end."""

    def __init__(self, pack: RulePack):
        self.pack = pack
        self.store = ox.Store()
        self.quads: list[ox.Quad] = []  # of the document being added
        self.nodes: dict[str, ox.NamedNode] = {}  # of the document being added
        self.entities: dict[str, tuple[str, str]] = {}  # id → (class, label)
        self.seen_forms: dict[str, set[str]] = defaultdict(set)
        self.rules_used: set[str] = set()
        self.entity_iris: dict[str, str] = {}  # the IRIs of entities and rules, made once
        self.rule_iris: dict[str, str] = {}

    def _entity(self, entity_id: str) -> str:
        found = self.entity_iris.get(entity_id)
        if found is None:
            found = self.entity_iris[entity_id] = str(entity_iri(entity_id))
        return found

    def _rule(self, rule_id: str) -> str:
        found = self.rule_iris.get(rule_id)
        if found is None:
            found = self.rule_iris[rule_id] = str(RULE[rule_id])
        return found

    def _node(self, iri: str) -> ox.NamedNode:
        node = self.nodes.get(iri)
        if node is None:
            node = self.nodes[iri] = ox.NamedNode(iri)
        return node

    def _add(self, s: str, p: str, o: str) -> None:
        self.quads.append(ox.Quad(self._node(s), self._node(p), self._node(o)))

    def _text(self, s: str, p: str, text: str) -> None:
        self.quads.append(ox.Quad(self._node(s), self._node(p), ox.Literal(text)))

    def _integer(self, s: str, p: str, n: int) -> None:
        self.quads.append(
            ox.Quad(self._node(s), self._node(p), ox.Literal(str(n), datatype=_INTEGER))
        )

    def _flush(self) -> None:
        self.store.extend(self.quads)
        self.quads = []
        # most names are the document's own (its sentences, its evidence): a memo kept across
        # documents would hold every node of the graph (2.6 million at 25 million triples)
        self.nodes.clear()

    def add(self, result: DocumentExtraction) -> None:
        """Add one document, its sentences, mentions, facts and evidence."""
        doc = result.document
        d = DOCUMENT[doc.id]
        self._add(d, _RDF.type, _P.Document)
        self._add(d, _RDF.type, _PROV.Entity)
        self._text(d, _DCTERMS.title, doc.title)
        self._text(d, _DCTERMS.source, PurePath(doc.path).as_posix())
        self._text(d, _P.sha256, doc.sha256)
        self._integer(d, _P.characters, len(doc.text))
        if "id" in doc.meta:
            self._text(d, _P.sourceId, str(doc.meta["id"]))
        if result.focus is not None:
            self._remember(result.focus)
            self._add(d, _P.focus, self._entity(result.focus.entity))
        for sentence in doc.sentences:
            s = sentence_iri(doc.id, sentence.index)
            self._add(s, _RDF.type, _P.Sentence)
            self._text(s, _P.text, sentence.text)
            self._text(s, _P.kind, sentence.kind)
            self._add(s, _P.inDocument, d)
            self._integer(s, _NIF.beginIndex, sentence.begin)
            self._integer(s, _NIF.endIndex, sentence.end)
            for mention in result.mentions.get(sentence.index, []):
                self._remember(mention)
                self._add(s, _P.mentions, self._entity(mention.entity))
        by_evidence: dict[tuple[str, str, str, URIRef], list[Extraction]] = defaultdict(list)
        for ex in result.extractions:
            s = sentence_iri(doc.id, ex.sentence)
            f = ex.fact
            by_evidence[(f.subject, f.prop, f.object, s)].append(ex)
            if PROPERTIES[f.prop].symmetric:
                by_evidence[(f.object, f.prop, f.subject, s)].append(ex)
        for (subj, prop, obj, s), found in sorted(by_evidence.items()):
            self._fact(subj, prop, obj, s, found, doc.text)
        self._flush()

    def _fact(
        self, subj: str, prop: str, obj: str, sentence: URIRef, found: list[Extraction], text: str
    ) -> None:
        for ref in (subj, obj):  # a rule may name a concept the sentence does not mention
            if ref not in self.entities and (concept := self.pack.concepts.get(ref)) is not None:
                self.entities[ref] = (concept.cls, concept.label)
        si, pi, oi = self._entity(subj), _P[prop], self._entity(obj)
        self._add(si, pi, oi)
        e = evidence_iri(subj, prop, obj, sentence)
        self._add(e, _RDF.type, _P.Evidence)
        self._add(e, _RDF.type, _RDF.Statement)
        self._add(e, _RDF.subject, si)
        self._add(e, _RDF.predicate, pi)
        self._add(e, _RDF.object, oi)
        self._add(e, _PROV.wasDerivedFrom, sentence)
        first = min(found, key=lambda x: (x.implicit, x.end - x.begin, x.rule, x.begin))
        self._text(e, _P.matchedText, text[first.begin : first.end])
        for ex in found:
            self._add(e, _P.rule, self._rule(ex.rule))
            self.rules_used.add(ex.rule)
        if first.implicit:
            self.quads.append(ox.Quad(self._node(e), self._node(_P.implicitSubject), _TRUE))
        self._text(e, _P.modality, first.modality)

    def _remember(self, mention: Mention) -> None:
        self.entities.setdefault(mention.entity, (mention.cls, mention.label))
        if mention.via != "front matter":
            self.seen_forms[mention.entity].add(_fold(mention.surface))

    def finish(self) -> ox.Store:
        """Write entities (labels, aliases, broader, sameAs) and rules; return the store."""
        pending = list(self.entities)
        while pending:  # broader concepts are entities too, even when no text names them
            concept = self.pack.concepts.get(pending.pop())
            for ref in concept.broader if concept else ():
                if ref not in self.entities:
                    broader = self.pack.concepts[ref]
                    self.entities[ref] = (broader.cls, broader.label)
                    pending.append(ref)
        for entity_id, (cls, label) in self.entities.items():
            e = entity_iri(entity_id)
            self._add(e, _RDF.type, _P[cls])
            self._text(e, _RDFS.label, label)
            concept = self.pack.concepts.get(entity_id)
            curated = concept.aliases if concept else ()
            for alt in _alt_labels(label, curated, self.seen_forms.get(entity_id, ())):
                self._text(e, _SKOS.altLabel, alt)
            if concept:
                for ref in concept.broader:
                    self._add(e, _SKOS.broader, entity_iri(ref))
                for iri in concept.same_as:
                    self._add(e, _OWL.sameAs, iri)
                alpha2, alpha3 = concept.iso_codes
                if alpha2:
                    self._text(e, _P.isoAlpha2, alpha2)
                if alpha3:
                    self._text(e, _P.isoAlpha3, alpha3)
        rules = {r.id: r for r in self.pack.relations}
        for rule_id in self.rules_used:
            r = RULE[rule_id]
            self._add(r, _RDF.type, _P.Rule)
            self._text(r, _RDFS.label, rule_id)
            if rules[rule_id].description:
                self._text(r, _RDFS.comment, rules[rule_id].description)
            origin = rules[rule_id].origin
            self._text(r, _DCTERMS.source, f"{PurePath(origin.path).name}:{origin.line}")
        self._flush()
        return self.store


def _alt_labels(label: str, curated: Iterable[str], seen: Iterable[str]) -> list[str]:
    """Curated aliases, then forms seen in text, each once (ignoring case), never the label."""
    taken = {label.casefold()}
    out = []
    for form in [*curated, *sorted(seen)]:
        if form.casefold() not in taken:
            taken.add(form.casefold())
            out.append(form)
    return out


def assemble(results: Iterable[DocumentExtraction], pack: RulePack) -> ox.Store:
    """The graph of several documents' extractions, in a pyoxigraph store."""
    assembler = GraphAssembler(pack)
    for result in results:
        assembler.add(result)
    return assembler.finish()
