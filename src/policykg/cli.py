"""The ``policykg`` command: thin typer commands over the library.

Each command parses its arguments, calls one library function, prints, and maps policykg's errors to
the documented exit codes (0 ok, 1 findings, 2 bad input or usage, 130 interrupted). A user error
prints one ``PATH:LINE:COL: error[CODE]: message`` line per problem and never a traceback;
``--debug`` shows the traceback of an unexpected failure.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykg import __version__
from policykg.errors import ExitCode, PolicyKGError, UsageError

app = typer.Typer(
    name="policykg",
    help="Build an evidence-backed RDF knowledge graph of foreign and security policy texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help="Check and test rule packs.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")

_state = {"debug": False}

GraphOption = Annotated[
    Path, typer.Option("--graph", "-g", help="The graph file to read.", dir_okay=False)
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Read the on-disk pyoxigraph store built with 'policykg build --store PATH'"
        " instead of the graph file (opens in a fraction of a second at any size).",
        file_okay=False,
    ),
]
SourcesArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Markdown or text files, or folders of them (default: sources/)."),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="Rule files or folders (default: the bundled pack)."),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        help="User at the --endpoint; the password comes from $POLICYKG_ENDPOINT_PASSWORD or"
        " --password-file, never the command line.",
    ),
]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option("--password-file", help="A file holding the --endpoint password.", dir_okay=False),
]


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _handled(fn):
    """Turn policykg errors and Ctrl-C into located messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PolicyKGError as exc:
            for problem in exc.problems:
                _err(str(problem))
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:  # the reader stopped reading ("| head"): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            _err("policykg: interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            _err(f"policykg: internal error: {type(exc).__name__}: {exc}")
            _err("policykg: run again with --debug for the traceback, and report it")
            raise typer.Exit(70) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        print(f"policykg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Build an evidence-backed RDF knowledge graph of foreign and security policy texts."""
    _state["debug"] = debug


@app.command()
@_handled
def build(
    sources: SourcesArgument = None,
    rules: RulesOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    no_html: Annotated[bool, typer.Option("--no-html", help="Skip the interactive page.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Extract documents in N worker processes (0: one per core); the output is the"
            " same for any N.",
        ),
    ] = 1,
    cache: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the per-document extraction cache (default: OUT/.cache); a rebuild"
            " extracts only the documents, or all after a rule change, that changed.",
        ),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Extract every document.")] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Also load the graph into an on-disk pyoxigraph store at PATH (replaced whole),"
            " for query, analyze, render, path, export and serve --store PATH.",
            file_okay=False,
        ),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            metavar="URL",
            help="Also load the graph into a remote SPARQL store at this Graph Store Protocol URL"
            " (one named graph per document, replaced on rebuild).",
        ),
    ] = None,
    user: UserOption = None,
    password_file: PasswordFileOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Stop at a binary source or one that is not UTF-8 (by default: skipped, or"
            " decoded as the encoding detected, with a warning).",
        ),
    ] = False,
    max_document_size: Annotated[
        str,
        typer.Option(
            "--max-document-size",
            metavar="SIZE",
            help="The largest source document read (10MB, 500kB, 1GB or bytes); a larger one is"
            " an error before it is read.",
        ),
    ] = "10MB",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Extract on the workers of this Dask scheduler (policykg installed there, at"
            " this version); the graph is the same as a local build's.",
        ),
    ] = None,
) -> None:
    """Read the sources, apply the rules, write the graph and its companions into OUT. On a
    terminal, a progress bar shows documents, MB/s and facts found while extracting."""
    import contextlib

    from policykg.pipeline import build as run_build
    from policykg.sources.reader import parse_size

    max_bytes = parse_size(max_document_size)
    if max_bytes is None or max_bytes <= 0:
        raise UsageError.at(
            "--max-document-size",
            "U001",
            f"'{max_document_size}' is no size: give bytes, or a number with kB, MB or GB",
        )
    remote = None
    if endpoint is not None:
        from policykg.graph.remote import Endpoint

        remote = Endpoint.from_options(endpoint, user, password_file)
    if scheduler is not None:
        from policykg.cluster import check_address

        if jobs != 1:
            raise UsageError.at("--scheduler", "U001", "give --jobs or --scheduler, not both")
        check_address(scheduler)

    with contextlib.ExitStack() as stack:
        progress = None
        if not quiet:
            from rich.console import Console

            console = Console(stderr=True)
            if console.is_terminal:
                from policykg.progress import BuildProgress

                progress = stack.enter_context(BuildProgress(console)).start
        result = run_build(
            sources or [Path("sources")],
            out,
            rules,
            render=not no_html,
            jobs=jobs,
            progress=progress,
            cache=None if no_cache else (cache or out / ".cache"),
            store=store,
            scheduler=scheduler,
            endpoint=remote,
            strict=strict,
            max_document_bytes=max_bytes,
        )
    for warning in result.sources.warnings:
        _err(str(warning))
    if result.cache is not None and result.cache.stats.corrupt:
        _err(
            f"policykg: warning: {result.cache.stats.corrupt} cache entries did not check out;"
            " those documents were extracted again"
        )
    if not quiet:
        c = result.manifest["counts"]
        print(
            f"{c['documents']} documents, {c['sentences']} sentences → {c['entities']} entities,"
            f" {c['facts']} facts, {c['evidence']} evidence nodes, {c['triples']} triples"
            f" in {result.timings['total']:.2f} s"
        )
        for path in result.outputs.values():
            print(f"  {path}")
        if "endpoint" in result.manifest:
            loaded = result.manifest["endpoint"]
            print(
                f"  {loaded['url']}: {loaded['graphs']} named graphs, {loaded['triples']} triples"
                + (f", {loaded['deleted']} stale graphs deleted" if loaded["deleted"] else "")
            )


class QueryEngine(StrEnum):
    oxigraph = "oxigraph"
    rdflib = "rdflib"


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"  # SPARQL 1.1 Query Results JSON
    xml = "xml"  # SPARQL Query Results XML; RDF/XML for a graph
    ttl = "ttl"  # the graph formats, for CONSTRUCT and DESCRIBE
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"


@app.command()
@_handled
def query(
    query: Annotated[
        str | None,
        typer.Argument(help="SPARQL text, a .rq file, or the name of a bundled query."),
    ] = None,
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = (
        ResultFormat.table
    ),
    params: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="Bind a parameter: NAME=VALUE (a label, alias, id or IRI); repeatable.",
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the bundled queries and their parameters.")
    ] = False,
    engine: Annotated[
        QueryEngine, typer.Option(help="SPARQL engine: pyoxigraph (fast) or rdflib.")
    ] = QueryEngine.oxigraph,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            metavar="URL",
            help="Query a remote SPARQL store at this SPARQL Protocol URL instead of the graph"
            " (it must query the union of its named graphs by default).",
        ),
    ] = None,
    user: UserOption = None,
    password_file: PasswordFileOption = None,
) -> None:
    """Run a SPARQL query on the graph: SPARQL text, a .rq file, or a bundled query by name.

    SELECT and ASK results print as a table, csv, tsv, json or xml (the SPARQL result formats);
    CONSTRUCT and DESCRIBE results as ttl (also for "table"), nt, jsonld, xml (RDF/XML) or trig.
    """
    from policykg.errors import UsageError
    from policykg.graph.query import (
        bind_parameters,
        format_result,
        named_queries,
        parse_bindings,
        resolve_query,
        run_query,
    )
    from policykg.graph.store import native_store, open_graph

    if list_queries:
        for name, q in named_queries().items():
            print(f"{name:<19} {q.title}: {q.description}")
            for p in q.parameters:
                need = "required" if p.required else "optional"
                print(f"{'':<19}   --param {p.name}=…  {p.kind}, {need}: {p.description}")
        return
    if query is None:
        raise UsageError.at("<query>", "U002", "give a SPARQL query, a .rq file or a bundled name")
    sparql, source = resolve_query(query)
    bindings = parse_bindings(params or [])
    if endpoint is not None:
        from policykg.graph.query import query_form
        from policykg.graph.remote import Endpoint, query_remote, remote_names

        remote = Endpoint.from_options(endpoint, user, password_file)
        form = query_form(sparql, source)  # a syntax error is reported here, located
        names = remote_names(remote)
        sparql = bind_parameters(names, sparql, bindings, source)
        sys.stdout.write(format_result(names, query_remote(sparql, remote, form), fmt.value))
        return
    fast = engine is QueryEngine.oxigraph
    g = open_graph(graph, store, "oxigraph" if fast else "memory")
    sparql = bind_parameters(g, sparql, bindings, source)
    result = run_query(g, sparql, source, native_store(g) if fast else None)
    sys.stdout.write(format_result(g, result, fmt.value))


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


@app.command()
@_handled
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file (default: graph.FORMAT next to the graph); for csv, a folder"
            " (default: the graph's) receiving nodes.csv and edges.csv.",
        ),
    ] = None,
    facts_only: Annotated[
        bool,
        typer.Option(
            "--facts-only",
            help="The plain domain graph: entities and facts, without documents, sentences,"
            " evidence and rules.",
        ),
    ] = False,
) -> None:
    """Convert the built graph to another format (RDF, GraphML, GEXF, CSV)."""
    from policykg.graph.export import write_export
    from policykg.graph.store import open_graph

    if fmt.value == "csv":
        target = output or graph.parent
    else:
        target = output or graph.with_name(f"graph.{fmt.value}")
    for path in write_export(open_graph(graph, store, "memory"), fmt.value, target, facts_only):
        print(path)


@app.command()
@_handled
def render(
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file.")] = None,
    max_nodes: Annotated[
        int, typer.Option(help="Above this many entities, show the most central ones only.")
    ] = 500,
) -> None:
    """Write the interactive page of the graph (works offline)."""
    from policykg.errors import UsageError
    from policykg.graph.render import render_html
    from policykg.graph.store import open_graph, write_atomic

    if max_nodes < 1:
        raise UsageError.at("--max-nodes", "U001", "show at least one entity")
    target = output or graph.with_name("graph.html")
    write_atomic(target, render_html(open_graph(graph, store), max_nodes=max_nodes))
    print(target)


@app.command()
@_handled
def analyze(
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder for report.md and report.json (default: the graph's)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Write the files only.")] = False,
) -> None:
    """Analyse the graph with NetworkX: centrality, communities, core, bridges, mechanisms,
    documents. Writes report.md and report.json (as build does) and prints the report."""
    from policykg.graph.analysis import report_json, report_markdown, summarize
    from policykg.graph.store import open_graph, write_atomic

    summary = summarize(open_graph(graph, store))
    markdown = report_markdown(summary)
    folder = output or graph.parent
    write_atomic(folder / "report.md", markdown.encode())
    write_atomic(folder / "report.json", report_json(summary).encode())
    if quiet:
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(markdown))
    else:
        print(markdown)


@app.command()
@_handled
def path(
    a: Annotated[str, typer.Argument(help="An entity: label, alias, id or IRI.")],
    b: Annotated[str, typer.Argument(help="Another entity.")],
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    limit: Annotated[int, typer.Option(help="Most paths shown.")] = 3,
) -> None:
    """The shortest explanation paths between two entities, each step with its evidence."""
    from policykg.graph.analysis import explanation_paths
    from policykg.graph.query import resolve_value
    from policykg.graph.store import open_graph

    g = open_graph(graph, store)
    first = resolve_value(g, "Entity", a, "A", where="path")
    second = resolve_value(g, "Entity", b, "B", where="path")
    paths = explanation_paths(g, str(first), str(second), limit)
    if not paths:
        _err(f"policykg: no path links {a} and {b} in the graph")
        raise typer.Exit(int(ExitCode.FINDINGS))
    for i, steps in enumerate(paths, start=1):
        print(f"path {i} ({len(steps)} step{'s' if len(steps) != 1 else ''}):")
        for step in steps:
            print(f"  {step.subject} —{step.prop}→ {step.object}")
            if step.sentence:
                print(f"      “{step.sentence}” ({step.source})")


@app.command()
@_handled
def validate(
    graph: GraphOption = Path("out/graph.ttl"),
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", help="More SHACL shapes to check (Turtle); repeatable."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Violations listed per kind.")] = 10,
    engine: Annotated[
        str,
        typer.Option(
            help="auto: SHACL Core as SPARQL on pyoxigraph where the shapes allow, else pySHACL;"
            " sparql; or pyshacl, the reference engine (slower).",
        ),
    ] = "auto",
) -> None:
    """Check the graph against the SHACL shapes shipped with policykg (exit 1 on violations)."""
    import json

    from policykg.errors import UsageError
    from policykg.graph.store import load_graph
    from policykg.graph.validate import ENGINES, report_text, validate_graph

    if engine not in ENGINES:
        raise UsageError.at(
            "--engine", "U001", f"unknown engine '{engine}' (one of {', '.join(ENGINES)})"
        )
    for path in shapes or []:
        if not path.is_file():
            raise UsageError.at(path, "U001", "no such shapes file")
    report = validate_graph(load_graph(graph), shapes, engine=engine)
    if json_output:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report_text(report, limit))
    if not report.conforms:
        raise typer.Exit(int(ExitCode.FINDINGS))


@app.command()
@_handled
def serve(
    graph: GraphOption = Path("out/graph.ttl"),
    store: StoreOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; loopback unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    time_limit: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Most result rows (or triples).")] = 10_000,
    max_request: Annotated[int, typer.Option(help="Largest request body, in bytes.")] = 100_000,
    workers: Annotated[int, typer.Option(help="Queries answered at once.")] = 2,
    cors: Annotated[
        str | None,
        typer.Option(help="Send Access-Control-Allow-Origin with this origin (none by default)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log no requests.")] = False,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/)."""
    import signal

    from policykg.errors import UsageError
    from policykg.graph.serve import EndpointServer, Limits
    from policykg.graph.store import open_graph

    # a missing or broken graph or store is reported here, located, before any worker (parsed by
    # pyoxigraph: rdflib took 32.6 s on 515k triples only to check them)
    open_graph(graph, store)
    source = store if store is not None else graph
    if time_limit <= 0 or max_rows < 1 or max_request < 1 or workers < 1:
        raise UsageError.at("serve", "U001", "limits and workers must be positive")
    limits = Limits(time_limit, max_rows, max_request, workers)
    try:
        server = EndpointServer(source, host, port, limits, cors, quiet)
    except OSError as exc:
        raise UsageError.at(
            f"{host}:{port}", "U005", f"cannot listen: {exc.strerror or exc}"
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"policykg: warning: listening on {host}, reachable from other machines")
    print(f"SPARQL endpoint: http://{host}:{port}/sparql  query page: http://{host}:{port}/")
    print("Ctrl-C stops it.", flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
@_handled
def stats(
    graph: GraphOption = Path("out/graph.ttl"),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count entities by class and facts by property."""
    import json

    from policykg.graph.analysis import summarize
    from policykg.graph.store import load_graph

    counts = summarize(load_graph(graph))["counts"]
    if json_output:
        print(json.dumps(counts, indent=2))
        return
    print(f"documents  {counts['documents']}")
    print(f"entities   {counts['entities']}")
    for cls, n in counts["by_class"].items():
        print(f"  {cls:<16}{n}")
    print(f"facts      {counts['facts']}")
    for prop, n in counts["by_property"].items():
        print(f"  {prop:<16}{n}")
    print(f"evidence   {counts['evidence']}")


@app.command("eval")
@_handled
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file of expected facts (YAML).")],
    graph: GraphOption = Path("out/graph.ttl"),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    min_precision: Annotated[
        float, typer.Option(help="Exit 1 when overall precision is below this.")
    ] = 0.0,
    min_recall: Annotated[
        float, typer.Option(help="Exit 1 when overall recall is below this.")
    ] = 0.0,
) -> None:
    """Precision and recall of the graph against a gold file, per property and class."""
    import json

    from policykg.graph.evaluate import evaluate as run_eval
    from policykg.graph.evaluate import load_gold, report_text
    from policykg.graph.store import load_graph

    report = run_eval(load_graph(graph), load_gold(gold))
    if json_output:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(report_text(report))
    if report.overall.precision < min_precision or report.overall.recall < min_recall:
        _err(
            f"policykg: precision {report.overall.precision:.3f}, recall"
            f" {report.overall.recall:.3f}: below --min-precision {min_precision}"
            f" or --min-recall {min_recall}"
        )
        raise typer.Exit(int(ExitCode.FINDINGS))


@app.command()
@_handled
def explain(
    text: Annotated[
        str | None, typer.Argument(help="Text to explain (Markdown); or use --file.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="A source document.", dir_okay=False)
    ] = None,
    sentence: Annotated[
        list[int] | None,
        typer.Option("--sentence", "-s", help="Explain only sentence N (1-based); repeatable."),
    ] = None,
    focus: Annotated[
        str | None, typer.Option(help="The document's focus (a concept id or label).")
    ] = None,
    rules: RulesOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every rule, also those lacking an element.")
    ] = False,
) -> None:
    """Show the mentions of each sentence, why each rule fired or not, and the facts."""
    from policykg.errors import UsageError
    from policykg.rules.explain import explain_document, render_explanations
    from policykg.rules.loader import load_rules
    from policykg.sources import read_document, read_text

    if (text is None) == (file is None):
        raise UsageError.at("<explain>", "U003", "give either TEXT or --file FILE")
    document = read_document(file) if file is not None else read_text(text or "", markdown=True)
    if focus is not None:
        document.meta["focus"] = focus
    only = None
    if sentence:
        count = len(document.sentences)
        wrong = [n for n in sentence if not 1 <= n <= count]
        if wrong:
            raise UsageError.at(
                str(file or "<text>"),
                "U004",
                f"no sentence {wrong[0]}: the document has {count} (numbered from 1)",
            )
        only = {n - 1 for n in sentence}
    explanations = explain_document(document, load_rules(rules), only)
    render_explanations(explanations, show_all=show_all)


@app.command()
@_handled
def coverage(
    sources: SourcesArgument = None,
    rules: RulesOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many uncovered phrases to list.", min=1)] = 30,
) -> None:
    """What the rules cover in the sources: rules and concepts fired and never fired, sentences
    with entities but no fact, recurring phrases no concept covers (build writes the same)."""
    from policykg.pipeline import extract, read_sources
    from policykg.rules.coverage import coverage as measure
    from policykg.rules.coverage import coverage_json, coverage_markdown
    from policykg.rules.loader import load_rules

    pack = load_rules(rules)
    results = extract(read_sources(sources or [Path("sources")]), pack)
    covered = measure(results, pack, top=top)
    print(coverage_json(covered) if json_output else coverage_markdown(covered), end="")


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
@_handled
def diff(
    old: Annotated[Path, typer.Argument(help="The graph before: a graph file or a build folder.")],
    new: Annotated[Path, typer.Argument(help="The graph after: a graph file or a build folder.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.text
    ),
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the graphs differ (like git diff).")
    ] = False,
) -> None:
    """Facts added and removed between two graphs, by property, each with its evidence."""
    import json

    from policykg.errors import display_path
    from policykg.graph.diff import diff_graphs, diff_text, graph_path
    from policykg.graph.store import load_graph

    old_path, new_path = graph_path(old), graph_path(new)
    result = diff_graphs(
        load_graph(old_path), load_graph(new_path), display_path(old_path), display_path(new_path)
    )
    if fmt == DiffFormat.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(diff_text(result))
    if exit_code and result.changed:
        raise typer.Exit(int(ExitCode.FINDINGS))


@rules_app.command("check")
@_handled
def rules_check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Rule files or folders (default: the bundled pack).")
    ] = None,
) -> None:
    """Validate a rule pack and report every problem at once."""
    from policykg.errors import RuleError
    from policykg.rules.loader import check_rules

    pack, problems = check_rules(paths)
    for problem in problems:
        if problem.severity != "error":
            _err(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RuleError(errors)
    assert pack is not None
    print(
        f"ok: {len(pack.concepts)} concepts, {len(pack.patterns)} entity patterns,"
        f" {len(pack.relations)} relation rules in {len(pack.files)} files"
    )


@rules_app.command("test")
@_handled
def rules_test(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Rule files or folders (default: the bundled pack).")
    ] = None,
) -> None:
    """Run the examples and counter-examples written in the rules."""
    from policykg.rules.examples import run_examples
    from policykg.rules.loader import load_rules

    report = run_examples(load_rules(paths))
    for f in report.failures:
        _err(f"{f.origin}: rule '{f.rule}' failed its {'counter-' if f.counter else ''}example")
        _err(f"    text:     {f.text}")
        if not f.counter:
            _err(f"    expected: {_facts(f.expected)}")
            _err(f"    missing:  {_facts(f.missing)}")
        _err(f"    found:    {_facts(f.found)}")
    passed = report.examples + report.counter_examples - len(report.failures)
    print(f"{passed} passed, {len(report.failures)} failed")
    if report.failures:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _facts(facts) -> str:
    return "; ".join(" ".join(f) for f in facts) or "(none)"


def main() -> None:
    """Entry point of the console script: Ctrl-C anywhere ends with one line and exit 130."""
    try:
        app()
    except KeyboardInterrupt:  # outside a command (while the command line is parsed)
        _err("policykg: interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))


if __name__ == "__main__":
    main()
