"""A remote SPARQL 1.1 store: load the graph over the Graph Store HTTP Protocol, query it over the
SPARQL Protocol (``build --endpoint URL``, ``query --endpoint URL``).

The graph is cut into named graphs: one per document (the document, its sentences, its evidence
and the facts that evidence backs), one ``shared`` graph (entities, rules, the vocabulary) and an
``index`` graph listing the document graphs written. A rebuild replaces each graph whole (PUT) and
deletes the graphs of documents that are gone, so the store's union is always the last build's
graph; the index is written last. A store must answer queries over the union of its named graphs
by default: Virtuoso does; start the Oxigraph server with ``--union-default-graph``.

The password is never an argument: it comes from ``POLICYKG_ENDPOINT_PASSWORD`` or a file
(``--password-file``), is sent only to the endpoint's host (HTTP basic or digest authentication,
as the server asks), and is never printed or written anywhere.
"""

from __future__ import annotations

import io
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from policykg.errors import PolicyKGError, UsageError
from policykg.graph.vocab import ENTITY, new_graph
from policykg.graph.vocab import P as PKG
from policykg.ontology import PREFIXES

GRAPHS = "https://w3id.org/policykg/graph/"
SHARED = URIRef(GRAPHS + "shared")
INDEX = URIRef(GRAPHS + "index")
PASSWORD_VARIABLE = "POLICYKG_ENDPOINT_PASSWORD"
TIMEOUT = 60.0  # seconds for one request


class RemoteError(PolicyKGError):
    """A remote store cannot be reached, refuses a request, or refuses the credentials
    (N codes)."""


@dataclass(frozen=True)
class Endpoint:
    """Where a store is and who we are there. ``password`` never shows in a repr."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_options(
        cls, url: str, user: str | None = None, password_file: Path | None = None
    ) -> Endpoint:
        """Check the URL and find the password (a file first, else the environment variable)."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError.at_address("--endpoint", "U001", f"'{_safe(url)}' is no http(s) URL")
        if parts.password is not None:
            raise UsageError.at_address(
                "--endpoint",
                "U001",
                f"do not put a password in the URL: set {PASSWORD_VARIABLE}"
                " or give --password-file",
            )
        password = None
        if password_file is not None:
            try:
                password = password_file.read_text(encoding="utf-8").strip("\r\n")
            except OSError as exc:
                raise UsageError.at(
                    password_file, "U001", f"cannot read the password file: {exc.strerror}"
                ) from None
        elif os.environ.get(PASSWORD_VARIABLE):
            password = os.environ[PASSWORD_VARIABLE]
        user = user or parts.username
        if password is not None and user is None:
            raise UsageError.at_address(
                "--endpoint", "U001", "a password needs a user: give --user"
            )
        bare = urllib.parse.urlunsplit(parts._replace(netloc=_host_port(parts)))
        return cls(bare, user, password)

    def opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.user is not None and self.password is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, self.url, self.user, self.password)
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        return urllib.request.build_opener(*handlers)


# ---------------------------------------------------------------- cutting the graph


def document_graph(document: URIRef) -> URIRef:
    """The named graph of one document: its IRI's last segment under ``…/graph/document/``."""
    return URIRef(f"{GRAPHS}document/{str(document).rstrip('/').rsplit('/', 1)[-1]}")


def partition(graph: Graph) -> dict[URIRef, Graph]:
    """The graph cut into named graphs: one per document, ``SHARED`` for the rest. Every triple
    lands in exactly one (a store's union would count a triple twice that two graphs hold): a
    fact found in one document is in its graph, one found in several in ``SHARED``."""
    parts: dict[URIRef, Graph] = {}
    placed: set = set()

    def put(name: URIRef, triple) -> None:
        parts.setdefault(name, Graph()).add(triple)
        placed.add(triple)

    sentence_graph = {}
    for sentence, document in graph.subject_objects(PKG.inDocument):
        sentence_graph[sentence] = document_graph(document)
    for document in graph.subjects(RDF.type, PKG.Document):
        name = document_graph(document)
        parts.setdefault(name, Graph())
        for p, o in graph.predicate_objects(document):
            put(name, (document, p, o))
    for sentence, name in sentence_graph.items():
        for p, o in graph.predicate_objects(sentence):
            put(name, (sentence, p, o))
    fact_graphs: dict[tuple, set[URIRef]] = {}
    for evidence in graph.subjects(RDF.type, PKG.Evidence):
        (name,) = {sentence_graph[s] for s in graph.objects(evidence, PROV.wasDerivedFrom)}
        for p, o in graph.predicate_objects(evidence):
            put(name, (evidence, p, o))
        fact = (
            graph.value(evidence, RDF.subject),
            graph.value(evidence, RDF.predicate),
            graph.value(evidence, RDF.object),
        )
        fact_graphs.setdefault(fact, set()).add(name)
    for fact, names in fact_graphs.items():
        if len(names) == 1 and fact in graph:
            put(next(iter(names)), fact)
    shared = Graph()
    for triple in graph:
        if triple not in placed:
            shared.add(triple)
    parts[SHARED] = shared
    return parts


def _index(names: Iterable[URIRef]) -> Graph:
    index = Graph()
    index.add((INDEX, RDF.type, PROV.Collection))
    for name in sorted(names):
        index.add((INDEX, DCTERMS.hasPart, name))
    index.add((INDEX, DCTERMS.creator, Literal("policykg")))
    return index


# ---------------------------------------------------------------- Graph Store HTTP Protocol


@dataclass
class LoadSummary:
    graphs: int = 0  # named graphs written
    deleted: int = 0  # graphs of documents no longer built
    triples: int = 0


def load_remote(graph: Graph, endpoint: Endpoint) -> LoadSummary:
    """Write the graph into the store at ``endpoint`` (its Graph Store Protocol URL), each named
    graph replaced whole, the graphs of documents gone deleted, the index last."""
    opener = endpoint.opener()
    summary = LoadSummary()
    before = _read_index(opener, endpoint)
    parts = partition(graph)
    for name in sorted(parts):
        _send(opener, endpoint, "PUT", name, _ntriples(parts[name]))
        summary.graphs += 1
        summary.triples += len(parts[name])
    for name in sorted(before - set(parts)):
        _send(opener, endpoint, "DELETE", name)
        summary.deleted += 1
    _send(opener, endpoint, "PUT", INDEX, _ntriples(_index(parts)))
    return summary


def _read_index(opener, endpoint: Endpoint) -> set[URIRef]:
    body = _send(opener, endpoint, "GET", INDEX, missing_ok=True)
    if not body:
        return set()
    index = Graph()
    try:
        index.parse(data=body.decode("utf-8"), format="turtle")
    except Exception:  # an index we cannot read names nothing to delete
        return set()
    return {
        name
        for name in index.objects(INDEX, DCTERMS.hasPart)
        if isinstance(name, URIRef) and str(name).startswith(GRAPHS + "document/")
    }


def _ntriples(graph: Graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"\n".join(sorted(line for line in lines if line)) + b"\n"


def _send(
    opener,
    endpoint: Endpoint,
    method: str,
    name: URIRef,
    body: bytes | None = None,
    missing_ok: bool = False,
) -> bytes:
    url = _with_query(endpoint.url, {"graph": str(name)})
    headers = {"Accept": "text/turtle, application/n-triples;q=0.9"} if method == "GET" else {}
    if body is not None:
        headers["Content-Type"] = "text/turtle; charset=utf-8"  # N-Triples is Turtle
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    return _open(opener, request, endpoint, missing_ok)


# ---------------------------------------------------------------- SPARQL Protocol


def query_remote(sparql: str, endpoint: Endpoint, form: str):
    """Run a query at ``endpoint`` (its SPARQL Protocol URL) and return an rdflib Result:
    SELECT and ASK as SPARQL results JSON, CONSTRUCT and DESCRIBE as N-Triples."""
    from rdflib.query import Result

    graph_result = form in ("CONSTRUCT", "DESCRIBE")
    accept = (
        "application/n-triples, text/turtle;q=0.9"
        if graph_result
        else ("application/sparql-results+json")
    )
    request = urllib.request.Request(
        endpoint.url,
        data=urllib.parse.urlencode({"query": sparql}).encode("utf-8"),
        method="POST",
        headers={
            "Accept": accept,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = _open(endpoint.opener(), request, endpoint, missing_ok=False, kind="endpoint")
    if graph_result:
        result = Result(form)
        result.graph = Graph()
        try:
            result.graph.parse(data=response.decode("utf-8"), format="turtle")
        except Exception as exc:
            raise RemoteError.at_address(
                endpoint.url, "N002", f"the store's answer is no RDF: {_first_line(exc)}"
            ) from None
        return result
    try:
        return Result.parse(io.BytesIO(response), format="json")
    except Exception as exc:
        raise RemoteError.at_address(
            endpoint.url, "N002", f"the store's answer is no SPARQL JSON result: {_first_line(exc)}"
        ) from None


def remote_names(endpoint: Endpoint) -> Graph:
    """The entities and documents of the store with their classes and names, and policykg's
    prefixes: what binding ``--param`` values and showing results need, without fetching the
    whole graph (sentences, evidence and rules stay in the store)."""
    from rdflib.namespace import RDFS, SKOS

    names = new_graph()
    not_records = "".join(
        f' && !STRSTARTS(STR(?e), "{PREFIXES[kind]}")' for kind in ("sentence", "evidence", "rule")
    )
    said = " UNION ".join(
        f"{{ ?e <{p}> ?v BIND(<{p}> AS ?p) }}"
        for p in (RDF.type, RDFS.label, SKOS.altLabel, DCTERMS.title, DCTERMS.source)
    )
    sparql = f"""CONSTRUCT {{ ?e ?p ?v }}
WHERE {{
  {said}
  FILTER(STRSTARTS(STR(?e), "{ENTITY}"){not_records})
}}"""
    for triple in query_remote(sparql, endpoint, "CONSTRUCT").graph:
        names.add(triple)
    return names


# ---------------------------------------------------------------- HTTP


def _open(opener, request, endpoint: Endpoint, missing_ok: bool, kind: str = "store") -> bytes:
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        if missing_ok and exc.code == 404:
            return b""
        detail = _first_line(exc.read().decode("utf-8", "replace")) or exc.reason
        if exc.code in (401, 403):
            if endpoint.user is not None and endpoint.password is not None:
                message = (
                    f"the {kind} refused user '{endpoint.user}' (HTTP {exc.code}): check the"
                    f" password in ${PASSWORD_VARIABLE} or --password-file, and the user's rights"
                )
            else:
                message = (
                    f"the {kind} asks for credentials (HTTP {exc.code}): give --user, and the"
                    f" password in ${PASSWORD_VARIABLE} or --password-file"
                )
            raise RemoteError.at_address(endpoint.url, "N003", message) from None
        if kind == "endpoint" and exc.code == 400:
            raise RemoteError.at_address(
                endpoint.url, "N002", f"the store rejected the query: {detail}"
            ) from None
        raise RemoteError.at_address(
            endpoint.url,
            "N002",
            f"{request.get_method()} {_graph_of(request)}: HTTP {exc.code}: {detail}",
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError.at_address(
            endpoint.url, "N001", f"cannot reach the {kind}: {_first_line(reason)}"
        ) from None


def _graph_of(request) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.full_url).query)
    return f"<{query['graph'][0]}>" if "graph" in query else request.full_url


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = "&".join(q for q in (parts.query, urllib.parse.urlencode(params)) if q)
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _host_port(parts: urllib.parse.SplitResult) -> str:
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def _safe(url: str) -> str:
    """A URL as it may be shown: without any password in it."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=_host_port(parts)))


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0][:300] if text else ""
