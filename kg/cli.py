"""``kg``: the command line over the same functions the API and notebooks use.

Every error is one readable line on stderr and a non-zero exit; set ``KG_DEBUG=1`` to see
the traceback of an unexpected one.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kg import __version__
from kg.config import SettingsError, settings

app = typer.Typer(name="kg", help="Build, query and view an event-timeline knowledge graph from news articles.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

StoreOption = Annotated[str | None, typer.Option("--store", "-s", help="Folder of the on-disk store, or the URL of a SPARQL endpoint (http://…/sparql) (default: KG_STORE or ./kg-store).")]
F = TypeVar("F", bound=Callable[..., object])


class Engine(str, Enum):
    local = "local"
    spark = "spark"


class CliError(Exception):
    """A failure to report as one line and exit code 1."""


def _expected_errors() -> tuple[type[BaseException], ...]:
    from kg.ingest import IngestError
    from kg.nlp.pipeline import ModelNotInstalled
    from kg.store import QueryError, StoreError

    return (CliError, IngestError, StoreError, QueryError, SettingsError, ModelNotInstalled, OSError, ValueError)


def friendly(command: F) -> F:
    """Turn exceptions into one line on stderr and exit code 1 (2 for the unexpected)."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted: nothing was written", err=True)
            raise typer.Exit(130) from None
        except Exception as error:  # noqa: BLE001 - the CLI's last line of defence
            if os.environ.get("KG_DEBUG"):
                raise
            expected = isinstance(error, _expected_errors())
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            typer.echo(f"error: {message}" if expected else f"error: unexpected {type(error).__name__}: {message}", err=True)
            raise typer.Exit(1 if expected else 2) from None

    return wrapper  # type: ignore[return-value]


def _date(value: str | None) -> dt.date | None:
    """--date as YYYY-MM-DD only: fromisoformat alone would also take '20240101' and '2024-W01-1'."""
    from kg.ingest import ISO_DATE

    if value is None:
        return None
    try:
        if ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise CliError(f"--date {value!r} is not a date: use YYYY-MM-DD")


def _store_location(option: str | None) -> str:
    from kg.store import store_location

    return store_location(option)


def _open_store(path: str | None, *, must_exist: bool = True):
    """The store the --store option (or KG_STORE, or the default folder) names: kg.store.open_store."""
    from kg.store import open_store

    return open_store(_store_location(path), must_exist=must_exist)


@app.command()
@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or feed URLs (text, HTML, JSONL, RSS/Atom, TimeML).")],
    store: StoreOption = None,
    date: Annotated[str | None, typer.Option(help="Article date YYYY-MM-DD for files that carry none.")] = None,
    input_format: Annotated[str | None, typer.Option("--input-format", help="Force a format: text, html, jsonl, feed, timeml.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="spaCy processes (use the number of cores for large batches); with --engine spark, the cores of local[N] when no Spark master is set.")] = 1,
    replace: Annotated[bool, typer.Option(help="Re-process articles already in the store.")] = False,
    engine: Annotated[Engine, typer.Option(help="local: this process; spark: Apache Spark (pyspark), master from SPARK_MASTER or local[--workers].")] = Engine.local,
    strict: Annotated[bool, typer.Option(help="All or nothing: one bad file, line or entry and nothing is stored.")] = False,
) -> None:
    """Read articles, extract events, actors, places and links, and add them to the store, one transaction each.

    A bad file, JSON line or feed entry is reported in one line (where, why) and the others are
    stored; the exit code is then 1. An article already ingested from the same URL or file but
    with new content replaces its earlier version.
    """
    from kg.pipeline import IngestReport
    from kg.query import instance_counts

    articles, unread = _read_for_ingest(paths, _date(date), input_format, strict)
    if not articles and not unread:
        raise CliError("no articles found in " + ", ".join(paths))
    report, totals = IngestReport(), None
    if articles:
        with _open_store(store, must_exist=False) as opened:
            report = _run_ingest(opened, articles, engine, workers=workers, replace=replace, atomic=strict)
            totals = instance_counts(opened)
    report.unread = unread
    for line in report.failed.values():
        typer.echo(f"error: {line}", err=True)
    typer.echo(report.summary())
    if totals is not None:  # the counts above are per article: an instance several articles report counts in each
        typer.echo(f"the store holds {totals['events']} events, {totals['actors']} actors and {totals['places']} "
                   "places (distinct instances, as /stats and the view's legend count them)")
    if report.failed or report.unread:
        raise typer.Exit(1)


def _read_for_ingest(paths: list[str], date: dt.date | None, input_format: str | None, strict: bool):
    """Every article, read before any write, and one line per bad file, JSON line or feed entry (each also
    said on stderr at once); with ``strict`` the first bad one is raised instead."""
    from kg.ingest import read_articles

    unread: list[str] = []

    def report_bad(error: Exception) -> None:
        unread.append(str(error))
        typer.echo(f"error: {error}", err=True)

    articles = list(read_articles(paths, date=date, format=input_format, on_error=None if strict else report_bad))
    return articles, unread


def _run_ingest(opened, articles: list, engine: Engine, *, workers: int, replace: bool, atomic: bool):
    """The local pipeline (a transaction per article unless ``atomic``) with a progress bar, or Spark (one)."""
    if engine is Engine.spark:
        from kg.spark import ingest as spark_ingest

        master = os.environ.get("SPARK_MASTER") or f"local[{workers}]"
        return spark_ingest(opened, articles, master=master, replace=replace)
    from rich.progress import Progress

    from kg.pipeline import ingest as run_ingest

    with Progress(transient=True) as progress:
        task = progress.add_task("ingesting", total=len(articles))
        return run_ingest(opened, articles, workers=workers, replace=replace, atomic=atomic,
                          progress=lambda _: progress.advance(task))


@app.command()
@friendly
def delete(
    articles: Annotated[list[str], typer.Argument(help="Article ids, URLs, files or folders, as they were ingested.")],
    store: StoreOption = None,
) -> None:
    """Delete articles with every fact and instance only they support, in one transaction.

    Articles that took an actor's name from a deleted one are re-resolved; a reference that
    names no stored article is an error and nothing is deleted.
    """
    from kg.pipeline import delete_articles

    with _open_store(store) as opened:
        report = delete_articles(opened, articles)
    typer.echo(report.summary())


@app.command()
@friendly
def extract(
    files: Annotated[list[str], typer.Argument(help="Article files (any ingest format).")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: json.")] = "json",
    date: Annotated[str | None, typer.Option(help="Article date YYYY-MM-DD for files that carry none.")] = None,
    input_format: Annotated[str | None, typer.Option("--input-format", help="Force an input format.")] = None,
) -> None:
    """Print what the extractors find (timexes, events, entities, relations) without touching a store."""
    from kg.views.export import extraction_json
    from kg.ingest import read_articles
    from kg.pipeline import process

    if format != "json":
        raise CliError(f"unknown format {format!r}: use json")
    articles = list(read_articles(files, date=_date(date), format=input_format))
    payload = {"articles": [extraction_json(item.extraction, item.resolution) for item in process(articles)]}
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
@friendly
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL 1.1 query; the default graph is the union of all articles.")],
    store: StoreOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, json or csv.")] = TableFormat.table,
) -> None:
    """Run a SPARQL query against the store."""
    import pyoxigraph as ox

    with _open_store(store) as opened:
        result = opened.query(sparql)
        if isinstance(result, ox.QueryBoolean):
            typer.echo("true" if bool(result) else "false")
            return
        if isinstance(result, ox.QueryTriples):
            typer.echo(result.serialize(format=ox.RdfFormat.TURTLE).decode())
            return
        names = [v.value for v in result.variables]
        rows = opened.select(sparql)
    if format is TableFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif format is TableFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue().rstrip("\n"))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*names)
        for row in rows:
            table.add_row(*(str(row.get(n, "")) for n in names))
        Console(width=200).print(table)


class Kind(str, Enum):
    event = "event"
    article = "article"
    actor = "actor"
    place = "place"


class SearchFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
@friendly
def search(
    text: Annotated[str, typer.Argument(help='Words to find, all of them (stemmed: "explosions" finds "explosion"); "a phrase" in quotes, -word to leave one out.')],
    store: StoreOption = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Only these kinds (repeatable): event, article, actor, place.")] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="Only this kgo: class; superclasses match (Attack finds drone strikes).")] = None,
    start: Annotated[str | None, typer.Option(help="Events whose days, articles whose date, overlap from this day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Events whose days, articles whose date, overlap up to this day (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many hits.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Hits to skip.")] = 0,
    format: Annotated[SearchFormat, typer.Option("--format", "-f", help="table or json (as GET /search answers).")] = SearchFormat.table,
    rebuild: Annotated[bool, typer.Option(help="Index the whole store again first (after editing it outside kg).")] = False,
) -> None:
    """Full-text search over article titles and text, event labels and sentences, actor and place names.

    Ranked by BM25, each hit with a snippet and its API route. The index lives in <store>.search/
    beside the store, follows every ingest and delete, and is checked against the store here.
    """
    from kg.query import search as full_text

    where = full_text.SearchFilter(tuple(k.value for k in kind or ()), type_, _date(start), _date(end))
    with _open_store(store) as opened:
        if not full_text.supported(opened):
            raise CliError("full-text search needs the embedded store: search a SPARQL endpoint with its own "
                           "full-text features")
        if rebuild:
            full_text.rebuild(opened)
        found = full_text.search(opened, text, where, limit=limit, offset=offset)
    if format is SearchFormat.json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = f"{found['offset'] + 1}-{found['offset'] + len(found['items'])} of " if found["items"] else ""
    table = Table("#", "kind", "id", "label", "type", "date", "score", "snippet",
                  title=f"{shown}{found['total']} hit(s) for {text!r}", title_justify="left")
    for rank, hit in enumerate(found["items"], found["offset"] + 1):
        snippet = Text(hit["snippet"])
        for begin, stop in hit["highlights"]:
            snippet.stylize("bold yellow", begin, stop)
        days = "" if not hit["earliest"] else hit["earliest"] if hit["earliest"] == hit["latest"] else f"{hit['earliest']}/{hit['latest']}"
        table.add_row(str(rank), hit["kind"], hit["id"], hit["label"] or "", hit["type"] or "", days,
                      f"{hit['score']:.2f}", snippet)
    Console(width=max(Console().width, 160)).print(table)


@app.command()
@friendly
def timeline(
    entity: Annotated[str, typer.Argument(help="An actor's or a place's name, else an alias (case, spaces and punctuation ignored; else a name a little different).")],
    store: StoreOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, or semeval (SemEval-2015 TimeLine: order, date, doc-sentence-word…).")] = "table",
) -> None:
    """Every event the entity takes part in (for a place: at it or within it), across all articles, dated and in order, with its evidence sentence."""
    from kg.query.timelines import entity_timeline, semeval_lines, table_lines

    if format not in ("table", "json", "semeval"):
        raise CliError(f"unknown format {format!r}: use table, json or semeval")
    with _open_store(store) as opened:
        entries = entity_timeline(opened, entity)
    if format == "json":
        typer.echo(json.dumps(entries, ensure_ascii=False, indent=1, default=str))
    elif format == "semeval":
        typer.echo(semeval_lines(entity, entries))
    else:
        typer.echo(table_lines(entries) if entries else f"no events for {entity!r}")


@app.command()
@friendly
def export(
    store: StoreOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="ttl, jsonld, nt, nq, trig, xml, graphml, gexf, csv or html.")] = "trig",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the whole graph as RDF, as a networkx graph (GraphML/GEXF), as CSV tables of events, or as HTML."""
    from kg.views.export import export_bytes

    with _open_store(store) as opened:
        data = export_bytes(opened, format)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        typer.echo(f"wrote {output} ({len(data):,} bytes)")


@app.command()
@friendly
def view(
    store: StoreOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("kg-view.html"),
) -> None:
    """Write the interactive graph as one self-contained HTML file (works offline)."""
    from kg.query.analysis import view_graph
    from kg.views import write_html

    with _open_store(store) as opened:
        graph = view_graph(opened, settings().view_max_nodes)
    if not graph.number_of_nodes():
        raise CliError(f"nothing to draw: the store at {_store_location(store)} holds no events: run 'kg ingest' first")
    path = write_html(graph, output, title="newskg: events, actors and places")
    typer.echo(f"wrote {path.resolve()} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


@app.command()
@friendly
def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    token: Annotated[str | None, typer.Option(help="Bearer token that allows writes (default: read-only).")] = None,
) -> None:
    """Serve the REST API, the SPARQL endpoint and the view over the store."""
    import uvicorn

    from api.main import create_app

    from kg.store import is_store, is_url

    location = _store_location(store)
    if is_url(location):  # the graph lives in a SPARQL server: serve the same API over it
        config = settings(host=host, port=port, token=token)
        with _open_store(location) as remote:
            typer.echo(f"serving {remote.endpoint} on http://{config.host}:{config.port}/ (view: /view, SPARQL: /sparql, docs: /docs)")
            uvicorn.run(create_app(store=remote, settings=config), host=config.host, port=config.port, log_level="warning")
        return
    config = settings(store=location, host=host, port=port, token=token)
    if not is_store(config.store):
        raise CliError(f"no store at {config.store}: run 'kg ingest' first")
    typer.echo(f"serving {config.store} on http://{config.host}:{config.port}/ (view: /view, SPARQL: /sparql, docs: /docs)")
    uvicorn.run(create_app(settings=config), host=config.host, port=config.port, log_level="warning")


@app.command()
@friendly
def version() -> None:
    """Print the version of kg, the spaCy pipeline it uses, and where its ontology, models and data are."""
    from kg.resources import locations

    typer.echo(f"kg {__version__} (spaCy pipeline: {settings().spacy_model})")
    for name, path in locations().items():
        typer.echo(f"{name}: {path}")


@app.command()
@friendly
def pipeline(
    as_json: Annotated[bool, typer.Option("--json", help="Print the steps as JSON instead of a table.")] = False,
) -> None:
    """List the pipeline's steps in the order they run: spaCy's components, then kg's, each with what it requires and assigns."""
    from rich.console import Console
    from rich.table import Table

    from kg.nlp.pipeline import component_contracts
    from kg.steps import listing

    rows = listing(component_contracts(settings().spacy_model))
    if as_json:
        typer.echo(json.dumps(rows, indent=1))
        return
    table = Table("stage", "step", "requires", "assigns", "does", box=None, show_lines=False)
    for row in rows:
        table.add_row(row["stage"], row["step"], ", ".join(row["requires"]), ", ".join(row["assigns"]), row["does"])
    Console(width=200).print(table)


@app.command("eval")
@friendly
def evaluate(
    corpora: Annotated[Path | None, typer.Option("--corpora", help="Folder of the annotated corpora (default: ../shared/eval beside the checkout).")] = None,
    task: Annotated[list[str] | None, typer.Option("--task", "-t", help="Run only these scorers (repeatable): timex, events, tlinks, pairs, gold-pairs, causal, factuality, participants, timeline.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON instead of a table.")] = False,
) -> None:
    """Score the extractors on the annotated corpora (held-out TempEval-3 test split, MEANTIME, TimeBank-Dense, MATRES)."""
    from kg.eval import default_corpora, format_table, run

    folder = corpora or default_corpora()
    if not folder.is_dir():
        raise CliError(f"no corpora at {folder}: pass --corpora DIR")
    report = run(folder, task or None)
    if as_json:
        typer.echo(json.dumps(report.as_json(), indent=1))
        return
    typer.echo(format_table(report.rows))
    for note in report.notes:
        typer.echo(f"note: {note}")


@app.command("train")
@friendly
def train_models(
    models: Annotated[list[str] | None, typer.Argument(help="Which models: timex, events, tlinks, factuality, arguments (default: all five).")] = None,
    corpora: Annotated[Path | None, typer.Option("--corpora", help="Folder of the annotated corpora (default: ../shared/eval beside the checkout).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder to write the models to (default: kg/data/models, where the pipeline reads them).")] = None,
) -> None:
    """Retrain the shipped models: time-expression tagger, event classifier and link classifiers from the TempEval-3 train+dev files, event factuality and participants from MEANTIME."""
    from kg.eval import default_corpora
    from kg.nlp.linear import MODELS_DIR
    from kg.train.temporal import TRAINABLE, train

    folder = corpora or default_corpora()
    if not folder.is_dir():
        raise CliError(f"no corpora at {folder}: pass --corpora DIR")
    rows = train(folder, output or MODELS_DIR, models or TRAINABLE, progress=lambda line: typer.echo(line, err=True))
    for row in rows:
        typer.echo(f"{row['model']:<10} {row['seconds']:>7.1f} s  {row['bytes']:>9,} bytes  {row['file']}")



@app.command("merge")
@friendly
def merge_instances(
    source: Annotated[str, typer.Argument(help="The instance to absorb: an IRI or its key, e.g. actor/state-media.")],
    target: Annotated[str, typer.Argument(help="The instance that stays, e.g. actor/russia-s-state-media.")],
    reason: Annotated[str, typer.Option(help="Why, recorded with the decision.")] = "analyst override",
    store: StoreOption = None,
) -> None:
    """Merge two actors or events the pipeline kept apart (an analyst's override, recorded as a kgo:MergeDecision).

    The decision goes to the named graph kgr:graph/decisions and is carried out at once in every
    article graph; it holds for articles ingested later too. Undo it with 'kg split TARGET'.
    """
    from kg.derive.decisions import DecisionError, merge

    with _open_store(store) as opened:
        try:
            decision = merge(opened, source, target, reason)
        except DecisionError as error:
            raise CliError(str(error)) from None
        _forget_search(opened)
    typer.echo(f"merged {source} into {target} ({decision})")


@app.command("split")
@friendly
def split_instance(
    instance: Annotated[str, typer.Argument(help="The instance to split: an IRI or its key, e.g. actor/angela-merkel.")],
    mention: Annotated[list[str] | None, typer.Option("--mention", "-m", help="A mention IRI (mention/ARTICLE/ID) to move out (repeatable); default: those the last 'kg merge' into INSTANCE brought in.")] = None,
    into: Annotated[str | None, typer.Option(help="The instance the mentions go to (default: the one the last merge absorbed, or a new one).")] = None,
    reason: Annotated[str, typer.Option(help="Why, recorded with the decision.")] = "analyst override",
    store: StoreOption = None,
) -> None:
    """Split mentions off an instance (an analyst's override, recorded as a kgo:SplitDecision)."""
    from kg.derive.decisions import DecisionError, split

    with _open_store(store) as opened:
        try:
            decision = split(opened, instance, mention or None, into, reason)
        except DecisionError as error:
            raise CliError(str(error)) from None
        _forget_search(opened)
    typer.echo(f"split {instance} ({decision})")

def _forget_search(opened) -> None:
    """An override rewrites IRIs in place, which the search index cannot follow: it is rebuilt at its next use."""
    from kg.query.search import forget

    forget(opened)


if __name__ == "__main__":
    app()
