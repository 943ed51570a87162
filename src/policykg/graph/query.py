"""SPARQL over a built graph: bundled named queries, located syntax errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from policykg.errors import QueryError, display_path
from policykg.ontology import QUERIES_DIR, bundled

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(title|description):\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    """A bundled ``.rq`` file: its name, title and description (from its comment header)."""

    name: str
    title: str
    description: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped with policykg, by name."""
    found = {}
    for path in sorted(bundled(QUERIES_DIR).glob("*.rq")):
        header = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
        found[path.stem] = NamedQuery(
            path.stem, header.get("title", path.stem), header.get("description", ""), path
        )
    return found


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


def run_query(graph: Graph, sparql: str, source: str = "<query>"):
    """Run SPARQL on the graph; a syntax error is reported at its line and column."""
    from pyparsing import ParseException

    try:
        return graph.query(sparql)
    except ParseException as exc:
        raise QueryError.at(
            source, "Q001", f"SPARQL syntax error: {exc.msg}", exc.lineno, exc.col
        ) from None
    except Exception as exc:  # rdflib's evaluation errors have no common base class
        raise QueryError.at(source, "Q003", f"query failed: {exc}") from None


def _term(graph: Graph, term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            prefix, _, local = graph.namespace_manager.compute_qname(term, generate=False)
            return f"{prefix}:{local}"
        except (KeyError, ValueError):
            return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def format_result(graph: Graph, result, fmt: str) -> str:
    """A SELECT/ASK result in one of RESULT_FORMATS, or a CONSTRUCT/DESCRIBE result as Turtle."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        out = Graph(bind_namespaces="none")
        for prefix, ns in graph.namespaces():
            out.bind(prefix, ns)
        for triple in result:
            out.add(triple)
        return out.serialize(format="turtle")
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    names = [str(v) for v in result.vars]
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8") + "\n"
    rows = [[_term(graph, row[v]) for v in result.vars] for row in result]
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
