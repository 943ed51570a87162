"""SHACL Core constraints run as SPARQL on pyoxigraph: the results pySHACL gives, sooner.

pySHACL walks the graph in Python, focus node by focus node: 44 s for the graph of a 1 MB corpus.
The bundled shapes use a small part of SHACL Core (targets by class or by property; property
shapes on one predicate with ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
``sh:nodeKind sh:IRI``, ``sh:in``, ``sh:pattern``, ``sh:minInclusive``, ``sh:lessThan``,
``sh:or`` of ``sh:class`` shapes; ``sh:or`` on a node shape). Each such constraint becomes one
SPARQL query over the whole graph that selects the violating (focus, value) pairs, and the
results are reported as pySHACL reports them (focus, path, value, message, shape). Shapes that
use anything else raise :class:`Unsupported`, and the caller hands them to pySHACL; the test
suite checks that both engines give the same violations on damaged graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

# what a shape may say besides its constraints (these change no result)
_ANNOTATIONS = {SH.message, SH.name, SH.description, SH.order, SH.group, SH.severity}
_NODE_KEYS = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"], SH.sparql}
_NODE_KEYS |= _ANNOTATIONS | {SH.prefixes, SH.declare}
_PROPERTY_KEYS = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.pattern,
    SH.minInclusive,
    SH.lessThan,
    SH["or"],
} | _ANNOTATIONS


class Unsupported(Exception):
    """A shape uses a part of SHACL this engine does not run."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query selecting ?this (the focus) and ?value (the offending value,
    unbound where SHACL reports none), with what pySHACL would report beside them."""

    query: str
    shape: object  # the shape node, as pySHACL's sh:sourceShape
    path: object  # the property, or None for a node shape
    message: str


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every node shape's Core constraints (SPARQL-based ones are left out: the
    caller runs them). Unsupported if any shape uses what this engine does not run."""
    checks: list[Check] = []
    node_shapes = set(shapes.subjects(SH.targetClass, None)) | set(
        shapes.subjects(SH.targetSubjectsOf, None)
    )
    for shape in sorted(node_shapes):
        extra = {p for p, _ in shapes.predicate_objects(shape)} - _NODE_KEYS
        if extra:
            raise Unsupported(f"{shape}: {sorted(extra)}")
        focus = targets(shapes, shape)
        message = str(shapes.value(shape, SH.message) or "")
        if (shape, SH["or"], None) in shapes:
            classes = _or_classes(shapes, shapes.value(shape, SH["or"]))
            query = f"""SELECT DISTINCT ?this ?value WHERE {{
                {focus}
                MINUS {{ {_is_a("?this", classes)} }}
                BIND (?this AS ?value) }}"""
            checks.append(Check(query, shape, None, message))
        for prop in sorted(shapes.objects(shape, SH.property)):
            checks += _property_checks(shapes, shape, prop, focus)
    return checks


def targets(shapes: Graph, shape) -> str:
    """The shape's focus nodes as a pattern binding ?this: its classes' instances, and, as a
    DISTINCT subquery, the subjects of its properties (joined plainly, a node with many values
    would come once per value); "" when it has no target."""
    parts = [f"{{ ?this a {_n3(c)} }}" for c in sorted(shapes.objects(shape, SH.targetClass))]
    parts += [
        f"{{ SELECT DISTINCT ?this WHERE {{ ?this {_n3(p)} [] }} }}"
        for p in sorted(shapes.objects(shape, SH.targetSubjectsOf))
    ]
    return " UNION ".join(parts)


def _property_checks(shapes: Graph, node_shape, prop, focus: str) -> list[Check]:
    keys = {p for p, _ in shapes.predicate_objects(prop)}
    if keys - _PROPERTY_KEYS:
        raise Unsupported(f"{prop}: {sorted(keys - _PROPERTY_KEYS)}")
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise Unsupported(f"{prop}: a path other than one property")
    message = str(shapes.value(prop, SH.message) or "")
    p = _n3(path)
    checks = []

    def add(where: str) -> None:
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {where} }}"
        checks.append(Check(query, prop, path, message))

    # Counts of one: a lookup per focus node ("no value", "two distinct values") instead of
    # counting every node's values in a table first (1.9x and 1.3x as fast on the evidence of a
    # million triples and of eight million; the same violations)
    low = shapes.value(prop, SH.minCount)
    if low is not None and int(low) == 1:
        add(f"FILTER NOT EXISTS {{ ?this {p} ?v }}")
    elif low is not None and int(low) > 1:
        add(
            f"OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {p} ?v }}"
            f" GROUP BY ?this }} FILTER (!BOUND(?n) || ?n < {int(low)})"
        )
    high = shapes.value(prop, SH.maxCount)
    if high is not None and int(high) == 1:
        add(f"?this {p} ?v1 , ?v2 . FILTER (!sameTerm(?v1, ?v2))")
    elif high is not None:
        add(
            f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?this {p} ?v }} GROUP BY ?this }}"
            f" FILTER (?n > {int(high)})"
        )
    datatype = shapes.value(prop, SH.datatype)
    if datatype is not None:
        add(
            f"?this {p} ?value . FILTER (!isLiteral(?value) || DATATYPE(?value) != {_n3(datatype)}"
            f' || LANG(?value) != ""{_well_formed_check(datatype)})'
        )
    cls = shapes.value(prop, SH["class"])
    if cls is not None:
        add(f"?this {p} ?value . MINUS {{ {_is_a('?value', [cls])} }}")
    kind = shapes.value(prop, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise Unsupported(f"{prop}: sh:nodeKind {kind}")
        add(f"?this {p} ?value . FILTER (!isIRI(?value))")
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        values = ", ".join(_n3(v) for v in Collection(shapes, allowed))
        add(f"?this {p} ?value . FILTER (?value NOT IN ({values}))")
    pattern = shapes.value(prop, SH.pattern)
    if pattern is not None:
        if (prop, SH.flags, None) in shapes:
            raise Unsupported(f"{prop}: sh:flags")
        add(
            f"?this {p} ?value . FILTER (isBlank(?value) ||"
            f" !REGEX(STR(?value), {_n3(Literal(str(pattern)))}))"
        )
    minimum = shapes.value(prop, SH.minInclusive)
    if minimum is not None:
        # a value that cannot be compared is a violation too (the filter errs: COALESCE)
        add(f"?this {p} ?value . FILTER (!COALESCE(?value >= {_n3(minimum)}, false))")
    other = shapes.value(prop, SH.lessThan)
    if other is not None:
        add(
            f"?this {p} ?value . ?this {_n3(other)} ?other ."
            " FILTER (!COALESCE(?value < ?other, false))"
        )
    either = shapes.value(prop, SH["or"])
    if either is not None:
        classes = _or_classes(shapes, either)
        add(f"?this {p} ?value . MINUS {{ {_is_a('?value', classes)} }}")
    return checks


def _well_formed_check(datatype) -> str:
    """A datatype's lexical form check, where pySHACL makes one (ill-typed integers)."""
    if datatype == XSD.integer:
        return ' || !REGEX(STR(?value), "^[+-]?[0-9]+$")'
    return ""


def _or_classes(shapes: Graph, head) -> list:
    """The classes of an ``sh:or`` list whose members are each one ``sh:class`` shape."""
    classes = []
    for member in Collection(shapes, head):
        keys = {p for p, _ in shapes.predicate_objects(member)}
        if not isinstance(member, BNode) or keys != {SH["class"]}:
            raise Unsupported(f"sh:or member {member}")
        classes.append(shapes.value(member, SH["class"]))
    return classes


def _is_a(var: str, classes: list) -> str:
    """A pattern true when the node is an instance of one of the classes (or of a subclass of
    one, as sh:class reads rdfs:subClassOf in the data graph). It is used under MINUS, which
    pyoxigraph runs once as a hash anti-join; FILTER NOT EXISTS, the same answer here (the
    node is always bound outside), ran the path once per value: minutes on 100 kB of text."""
    values = " ".join(_n3(c) for c in classes)
    return (
        f"VALUES ?class {{ {values} }} ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
        f" ?class . {var} <{RDF.type}> ?type ."
    )


def _n3(term) -> str:
    return term.n3()
