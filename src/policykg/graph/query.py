"""SPARQL over a built graph: bundled named queries, located syntax errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from policykg.errors import QueryError, display_path
from policykg.graph.vocab import show_term
from policykg.ontology import CLASSES, QUERIES_DIR, bundled

# SELECT and ASK results; CONSTRUCT and DESCRIBE results (graphs), by their rdflib format.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {
    "table": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "xml": "xml",
    "trig": "turtle",  # one graph: its triples are TriG's default graph, and Turtle is valid TriG
}
_HEADER = re.compile(r"^#\s*(title|description):\s*(.+)$", re.MULTILINE)
# "# param: nation Nation (required) — the nation whose partners to list"
_PARAM = re.compile(
    r"^#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<kind>[A-Z]\w*)(?P<required>\s+\(required\))?"
    r"\s*(?:—|--|-|:)\s*(?P<description>.+)$",
    re.MULTILINE,
)
# What a parameter names: an entity of a class, any entity, a document, or a property.
PARAMETER_KINDS = (*CLASSES, "Entity", "Document", "Property")


@dataclass(frozen=True)
class Parameter:
    """A variable of a query that the command line may bind: ``--param name=value``."""

    name: str
    kind: str  # one of PARAMETER_KINDS
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A bundled ``.rq`` file: its name, and its comment header's title, description and
    parameters."""

    name: str
    title: str
    description: str
    path: Path
    parameters: tuple[Parameter, ...] = ()

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def parameters_of(sparql: str) -> tuple[Parameter, ...]:
    """The parameters a query's comment header declares."""
    return tuple(
        Parameter(m["name"], m["kind"], bool(m["required"]), m["description"].strip())
        for m in _PARAM.finditer(sparql)
    )


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped with policykg, by name."""
    found = {}
    for path in sorted(bundled(QUERIES_DIR).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(_HEADER.findall(text))
        found[path.stem] = NamedQuery(
            path.stem,
            header.get("title", path.stem),
            header.get("description", ""),
            path,
            parameters_of(text),
        )
    return found


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    """``name=value`` pairs from the command line."""
    bindings = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not eq or not re.fullmatch(r"[A-Za-z_]\w*", name) or not value.strip():
            raise QueryError.at("--param", "Q004", f"'{pair}' is not NAME=VALUE")
        bindings[name] = value.strip()
    return bindings


def bind_parameters(graph: Graph, sparql: str, bindings: dict[str, str], source: str) -> str:
    """The query with each bound parameter fixed to the resource its value names (a VALUES
    clause at the start of the WHERE block, which every SPARQL engine reads). A query without
    declared parameters may bind any of its variables to an entity."""
    declared = {p.name: p for p in parameters_of(sparql)}
    for p in declared.values():
        if p.kind not in PARAMETER_KINDS:
            raise QueryError.at(
                source, "Q004", f"parameter '{p.name}' names an unknown kind '{p.kind}'"
            )
    missing = [p.name for p in declared.values() if p.required and p.name not in bindings]
    if missing:
        raise QueryError.at(
            source,
            "Q005",
            f"the query needs {', '.join(f'--param {m}=…' for m in missing)}"
            f" ({'; '.join(f'{m}: {declared[m].description}' for m in missing)})",
        )
    if not bindings:
        return sparql
    clauses = []
    for name, value in bindings.items():
        if declared and name not in declared:
            raise QueryError.at(
                source,
                "Q004",
                f"the query has no parameter '{name}' (it takes: {', '.join(declared)})",
            )
        if not declared and not re.search(rf"[?$]{name}\b", sparql):
            raise QueryError.at(source, "Q004", f"the query has no variable ?{name}")
        kind = declared[name].kind if declared else "Entity"
        clauses.append(f"VALUES ?{name} {{ <{resolve_value(graph, kind, value, name)}> }}")
    where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if where is None:
        raise QueryError.at(source, "Q004", "parameters need a query with a WHERE clause")
    return sparql[: where.end()] + "\n  " + "\n  ".join(clauses) + sparql[where.end() :]


def resolve_value(
    graph: Graph, kind: str, value: str, name: str = "value", where: str = "--param"
) -> URIRef:
    """The resource a parameter's value names: an IRI, a prefixed name, a property's name, or an
    entity's (document's) label, alias, title, source path or id, matched without regard to case.
    QueryError when it names nothing, or several things."""
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    from policykg.graph.vocab import RDF, P
    from policykg.ontology import PROPERTIES

    if re.match(r"^(?:https?|urn|file):", value):
        iri = URIRef(value)
        if (iri, None, None) not in graph and (None, None, iri) not in graph:
            raise QueryError.at(where, "Q006", f"{name}: <{value}> is in no triple of the graph")
        return iri
    prefix, colon, local = value.partition(":")
    namespaces = dict(graph.namespaces())
    if colon and prefix in namespaces and " " not in value:
        return URIRef(str(namespaces[prefix]) + local)
    if kind == "Property":
        if value in PROPERTIES:
            return P[value]
        raise QueryError.at(
            where,
            "Q006",
            f"{name}: '{value}' is no property (one of {', '.join(PROPERTIES)})",
        )
    wanted = value.casefold()
    if kind == "Document":
        candidates = set(graph.subjects(RDF.type, P.Document))
        names = (DCTERMS.title, DCTERMS.source)
    else:
        classes = CLASSES if kind == "Entity" else (kind,)
        candidates = {e for c in classes for e in graph.subjects(RDF.type, P[c])}
        names = (RDFS.label, SKOS.altLabel)
    found, known = set(), set()
    for resource in candidates:
        local_name = str(resource).rsplit("/", 1)[-1]
        texts = [str(o) for n in names for o in graph.objects(resource, n)]
        if kind == "Document":
            texts += [Path(t).name for t in texts]
        known.update(texts)
        if local_name.casefold() == wanted or any(t.casefold() == wanted for t in texts):
            found.add(resource)
    if len(found) == 1:
        return found.pop()
    if found:
        listed = ", ".join(sorted(str(f).rsplit("/", 1)[-1] for f in found))
        raise QueryError.at(
            where, "Q006", f"{name}: '{value}' names several resources ({listed}): give an id"
        )
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    what = "document" if kind == "Document" else kind.lower() if kind != "Entity" else "entity"
    raise QueryError.at(where, "Q006", f"{name}: no {what} is called '{value}'{hint}")


def resolve_query(query: str) -> tuple[str, str]:
    """(SPARQL text, where it came from) for a SPARQL string, a .rq file, or a bundled name."""
    candidate = Path(query)
    if query.endswith(".rq") or (len(query) < 512 and "\n" not in query and candidate.is_file()):
        if not candidate.is_file():
            raise QueryError.at(candidate, "Q002", "no such query file")
        return candidate.read_text(encoding="utf-8"), display_path(candidate)
    queries = named_queries()
    if query in queries:
        return queries[query].text, f"<query {query}>"
    if re.fullmatch(r"[\w-]+", query):
        raise QueryError.at(
            "<query>",
            "Q002",
            f"'{query}' is neither SPARQL nor a bundled query (policykg query --list shows them)",
        )
    return query, "<query>"


def load_store(path: str | Path):
    """The graph file in an in-memory pyoxigraph store (Turtle unless its suffix says else)."""
    import pyoxigraph as ox

    formats = {
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
        ".jsonld": ox.RdfFormat.JSON_LD,
        ".json": ox.RdfFormat.JSON_LD,
        ".rdf": ox.RdfFormat.RDF_XML,
        ".xml": ox.RdfFormat.RDF_XML,
    }
    store = ox.Store()
    store.load(path=str(path), format=formats.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE))
    return store


def query_form(sparql: str, source: str = "<query>") -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query, parsed (a syntax error is
    reported at its line and column, before the query goes anywhere)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        name = prepareQuery(sparql).algebra.name
    except ParseException as exc:
        raise QueryError.at(
            source, "Q001", f"SPARQL syntax error: {exc.msg}", exc.lineno, exc.col
        ) from None
    except Exception as exc:  # e.g. an undefined prefix
        raise QueryError.at(source, "Q001", f"SPARQL error: {exc}") from None
    return name.removesuffix("Query").upper()


def run_query(graph: Graph, sparql: str, source: str = "<query>", store=None):
    """Run SPARQL on the graph, with pyoxigraph when a store of it is given (the same results as
    rdflib on every bundled query, two orders of magnitude sooner: README, "Performance"), else
    with rdflib. A syntax error is reported at its line and column. The result is an rdflib
    Result either way."""
    if store is not None:
        return _run_oxigraph(store, sparql, source)
    from pyparsing import ParseException

    try:
        return graph.query(sparql)
    except ParseException as exc:
        raise QueryError.at(
            source, "Q001", f"SPARQL syntax error: {exc.msg}", exc.lineno, exc.col
        ) from None
    except Exception as exc:  # rdflib's evaluation errors have no common base class
        raise QueryError.at(source, "Q003", f"query failed: {exc}") from None


def _run_oxigraph(store, sparql: str, source: str):
    import pyoxigraph as ox
    from rdflib.query import Result
    from rdflib.term import Variable

    from policykg.graph.store import rdflib_converter

    term = rdflib_converter()

    try:
        found = store.query(sparql)
        if isinstance(found, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(found)
            return result
        if isinstance(found, ox.QueryTriples):
            result = Result("CONSTRUCT")
            result.graph = Graph()
            for t in found:
                result.graph.add((term(t.subject), term(t.predicate), term(t.object)))
            return result
        names = [v.value for v in found.variables]
        result = Result("SELECT")
        result.vars = variables = [Variable(n) for n in names]
        # a solution iterates over its values in the order of the variables (None: unbound),
        # sooner than looking each up by name
        result.bindings = [
            {
                v: term(value)
                for v, value in zip(variables, solution, strict=True)
                if value is not None
            }
            for solution in found
        ]
        return result
    except SyntaxError as exc:
        m = re.search(r"(\d+):(\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        message = re.sub(r"^error at \d+:\d+(?:-\d+:\d+)?:\s*", "", str(exc))
        raise QueryError.at(source, "Q001", f"SPARQL syntax error: {message}", line, col) from None
    except Exception as exc:  # an evaluation error
        raise QueryError.at(source, "Q003", f"query failed: {exc}") from None


def format_result(graph: Graph, result, fmt: str) -> str:
    """A SELECT/ASK result in one of RESULT_FORMATS; a CONSTRUCT/DESCRIBE result (a graph) in
    one of GRAPH_FORMATS (Turtle for "table")."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise QueryError.at(
                "--format",
                "Q007",
                f"a {result.type} query gives a graph: use {', '.join(GRAPH_FORMATS)}",
            )
        out = Graph(bind_namespaces="none")
        for prefix, ns in graph.namespaces():
            out.bind(prefix, ns)
        for triple in result:
            out.add(triple)
        if fmt == "nt":
            lines = out.serialize(format="nt").splitlines()
            return "\n".join(sorted(line for line in lines if line)) + "\n"
        return out.serialize(format=GRAPH_FORMATS[fmt])
    if fmt not in RESULT_FORMATS:
        raise QueryError.at(
            "--format",
            "Q007",
            f"a {result.type} query gives a table: use {', '.join(RESULT_FORMATS)}",
        )
    if fmt == "xml":
        return result.serialize(format="xml").decode("utf-8") + "\n"
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    names = [str(v) for v in result.vars]
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8") + "\n"
    rows = [[show_term(graph, row[v]) for v in result.vars] for row in result]
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue()
    return _table(names, rows)


def _table(names: list[str], rows: list[list[str]]) -> str:
    """A plain-text table drawn by rich, as wide as the terminal (120 columns when piped)."""
    import shutil

    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(*names, box=box.SIMPLE_HEAD, header_style="bold")
    for row in rows:
        table.add_row(*[" ".join(c.split()) for c in row])
    width = shutil.get_terminal_size((120, 24)).columns
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
