"""Reading and writing graph files: located parse errors, deterministic Turtle, atomic writes."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.serializers.turtle import TurtleSerializer

from policykg.errors import GraphError
from policykg.graph.vocab import bind_prefixes

# File suffix → rdflib format name.
RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".n3": "n3",
}


# File suffix → oxrdflib's parser (pyoxigraph's), for graphs kept in pyoxigraph.
OX_FORMATS = {
    "turtle": "ox-turtle",
    "nt": "ox-ntriples",
    "nquads": "ox-nquads",
    "trig": "ox-trig",
    "xml": "ox-xml",
}


def load_graph(path: str | Path, store: str = "memory") -> Graph:
    """Parse a graph file (format from its suffix, Turtle by default); GraphError if it fails.

    ``store="oxigraph"`` keeps the triples in pyoxigraph behind rdflib's API (oxrdflib): parsing
    is ten times sooner (515k triples: 2.9 s against 32.6 s) and the analysis and the page read it
    natively (``network.pairs``); rdflib's memory store stays the default for everything else."""
    path = Path(path)
    if not path.is_file():
        hint = " (run 'policykg build' first)" if path.name == "graph.ttl" else ""
        raise GraphError.at(path, "G001", f"no graph file here{hint}")
    fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
    if store == "oxigraph" and fmt in OX_FORMATS:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        # in the store's default graph, where SPARQL on the store finds them
        graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
        fmt = OX_FORMATS[fmt]
    else:
        graph = Graph(bind_namespaces="none")
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many types; all mean "not a valid graph file"
        line = _line_of(str(exc))
        message = " ".join(str(exc).split())[:300]
        raise GraphError.at(path, "G002", f"cannot parse {fmt}: {message}", line, 1) from None
    bind_prefixes(graph)
    return graph


def to_store(graph: Graph):
    """The graph in an in-memory pyoxigraph store, for queries rdflib's engine plans badly. (Each
    term converted once: oxrdflib's ``addN`` converts every occurrence, 2.0 s against 0.75 s on
    54k triples.)"""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    cache: dict = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            if isinstance(t, URIRef):
                found = ox.NamedNode(t)
            elif isinstance(t, Literal):
                if t.language:
                    found = ox.Literal(str(t), language=t.language)
                elif t.datatype is not None:
                    found = ox.Literal(str(t), datatype=ox.NamedNode(t.datatype))
                else:
                    found = ox.Literal(str(t))
            else:
                found = ox.BlankNode(str(t))
            cache[t] = found
        return found

    store = ox.Store()
    store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)
    return store


STORE_MARKER = "policykg-store.json"


def write_disk_store(path: str | Path, turtle: bytes) -> None:
    """Replace the on-disk pyoxigraph store at ``path`` with the graph (its Turtle). Loaded into a
    sibling folder and swapped in, so readers find the old store or the new one, never half of
    one. A folder that exists and is not a policykg store is refused (G003), never overwritten."""
    import hashlib
    import json
    import shutil

    import pyoxigraph as ox

    from policykg import __version__

    path = Path(path)
    recover_store(path)
    check_store_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.new"):  # loaded by builds killed since
        shutil.rmtree(stale, ignore_errors=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent))
    try:
        store = ox.Store(str(fresh))
        store.bulk_load(turtle, format=ox.RdfFormat.TURTLE)
        store.flush()
        del store
        marker = {
            "policykg_version": __version__,
            "graph_sha256": hashlib.sha256(turtle).hexdigest(),
        }
        (fresh / STORE_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        old = _previous(path)
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            os.replace(path, old)  # a kill from here to the next line: recover_store undoes it
        os.replace(fresh, path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _previous(path: Path) -> Path:
    return path.with_name(f".{path.name}.old")


def recover_store(path: str | Path) -> None:
    """Put back a store a build was killed while swapping: the old store set aside, the new one
    not yet in its place (a folder cannot be replaced in one step)."""
    path = Path(path)
    old = _previous(path)
    if not path.exists() and (old / STORE_MARKER).is_file():
        with contextlib.suppress(FileNotFoundError, FileExistsError, OSError):
            os.replace(old, path)  # another reader may have put it back first


def check_store_target(path: str | Path) -> None:
    """G003 unless ``path`` is free, an empty folder, or a policykg store (to be replaced)."""
    path = Path(path)
    taken = path.exists() and not (path / STORE_MARKER).is_file()
    if taken and (not path.is_dir() or any(path.iterdir())):
        raise GraphError.at(
            path, "G003", "this exists and is not a policykg store: not replacing it"
        )


def open_disk_store(path: str | Path):
    """A built on-disk store, read-only (several processes may read it at once)."""
    import pyoxigraph as ox

    path = Path(path)
    recover_store(path)
    if not (path / STORE_MARKER).is_file():
        raise GraphError.at(path, "G004", "no policykg store here (build one with --store)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise GraphError.at(path, "G004", f"cannot open the store: {exc}") from None


def graph_of_store(store) -> Graph:
    """rdflib's API over a pyoxigraph store (its default graph), through oxrdflib."""
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(
        store=OxigraphStore(store=store),
        identifier=DATASET_DEFAULT_GRAPH_ID,
        bind_namespaces="none",
    )
    bind_prefixes(graph)
    return graph


def open_graph(graph_file: str | Path, store: str | Path | None = None, engine: str = "oxigraph"):
    """The graph a reading command works on: the on-disk store when given, else the file (into
    pyoxigraph behind rdflib's API, or rdflib's memory store with ``engine="memory"``)."""
    if store is not None:
        disk = open_disk_store(store)
        if engine != "memory":
            return graph_of_store(disk)
        # a copy in rdflib's memory store: oxrdflib hands plain literals back typed xsd:string,
        # which rdflib's serializers would then write out (export wants the graph as built)
        import pyoxigraph as ox

        graph = Graph(bind_namespaces="none")
        dump = disk.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        graph.parse(data=dump, format="nt")
        bind_prefixes(graph)
        return graph
    return load_graph(graph_file, store=engine)


def native_store(graph: Graph):
    """The pyoxigraph store behind a graph loaded with ``store="oxigraph"``, else None."""
    store = graph.store
    if type(store).__name__ == "OxigraphStore":
        return store._inner  # oxrdflib's handle on its pyoxigraph store
    return None


def _line_of(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 0


_ORDER = ("document/", "sentence/", "evidence/", "rule/")


def _subject_rank(subject) -> tuple[bool, int, str]:
    """Entities, then documents, sentences, evidence and rules, each sorted by IRI."""
    text = str(subject)
    rank = 0
    for i, part in enumerate(_ORDER, start=1):
        if f"/id/{part}" in text:
            rank = i
    return (isinstance(subject, BNode), rank, text)


class SortedTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle, with subjects in a fixed order a reader can follow: entities, then
    documents, sentences, evidence and rules, each sorted by IRI (rdflib orders by reference count,
    which is stable but hard to read and shifts when unrelated facts change)."""

    def orderSubjects(self):
        subjects = sorted(self._subjects, key=_subject_rank)
        return [s for s in subjects if not (isinstance(s, BNode) and self._references[s] == 1)]


def to_turtle(graph: Graph) -> bytes:
    """Turtle with the contract's prefixes in a fixed order: the same graph, the same bytes.

    Written here, in the layout of rdflib's serializer with subjects ordered by
    ``SortedTurtleSerializer``, at a third of its time: rdflib's serializer walks the graph
    several times and computes a prefixed name through its namespace trie for every occurrence
    of a term (11.4 s for 540k triples, 3.5 s here). The bytes are rdflib's (the tests hold them
    to it) but for names whose local part is not plain ASCII (letters, digits, ``_ - .``), which
    are written as full IRIs where rdflib escapes them (``id:a\\(b\\)``); policykg's own names
    are ASCII slugs. A graph this writer does not cover (blank nodes, a predicate in no bound
    namespace, a string that is no IRI) goes to rdflib's serializer."""
    namespaces = [(prefix, str(ns)) for prefix, ns in graph.namespaces()]
    turtle = _TurtleWriter(namespaces).from_graph(graph)
    if turtle is None:
        stream = io.BytesIO()
        SortedTurtleSerializer(graph).serialize(stream, encoding="utf-8")
        return stream.getvalue()
    return turtle


def store_to_turtle(store) -> bytes:
    """The Turtle of a pyoxigraph store's default graph with the contract's prefixes: the bytes
    ``to_turtle`` gives for the same graph in rdflib."""
    from policykg.ontology import PREFIXES

    turtle = _TurtleWriter(PREFIXES.items()).from_store(store)
    if turtle is None:  # blank nodes: rdflib's serializer, as to_turtle
        return to_turtle(rdf_graph(store))
    return turtle


# A local name written after a prefix: what every Turtle reader takes (PN_LOCAL without escapes,
# no final dot); anything else is written as a full IRI.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class _Unwritten(Exception):
    """A graph this writer leaves to rdflib's serializer."""


class _TurtleWriter:
    """One pass over the triples: grouped by subject and predicate, each name computed once."""

    def __init__(self, namespaces):
        # longest namespace first, so "id/evidence/" wins over "id/"
        self.namespaces = sorted(((ns, p) for p, ns in namespaces), key=lambda i: -len(i[0]))
        self.used: dict[str, str] = {}  # prefix → namespace, as the document declares them
        self.names: dict[str, str] = {}

    def name(self, iri: str) -> str:
        found = self.names.get(iri)
        if found is None:
            if _NOT_IN_IRI.search(iri):
                raise _Unwritten  # rdflib's serializer says what is wrong with it
            found = f"<{iri}>"
            for ns, prefix in self.namespaces:
                if iri.startswith(ns):
                    local = iri[len(ns) :]
                    if not local or _PLAIN_LOCAL.match(local):
                        self.used[prefix] = ns
                        found = f"{prefix}:{local}"
                    break
            self.names[iri] = found
        return found

    @staticmethod
    def plain(text: str) -> str:
        if "\n" in text:  # rdflib's long form
            return Literal(text)._literal_n3(use_plain=True)
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        return f'"{escaped}"'

    def literal(self, lit: Literal) -> str:
        if lit.datatype is None and lit.language is None:
            return self.plain(str(lit))
        if lit.datatype is not None:
            self.name(str(lit.datatype))  # rdflib declares a datatype's prefix even where unwritten
        return lit._literal_n3(use_plain=True, qname_callback=self._datatype)

    def term(self, term) -> str:
        """An rdflib IRI or literal, written."""
        return self.name(str(term)) if type(term) is URIRef else self.literal(term)

    def _datatype(self, iri: URIRef) -> str | None:
        found = self.name(str(iri))
        return None if found.startswith("<") else found

    def from_graph(self, graph: Graph) -> bytes | None:
        def triples():  # keyed by plain strings: rdflib's terms compare in Python, str in C
            for s, p, o in graph:
                if type(s) is not URIRef or type(o) is BNode:
                    raise _Unwritten
                yield str(s), str(p), o

        def render(objects: list) -> list[str]:
            if len(objects) > 1:
                objects = sorted(objects)  # rdflib's order of terms
            return [self.term(o) for o in objects]

        return self._written(triples(), render)

    def from_store(self, store) -> bytes | None:
        import pyoxigraph as ox

        named, literal = ox.NamedNode, ox.Literal

        def triples():
            # each IRI's text kept once: most objects recur (classes, entities, rules,
            # sentences), and a string shared costs a pointer where a term of its own costs a
            # hundred bytes
            iris: dict[str, str] = {}
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                s, p, o = q.subject, q.predicate.value, q.object
                if type(s) is not named:
                    raise _Unwritten
                if type(o) is named:
                    o = iris.setdefault(value := o.value, value)
                elif type(o) is not literal:
                    raise _Unwritten
                yield iris.setdefault(value := s.value, value), iris.setdefault(p, p), o

        def kind(o) -> str:  # IRIs (kept as text), and plain literals, are ordered by their text
            if type(o) is str:
                return "iri"
            return "plain" if o.language is None and o.datatype.value == _XSD_STRING else "other"

        def render(objects: list) -> list[str]:
            kinds = {kind(o) for o in objects}
            if kinds == {"iri"}:
                return [self.name(o) for o in sorted(objects)]
            if kinds == {"plain"}:
                return [self.plain(o.value) for o in sorted(objects, key=lambda o: o.value)]
            # mixed kinds or typed values: rdflib's terms, in rdflib's order
            terms = (URIRef(o) if type(o) is str else rdflib_term(o) for o in objects)
            return [self.term(t) for t in sorted(terms)]

        return self._written(triples(), render)

    def _written(self, triples, render) -> bytes | None:
        """The Turtle of (subject, predicate, object) triples, subjects and predicates as text;
        None for a graph left to rdflib's serializer."""
        subjects: dict[str, dict[str, list]] = {}
        try:
            for s, p, o in triples:
                properties = subjects.get(s)
                if properties is None:
                    properties = subjects[s] = {}
                objects = properties.get(p)
                if objects is None:
                    properties[p] = [o]
                else:
                    objects.append(o)
            return self._document(subjects, render)
        except _Unwritten:
            return None

    def _document(self, subjects: dict[str, dict[str, list]], render) -> bytes:
        """The Turtle of the subjects, each block encoded as it is written and its triples let go
        (at 25 million triples the text alone is a gigabyte, once)."""
        rdf_type, rdfs_label = str(RDF.type), str(RDFS.label)
        chunks = []
        for s in sorted(subjects, key=_subject_rank):
            properties = subjects.pop(s)
            predicates = sorted(properties)
            if rdfs_label in properties:
                predicates.remove(rdfs_label)
                predicates.insert(0, rdfs_label)
            if rdf_type in properties:
                predicates.remove(rdf_type)
                predicates.insert(0, rdf_type)
            parts = [self.name(s)]
            for i, p in enumerate(predicates):
                verb = "a" if p == rdf_type else self.name(p)
                if verb[0] == "<":
                    raise _Unwritten  # rdflib would make up a prefix (ns1:) for it
                parts.append((" " if i == 0 else " ;\n    ") + verb + " ")
                parts.append(",\n        ".join(render(properties[p])))
            chunks.append(("\n" + "".join(parts) + " .\n").encode("utf-8"))
        header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))
        chunks.insert(0, header.encode("utf-8"))
        chunks.append(b"\n")
        return b"".join(chunks)


def rdf_graph(store) -> Graph:
    """A copy of a pyoxigraph store's default graph in rdflib's memory store, with the
    contract's prefixes bound."""
    import pyoxigraph as ox

    from policykg.graph.vocab import new_graph

    graph = new_graph()
    term = rdflib_converter()
    graph.addN(
        (term(q.subject), term(q.predicate), term(q.object), graph)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    return graph


def rdflib_converter():
    """``rdflib_term`` that converts each distinct term once (labels, rules and documents
    recur on many triples and rows)."""
    converted: dict = {}

    def convert(term):
        found = converted.get(term)
        if found is None:
            found = converted[term] = rdflib_term(term)
        return found

    return convert


def rdflib_term(term):
    """A pyoxigraph term as the rdflib term it is; a plain literal stays plain (pyoxigraph gives
    every one the type xsd:string, which rdflib would tell apart from the plain literal)."""
    import pyoxigraph as ox

    if type(term) is ox.NamedNode:
        return URIRef(term.value)
    if type(term) is ox.BlankNode:
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write a file so that readers see the old content or the new, never a part of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
