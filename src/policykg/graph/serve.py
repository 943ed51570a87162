"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, and a query page.

``policykg serve`` answers ``GET /sparql?query=…``, ``POST /sparql`` with a url-encoded form or a
direct ``application/sparql-query`` body, negotiates the result format (SPARQL JSON, XML, CSV, TSV
for SELECT and ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE), describes
itself (``GET /sparql`` without a query: a SPARQL service description in Turtle) and serves a
small query page at ``/`` that needs no network.

Safety: SPARQL Update (``update=`` or ``application/sparql-update``, ``LOAD``, ``INSERT``…) and
``SERVICE`` (federation would make the server fetch any URL a visitor names) are refused with 403;
a request body above a size limit gets 413; a result above a row limit gets 413; a query running
past the time limit is stopped and gets 503. Queries run in worker processes, each holding the
graph in a pyoxigraph store: a worker past its time limit is killed and replaced, and at most
``workers`` queries run at once (the others wait for a free worker, up to the time limit). The
server binds to loopback unless told otherwise and sends no CORS header unless given an origin.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import queue
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
# ?format=… (the short names of `policykg query`) for clients that cannot set Accept
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    # the names other endpoints and clients (SPARQLWrapper) use
    "turtle": "text/turtle",
    "n-triples": "application/n-triples",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    **{t: t for t in (*SELECT_TYPES, *GRAPH_TYPES)},
}
# the first keyword after the prologue says what a request is
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*(?:<[^<>]*>)?\s*)*", re.IGNORECASE)
_UPDATE = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_IRI_OR_COMMENT = re.compile(r"<[^<>\s]*>|#[^\n]*")
# what may hide a keyword: strings, IRIs, comments, variables, prefixed names
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"\s]*>|#[^\n]*|[?$]\w+|[\w.-]*:[\w.-]*"
)


@dataclass(frozen=True)
class Limits:
    time: float = 10.0  # seconds a query may run
    rows: int = 10_000  # result rows (or triples)
    request: int = 100_000  # bytes of a request body or query string
    workers: int = 2  # queries running at once


class Refused(Exception):
    """A request the endpoint will not answer: an HTTP status and a message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def check_query(sparql: str) -> None:
    """Refuse updates and federation before anything runs (keywords inside strings, IRIs and
    comments do not count)."""
    bare = _OPAQUE.sub(" ", sparql)
    if _SERVICE.search(bare):
        raise Refused(403, "SERVICE is refused: this endpoint does not query other endpoints")
    plain = _IRI_OR_COMMENT.sub(lambda m: m.group() if m.group()[0] == "<" else " ", sparql)
    if _UPDATE.match(plain, _PROLOGUE.match(plain).end()):
        raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")


# ------------------------------------------------------------------------------------ workers


def _worker(graph: str, jobs, results) -> None:
    """A worker process: load the graph (or open the on-disk store) once, then answer queries
    until told to stop."""
    from pathlib import Path

    from policykg.graph.query import load_store
    from policykg.graph.store import open_disk_store

    store = open_disk_store(graph) if Path(graph).is_dir() else load_store(graph)
    results.put(("ready", None, None))
    parent = multiprocessing.parent_process()
    while True:
        try:
            job = jobs.get(timeout=1.0)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return  # the server is gone: no orphan keeps the graph in memory
            continue
        if job is None:
            return
        sparql, select_type, graph_type, max_rows = job
        try:
            results.put(("ok", *_answer(store, sparql, select_type, graph_type, max_rows)))
        except Refused as exc:
            results.put(("refused", exc.status, exc.message))
        except SyntaxError as exc:
            results.put(("refused", 400, f"SPARQL syntax error: {exc}"))
        except Exception as exc:  # an evaluation error of the engine
            results.put(("refused", 400, f"query failed: {exc}"))


def _answer(store, sparql: str, select_type: str, graph_type: str, max_rows: int):
    """(content type, body) of a query's result, at most ``max_rows`` rows or triples."""
    import pyoxigraph as ox

    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return select_type, _boolean(bool(result), SELECT_TYPES[select_type])
    if isinstance(result, ox.QueryTriples):
        triples = []
        for triple in result:
            triples.append(triple)
            if len(triples) > max_rows:
                raise Refused(413, f"the result has more than {max_rows} triples: add a LIMIT")
        fmt = {
            "turtle": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML,
        }[GRAPH_TYPES[graph_type]]
        return graph_type, ox.serialize(triples, format=fmt)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append([solution[name] for name in names])
        if len(rows) > max_rows:
            raise Refused(413, f"the result has more than {max_rows} rows: add a LIMIT")
    return select_type, _solutions(names, rows, SELECT_TYPES[select_type])


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return f"_askResult\n{'true' if value else 'false'}\n".encode()


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _solutions(names: list[str], rows: list[list], fmt: str) -> bytes:
    """SELECT results in the SPARQL 1.1 result formats."""
    import csv
    import io

    if fmt == "json":
        bindings = [
            {n: _term_json(t) for n, t in zip(names, row, strict=True) if t is not None}
            for row in rows
        ]
        return json.dumps(
            {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode()
    if fmt == "xml":
        out = [
            '<?xml version="1.0"?>',
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>" + "".join(f'<variable name="{n}"/>' for n in names) + "</head>",
            "<results>",
        ]
        for row in rows:
            out.append("<result>")
            for name, term in zip(names, row, strict=True):
                if term is None:
                    continue
                t = _term_json(term)
                value = html.escape(t["value"], quote=False)
                if t["type"] == "uri":
                    inner = f"<uri>{value}</uri>"
                elif t["type"] == "bnode":
                    inner = f"<bnode>{value}</bnode>"
                elif "xml:lang" in t:
                    inner = f'<literal xml:lang="{html.escape(t["xml:lang"])}">{value}</literal>'
                elif "datatype" in t:
                    inner = f'<literal datatype="{html.escape(t["datatype"])}">{value}</literal>'
                else:
                    inner = f"<literal>{value}</literal>"
                out.append(f'<binding name="{name}">{inner}</binding>')
            out.append("</result>")
        out += ["</results>", "</sparql>", ""]
        return "\n".join(out).encode()
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if t is None else t.value for t in row] for row in rows])
    else:  # tsv: terms in SPARQL syntax
        buffer.write("\t".join(f"?{n}" for n in names) + "\n")
        for row in rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buffer.getvalue().encode()


class WorkerPool:
    """Worker processes answering queries, each with the graph loaded; a worker that runs past
    the time limit is killed and replaced."""

    def __init__(self, graph: Path, limits: Limits):
        self.graph = str(graph)
        self.limits = limits
        self.context = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.all: list = []
        for _ in range(limits.workers):
            self.idle.put(self._start())

    def _start(self):
        jobs, results = self.context.Queue(), self.context.Queue()
        process = self.context.Process(
            target=_worker, args=(self.graph, jobs, results), daemon=True
        )
        process.start()
        status, *_ = results.get(timeout=120)  # the graph is loaded
        assert status == "ready"
        worker = (process, jobs, results)
        with self.lock:
            self.all.append(worker)
        return worker

    def run(self, sparql: str, select_type: str, graph_type: str) -> tuple[str, bytes]:
        started = time.monotonic()
        try:
            worker = self.idle.get(timeout=self.limits.time)
        except queue.Empty:
            raise Refused(503, "every worker is busy: try again") from None
        process, jobs, results = worker
        jobs.put((sparql, select_type, graph_type, self.limits.rows))
        left = max(0.1, self.limits.time - (time.monotonic() - started))
        try:
            status, a, b = results.get(timeout=left)
        except queue.Empty:
            process.kill()
            process.join()
            with self.lock:
                self.all.remove(worker)
            self.idle.put(self._start())
            raise Refused(
                503, f"the query ran past the time limit ({self.limits.time:g} s) and was stopped"
            ) from None
        self.idle.put(worker)
        if status == "refused":
            raise Refused(a, b)
        return a, b

    def close(self) -> None:
        with self.lock:
            workers = list(self.all)
        for _, jobs, _ in workers:
            jobs.put(None)
        for process, _, _ in workers:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()


# ------------------------------------------------------------------------------------ HTTP


def negotiate(accept: str, fmt: str | None) -> tuple[str, str]:
    """(SELECT/ASK type, CONSTRUCT/DESCRIBE type) from ?format= or the Accept header."""
    wanted = []
    if fmt:
        if fmt not in FORMAT_PARAM:
            names = [n for n in FORMAT_PARAM if "/" not in n]
            raise Refused(400, f"unknown format '{fmt}' (one of {', '.join(names)})")
        wanted = [FORMAT_PARAM[fmt]]
    else:
        ranked = []
        for i, part in enumerate(accept.split(",")):
            kind, _, params = part.strip().partition(";")
            q = 1.0
            m = re.search(r"q=([\d.]+)", params)
            if m:
                try:
                    q = float(m.group(1))
                except ValueError:
                    q = 0.0
            if q > 0:
                ranked.append((-q, i, kind.strip().lower()))
        wanted = [k for *_, k in sorted(ranked)]
    select = next((k for k in wanted if k in SELECT_TYPES), "application/sparql-results+json")
    graph = next((k for k in wanted if k in GRAPH_TYPES), "text/turtle")
    return select, graph


def service_description(base: str) -> bytes:
    """A SPARQL 1.1 service description of the endpoint, in Turtle."""
    formats = "".join(
        f"    sd:resultFormat <http://www.w3.org/ns/formats/{f}> ;\n"
        for f in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        )
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f"<{base}sparql> a sd:Service ;\n"
        f"    sd:endpoint <{base}sparql> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"{formats}"
        '    rdfs:comment "policykg: a read-only SPARQL endpoint over a policy knowledge graph;'
        ' updates and SERVICE are refused." .\n'
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "policykg"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_OPTIONS(self) -> None:
        self._send(204, "text/plain", b"")

    def _handle(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            if len(url.query) > self.server.limits.request:
                raise Refused(413, f"the request is larger than {self.server.limits.request} bytes")
            if url.path == "/" and method == "GET":
                self._send(200, "text/html; charset=utf-8", self.server.page)
                return
            if url.path != "/sparql":
                raise Refused(404, "not found: the endpoint is /sparql, the query page is /")
            params = parse_qs(url.query, keep_blank_values=True)
            query = None
            if method == "POST":
                query = self._post_query(params)
            elif "update" in params:
                raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
            if query is None:
                query = (params.get("query") or [None])[0]
            if query is None:
                base = f"http://{self.headers.get('Host', 'localhost')}/"
                self._send(200, "text/turtle; charset=utf-8", service_description(base))
                return
            if params.get("default-graph-uri") or params.get("named-graph-uri"):
                raise Refused(400, "this endpoint holds one graph: no default-graph-uri")
            check_query(query)
            fmt = (params.get("format") or [None])[0]
            select, graph = negotiate(self.headers.get("Accept", ""), fmt)
            ctype, body = self.server.pool.run(query, select, graph)
            charset = "; charset=utf-8" if not ctype.endswith("xml") else ""
            self._send(200, ctype + charset, body)
        except Refused as exc:
            self._send(exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode())

    def _post_query(self, params: dict) -> str | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.limits.request:
            raise Refused(413, f"the request is larger than {self.server.limits.request} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
        if ctype == "application/sparql-query":
            return body
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                raise Refused(403, "SPARQL Update is refused: this endpoint is read-only")
            params.update({k: v for k, v in form.items() if k != "query"})
            return (form.get("query") or [None])[0]
        raise Refused(
            415,
            "POST a query as application/sparql-query or as a form"
            " (application/x-www-form-urlencoded)",
        )

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Vary", "Origin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        graph: Path,
        host: str = "127.0.0.1",
        port: int = 7878,
        limits: Limits | None = None,
        cors: str | None = None,
        quiet: bool = False,
    ):
        self.limits = limits or Limits()
        self.cors = cors
        self.quiet = quiet
        self.pool = WorkerPool(graph, self.limits)
        self.page = query_page().encode()
        try:
            super().__init__((host, port), Handler)
        except OSError:
            self.pool.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def query_page() -> str:
    """The query page: an editor, the bundled queries as examples, results as a table. Everything
    is inline; results are inserted as text, never as markup."""
    from policykg.graph.query import named_queries

    examples = {name: {"title": q.title, "text": q.text} for name, q in named_queries().items()}
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.replace("__EXAMPLES__", data)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>policykg SPARQL</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
textarea { width: 100%; height: 16em; font: 13px/1.4 monospace; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
#status { margin-left: 1em; color: #555; }
pre { background: #f7f7f7; padding: 0.5em; white-space: pre-wrap; }
</style></head>
<body>
<h1>policykg SPARQL</h1>
<p>Examples: <select id="examples"><option value="">choose a bundled query…</option></select>
Queries go to <code>/sparql</code> (read-only).</p>
<textarea id="query">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20</textarea>
<p><button id="run">Run</button><span id="status"></span></p>
<div id="results"></div>
<script>
const EXAMPLES = __EXAMPLES__;
const select = document.getElementById("examples");
for (const [name, q] of Object.entries(EXAMPLES)) {
  const option = document.createElement("option");
  option.value = name; option.textContent = name + ": " + q.title; select.appendChild(option);
}
select.addEventListener("change", () => {
  if (select.value) document.getElementById("query").value = EXAMPLES[select.value].text;
});
function cell(tag, text) { const c = document.createElement(tag); c.textContent = text; return c; }
document.getElementById("run").addEventListener("click", async () => {
  const status = document.getElementById("status"), out = document.getElementById("results");
  out.replaceChildren(); status.textContent = "running…";
  const started = performance.now();
  const body = new URLSearchParams({query: document.getElementById("query").value});
  const response = await fetch("sparql", {method: "POST", body,
    headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
  const text = await response.text();
  status.textContent = response.status + " in " + Math.round(performance.now() - started) + " ms";
  if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
    out.appendChild(cell("pre", text)); return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { out.appendChild(cell("pre", String(data.boolean))); return; }
  const table = document.createElement("table"), head = document.createElement("tr");
  for (const v of data.head.vars) head.appendChild(cell("th", v));
  table.appendChild(head);
  for (const b of data.results.bindings) {
    const row = document.createElement("tr");
    for (const v of data.head.vars) row.appendChild(cell("td", b[v] ? b[v].value : ""));
    table.appendChild(row);
  }
  out.appendChild(table);
  status.textContent += ", " + data.results.bindings.length + " rows";
});
</script>
</body></html>
"""
