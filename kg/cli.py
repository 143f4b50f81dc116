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

StoreOption = Annotated[Path | None, typer.Option("--store", "-s", help="Folder of the on-disk store (default: KG_STORE or ./kg-store).")]
F = TypeVar("F", bound=Callable[..., object])


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
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--date {value!r} is not a date: use YYYY-MM-DD") from None


def _open_store(path: Path | None, *, must_exist: bool = True):
    from kg.store import Store

    location = settings(store=path).store
    if must_exist and not location.exists():
        raise CliError(f"no store at {location}: run 'kg ingest' first")
    return Store(location)


@app.command()
@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or feed URLs (text, HTML, JSONL, RSS/Atom, TimeML).")],
    store: StoreOption = None,
    date: Annotated[str | None, typer.Option(help="Article date YYYY-MM-DD for files that carry none.")] = None,
    input_format: Annotated[str | None, typer.Option("--input-format", help="Force a format: text, html, jsonl, feed, timeml.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="spaCy processes (use the number of cores for large batches).")] = 1,
    replace: Annotated[bool, typer.Option(help="Re-process articles already in the store.")] = False,
) -> None:
    """Read articles, extract events, actors, places and links, and add them to the store in one transaction."""
    from rich.progress import Progress

    from kg.ingest import read_articles
    from kg.pipeline import ingest as run_ingest

    articles = list(read_articles(paths, date=_date(date), format=input_format))  # all read before any write
    if not articles:
        raise CliError("no articles found in " + ", ".join(paths))
    with _open_store(store, must_exist=False) as opened, Progress(transient=True) as progress:
        task = progress.add_task("ingesting", total=len(articles))
        report = run_ingest(opened, articles, workers=workers, replace=replace,
                            progress=lambda _: progress.advance(task))
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
    from kg.export import extraction_json
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


@app.command()
@friendly
def export(
    store: StoreOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="ttl, jsonld, nt, nq, trig, xml, graphml, gexf, csv or html.")] = "trig",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the whole graph as RDF, as a networkx graph (GraphML/GEXF), as CSV tables of events, or as HTML."""
    from kg.export import export_bytes

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
    from kg.analysis import view_graph
    from kg.views import write_html

    with _open_store(store) as opened:
        graph = view_graph(opened, settings().view_max_nodes)
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

    config = settings(store=store, host=host, port=port, token=token)
    if not config.store.exists():
        raise CliError(f"no store at {config.store}: run 'kg ingest' first")
    typer.echo(f"serving {config.store} on http://{config.host}:{config.port}/ (view: /view, SPARQL: /sparql, docs: /docs)")
    uvicorn.run(create_app(settings=config), host=config.host, port=config.port, log_level="warning")


@app.command()
@friendly
def version() -> None:
    """Print the version of kg and of the spaCy pipeline it uses."""
    typer.echo(f"kg {__version__} (spaCy pipeline: {settings().spacy_model})")


if __name__ == "__main__":
    app()
