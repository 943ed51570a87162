"""Assemble the RDF graph: documents, sentences, entities, facts and the evidence for each fact.

The shape is the contract's section 3. Symmetric properties are written in both directions, each
direction with its own evidence node, so every fact triple has evidence with exactly its s, p, o.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

from rdflib import Graph, Literal, URIRef

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
    new_graph,
    sentence_iri,
)
from policykg.ontology import PROPERTIES
from policykg.rules.extract import DocumentExtraction, Extraction
from policykg.rules.matcher import Mention
from policykg.rules.model import RulePack


def _fold(text: str) -> str:
    return " ".join(text.split())


class GraphAssembler:
    """Adds documents' extractions to one graph; entities are written once, at the end."""

    def __init__(self, pack: RulePack):
        self.pack = pack
        self.graph = new_graph()
        self.entities: dict[str, tuple[str, str]] = {}  # id → (class, label)
        self.seen_forms: dict[str, set[str]] = defaultdict(set)
        self.rules_used: set[str] = set()

    def add(self, result: DocumentExtraction) -> None:
        """Add one document, its sentences, mentions, facts and evidence."""
        g = self.graph
        doc = result.document
        d = DOCUMENT[doc.id]
        g.add((d, RDF.type, P.Document))
        g.add((d, RDF.type, PROV.Entity))
        g.add((d, DCTERMS.title, Literal(doc.title)))
        g.add((d, DCTERMS.source, Literal(PurePath(doc.path).as_posix())))
        g.add((d, P.sha256, Literal(doc.sha256)))
        g.add((d, P.characters, Literal(len(doc.text))))
        if "id" in doc.meta:
            g.add((d, P.sourceId, Literal(doc.meta["id"])))
        if result.focus is not None:
            self._entity(result.focus)
            g.add((d, P.focus, entity_iri(result.focus.entity)))
        for sentence in doc.sentences:
            s = sentence_iri(doc.id, sentence.index)
            g.add((s, RDF.type, P.Sentence))
            g.add((s, P.text, Literal(sentence.text)))
            g.add((s, P.kind, Literal(sentence.kind)))
            g.add((s, P.inDocument, d))
            g.add((s, NIF.beginIndex, Literal(sentence.begin)))
            g.add((s, NIF.endIndex, Literal(sentence.end)))
            for mention in result.mentions.get(sentence.index, []):
                self._entity(mention)
                g.add((s, P.mentions, entity_iri(mention.entity)))
        by_evidence: dict[tuple[str, str, str, URIRef], list[Extraction]] = defaultdict(list)
        for ex in result.extractions:
            s = sentence_iri(doc.id, ex.sentence)
            f = ex.fact
            by_evidence[(f.subject, f.prop, f.object, s)].append(ex)
            if PROPERTIES[f.prop].symmetric:
                by_evidence[(f.object, f.prop, f.subject, s)].append(ex)
        for (subj, prop, obj, s), found in sorted(by_evidence.items()):
            self._fact(subj, prop, obj, s, found, doc.text)

    def _fact(
        self, subj: str, prop: str, obj: str, sentence: URIRef, found: list[Extraction], text: str
    ) -> None:
        g = self.graph
        for ref in (subj, obj):  # a rule may name a concept the sentence does not mention
            if ref not in self.entities and (concept := self.pack.concepts.get(ref)) is not None:
                self.entities[ref] = (concept.cls, concept.label)
        si, pi, oi = entity_iri(subj), P[prop], entity_iri(obj)
        g.add((si, pi, oi))
        e = evidence_iri(subj, prop, obj, sentence)
        g.add((e, RDF.type, P.Evidence))
        g.add((e, RDF.type, RDF.Statement))
        g.add((e, RDF.subject, si))
        g.add((e, RDF.predicate, pi))
        g.add((e, RDF.object, oi))
        g.add((e, PROV.wasDerivedFrom, sentence))
        first = min(found, key=lambda x: (x.implicit, x.end - x.begin, x.rule, x.begin))
        g.add((e, P.matchedText, Literal(text[first.begin : first.end])))
        for ex in found:
            g.add((e, P.rule, RULE[ex.rule]))
            self.rules_used.add(ex.rule)
        if first.implicit:
            g.add((e, P.implicitSubject, Literal(True)))
        g.add((e, P.modality, Literal(first.modality)))

    def _entity(self, mention: Mention) -> None:
        self.entities.setdefault(mention.entity, (mention.cls, mention.label))
        if mention.via != "front matter":
            self.seen_forms[mention.entity].add(_fold(mention.surface))

    def finish(self) -> Graph:
        """Write entities (labels, aliases, broader, sameAs) and rules; return the graph."""
        g = self.graph
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
            g.add((e, RDF.type, P[cls]))
            g.add((e, RDFS.label, Literal(label)))
            concept = self.pack.concepts.get(entity_id)
            curated = concept.aliases if concept else ()
            for alt in _alt_labels(label, curated, self.seen_forms.get(entity_id, ())):
                g.add((e, SKOS.altLabel, Literal(alt)))
            if concept:
                for ref in concept.broader:
                    g.add((e, SKOS.broader, entity_iri(ref)))
                for iri in concept.same_as:
                    g.add((e, OWL.sameAs, URIRef(iri)))
                alpha2, alpha3 = concept.iso_codes
                if alpha2:
                    g.add((e, P.isoAlpha2, Literal(alpha2)))
                if alpha3:
                    g.add((e, P.isoAlpha3, Literal(alpha3)))
        rules = {r.id: r for r in self.pack.relations}
        for rule_id in self.rules_used:
            r = RULE[rule_id]
            g.add((r, RDF.type, P.Rule))
            g.add((r, RDFS.label, Literal(rule_id)))
            if rules[rule_id].description:
                g.add((r, RDFS.comment, Literal(rules[rule_id].description)))
            origin = rules[rule_id].origin
            g.add((r, DCTERMS.source, Literal(f"{PurePath(origin.path).name}:{origin.line}")))
        return g


def _alt_labels(label: str, curated: Iterable[str], seen: Iterable[str]) -> list[str]:
    """Curated aliases, then forms seen in text, each once (ignoring case), never the label."""
    taken = {label.casefold()}
    out = []
    for form in [*curated, *sorted(seen)]:
        if form.casefold() not in taken:
            taken.add(form.casefold())
            out.append(form)
    return out


def assemble(results: Iterable[DocumentExtraction], pack: RulePack) -> Graph:
    """The graph of several documents' extractions."""
    assembler = GraphAssembler(pack)
    for result in results:
        assembler.add(result)
    return assembler.finish()
