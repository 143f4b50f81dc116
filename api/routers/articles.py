"""``/articles``: the articles in the store (one named graph each), and ``POST /articles`` to add more.

Adding runs the whole pipeline (``kg.ingest`` readers, then ``kg.pipeline.ingest``) and needs the
operator's bearer token. A JSON Lines or JSON array body is a batch: each good item is stored in a
transaction of its own and the bad ones are reported (207), unless ``strict=true``, which writes
the whole request in one transaction: a bad article, a crash or a killed server leaves the store
as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import (ReaderDep, SettingsDep, StoreDep, WriterDep, choose_format, json_or_rdf, media_type_of,
                      rdf_response, read_body)
from api.errors import ApiError, error_responses
from api.schemas import KGR, ArticleDetail, ArticlePage, IngestReport, IsoDate
from kg import query
from kg.config import Settings
from kg.ingest import IngestError, jsonl_article, parse_html, parse_text
from kg.model import Article as ArticleRecord
from kg.store import Store, StoreError

if TYPE_CHECKING:  # the pipeline (and spaCy) load on the first ingest, not at startup
    from kg.pipeline import IngestReport as PipelineReport

router = APIRouter(prefix="/articles", tags=["articles"])

#: request Content-Type → reader
CONTENT_TYPES = {
    "text/plain": "text", "text/html": "html", "application/xhtml+xml": "html",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl", "application/json": "json",
}
ARTICLE_EXAMPLE = {"id": "a2", "iri": KGR + "article/a2", "title": "Threat level raised after Manchester bombing",
                   "published": "2017-05-23", "publisher": "Example News", "url": "https://example.org/manchester",
                   "events": 3}
REPORT_EXAMPLE = {"added": ["5f0c1d2e3a4b5c6d"], "skipped": [], "failed": [],
                  "items": [{"line": None, "status": "stored", "id": "5f0c1d2e3a4b5c6d"}],
                  "triples": 412, "events": 6, "actors": 4, "places": 2, "links": 5}
BAD_LINE = "body: line 2: invalid date 'someday': expected YYYY-MM-DD"
MULTI_STATUS_EXAMPLE = {"added": ["5f0c1d2e3a4b5c6d"], "skipped": ["9a8b7c6d5e4f3a2b"], "failed": [BAD_LINE],
                        "items": [{"line": 1, "status": "stored", "id": "5f0c1d2e3a4b5c6d"},
                                  {"line": 2, "status": "failed", "error": BAD_LINE},
                                  {"line": 3, "status": "skipped", "id": "9a8b7c6d5e4f3a2b"}],
                        "triples": 412, "events": 6, "actors": 4, "places": 2, "links": 5}
TEXT_EXAMPLE = ("date 2017-05-23\nA suicide bomber killed 22 people at the end of a concert at Manchester Arena "
                "last night, police said.")
ARTICLE_IN = {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "description": "The article's text."},
    "date": {"type": "string", "description": "Publication date, YYYY-MM-DD (the anchor of relative times)."},
    "id": {"type": "string", "description": "Article id (default: derived from text and date)."},
    "title": {"type": "string", "description": "Title."},
    "source": {"type": "string", "description": "Publisher."},
    "url": {"type": "string", "description": "Where it was published."}}}
POST_BODY = {"required": True, "content": {
    "text/plain": {"schema": {"type": "string"}, "example": TEXT_EXAMPLE},
    "text/html": {"schema": {"type": "string"}, "example": "<html><body><article><p>…</p></article></body></html>"},
    "application/x-ndjson": {"schema": {"type": "string"}, "example":
                             '{"id": "m1", "date": "2017-05-23", "title": "Manchester Arena bombing", "text": "A suicide bomber…"}\n'},
    "application/json": {"schema": {"oneOf": [ARTICLE_IN, {"type": "array", "items": ARTICLE_IN}]},
                         "example": {"date": "2017-05-23", "title": "Manchester Arena bombing", "text": "A suicide bomber…"}},
}}


def _page(store: query.QueryBackend, title: str | None, start: dt.date | None, end: dt.date | None, limit: int,
          offset: int, rdf: bool):
    page = query.list_articles(store, title=title, start=start, end=end, limit=limit, offset=offset)
    return page, query.describe(store, [item["iri"] for item in page["items"]]) if rdf else None


@router.get(
    "",
    response_model=ArticlePage,
    summary="List articles",
    description="Articles, newest first, with title, date, publisher, URL and the number of events each "
    "mentions. Filter by a part of the title and by publication date.",
    responses={200: json_or_rdf({"items": [ARTICLE_EXAMPLE], "total": 1, "limit": 100, "offset": 0}),
               **error_responses(400, 406, 413, 422, 503)},
)
async def list_articles(
    request: Request,
    read: ReaderDep,
    title: Annotated[str | None, Query(min_length=1, max_length=200, description="Part of the title (any case)",
                                       examples=["manchester"])] = None,
    start: Annotated[IsoDate | None, Query(description="Published on or after", examples=["2017-05-01"])] = None,
    end: Annotated[IsoDate | None, Query(description="Published on or before", examples=["2017-05-31"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Articles to skip", examples=[0])] = 0,
) -> dict[str, object] | Response:
    if start and end and start > end:
        raise ApiError(400, f"start {start} is after end {end}")
    rdf_format = choose_format(request)
    page, graph = await read(_page, title, start, end, limit, offset, rdf_format != "json")
    return rdf_response(graph, rdf_format) if graph is not None else page


def _one(store: query.QueryBackend, key: str, rdf: bool):
    article = query.article_detail(store, key)
    if article is None or not rdf:
        return article, None
    return article, query.describe(store, [article["iri"]])


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    summary="One article with its text and events",
    description="The article's metadata, the text every mention offset indexes into, and the events it "
    "mentions (by date).",
    responses={200: json_or_rdf({**ARTICLE_EXAMPLE, "text": "A suicide bomber killed 22 people…", "mentioned_events": []}),
               **error_responses(404, 406, 503)},
)
async def get_article(
    request: Request,
    read: ReaderDep,
    article_id: Annotated[str, Path(description="Article id", examples=["a2"])],
) -> dict[str, object] | Response:
    rdf_format = choose_format(request)
    article, graph = await read(_one, article_id, rdf_format != "json")
    if article is None:
        raise ApiError(404, f"no article {article_id!r}")
    return rdf_response(graph, rdf_format) if graph is not None else article


def _text_of(body: bytes) -> str:
    """The body as text; binary or undecodable bodies and empty ones are 400s."""
    if b"\x00" in body[:65536]:
        raise ApiError(400, "the body is binary, not an article: send text, HTML, JSON Lines or JSON")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApiError(400, f"the body is not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise ApiError(400, "the body is empty: nothing to ingest")
    return text


#: one item of a body: its line (None for a text or HTML body), and its article or why it has none
Item = tuple[int | None, ArticleRecord | IngestError]


def read_items(body: bytes, kind: str, *, date: dt.date | None, title: str | None, url: str | None) -> list[Item]:
    """The items of a request body in the given format: a text or HTML body is one article (IngestError on bad
    input); each line of JSON Lines, or object of a JSON array, is its article or the error naming its line."""
    text = _text_of(body)
    if kind == "text":
        return [(None, parse_text(text, date=date, title=title or "", url=url or ""))]
    if kind == "html":
        return [(None, parse_html(body, date=date, url=url or ""))]
    lines = _json_records(text) if kind == "json" else text.split("\n")
    items = [(number, _jsonl_item(line, number, date)) for number, line in enumerate(lines, start=1) if line.strip()]
    if not items:
        raise IngestError("no article in the body")
    return items


def _json_records(text: str) -> list[str]:
    """A JSON object or array of objects as JSON Lines, one record a line."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(f"not valid JSON ({error.msg})") from None
    records = records if isinstance(records, list) else [records]
    if not records or not all(isinstance(record, dict) for record in records):
        raise IngestError("expected an object or a non-empty array of objects with a 'text' string")
    return [json.dumps(record) for record in records]


def _jsonl_item(line: str, number: int, date: dt.date | None) -> ArticleRecord | IngestError:
    try:
        return jsonl_article(line, f"body: line {number}", path="body", date=date)
    except IngestError as error:
        return error


def _for_api(error: Exception) -> str:
    """The readers speak to the CLI: say how to date an article here."""
    return str(error).replace("pass --date", "pass ?date=YYYY-MM-DD")


def _refuse_bad_items(items: list[Item], strict: bool) -> list[ArticleRecord]:
    """The articles of the items; 400 naming the first bad line when ``strict`` or when no item is good."""
    articles = [found for _, found in items if isinstance(found, ArticleRecord)]
    bad = [_for_api(found) for _, found in items if isinstance(found, IngestError)]
    if bad and (strict or not articles):
        more = f" (and {len(bad) - 1} more bad line(s))" if len(bad) > 1 else ""
        raise ApiError(400, f"{bad[0]}{more}; nothing was stored")
    return articles


def _ingest(store: Store, settings: Settings, lock: threading.Lock, articles: list[ArticleRecord],
            replace: bool, atomic: bool) -> PipelineReport:
    from kg.nlp import ModelNotInstalled  # spaCy loads on the first ingest, not at startup
    from kg.pipeline import ingest

    try:
        with lock:  # one ingest at a time, so each sees the actors the previous one added
            return ingest(store, articles, model=settings.spacy_model, replace=replace, atomic=atomic)
    except ModelNotInstalled as error:
        raise ApiError(503, str(error)) from None


def _item_result(line: int | None, found: ArticleRecord | IngestError, report: PipelineReport) -> dict[str, object]:
    if isinstance(found, IngestError):
        return {"line": line, "status": "failed", "error": _for_api(found)}
    if found.id in report.failed:
        return {"line": line, "status": "failed", "id": found.id, "error": report.failed[found.id]}
    return {"line": line, "status": "stored" if found.id in report.added else "skipped", "id": found.id}


def _report_json(items: list[Item], report: PipelineReport) -> dict[str, object]:
    results = [_item_result(line, found, report) for line, found in items]
    return {"added": report.added, "skipped": report.skipped,
            "failed": [result["error"] for result in results if result["status"] == "failed"], "items": results,
            "triples": report.triples, "events": report.events, "actors": report.actors, "places": report.places,
            "links": report.links}


@router.post(
    "",
    status_code=201,
    response_model=IngestReport,
    summary="Add articles (needs the bearer token)",
    description="Runs the pipeline over the articles in the body and adds them to the store. Body: plain text "
    "(a first line `date YYYY-MM-DD`, or `?date=`), an HTML page, JSON Lines (one object per line with `text` "
    "and `date`, `id`, `title`, `source`, `url`), or JSON (one such object or an array of them); `?format=` "
    "overrides the Content-Type. Articles already in the store are skipped unless `replace=true`. Answers 201 "
    "when something was added, 200 when everything was already there; `items` says what became of each. "
    "In JSON Lines and JSON arrays each good item is stored in a transaction of its own: when some items are "
    "bad (not JSON, no text, an invalid date) and others are stored or were already there, the answer is 207 "
    "Multi-Status listing each item as stored, skipped or failed with its reason; when no item is good, 400 "
    "names the first bad line and nothing is stored. With `strict=true` the request is all or nothing: one "
    "transaction, and one bad item is a 400 that stores nothing. Other bad input (binary, empty, an unknown "
    "format) is a 4xx and changes nothing.",
    dependencies=[WriterDep],
    responses={201: {"description": "Articles added", "content": {"application/json": {"example": REPORT_EXAMPLE}}},
               200: {"model": IngestReport, "description": "Nothing new: every article was already in the store"},
               207: {"model": IngestReport, "description": "Multi-Status: some items of a JSON Lines or JSON array "
                     "body were stored (or already there) and some failed; `items` gives each one's status and "
                     "the reason of each failure",
                     "content": {"application/json": {"example": MULTI_STATUS_EXAMPLE}}},
               **error_responses(400, 401, 403, 413, 415, 422, 503)},
    openapi_extra={"requestBody": POST_BODY},
)
async def post_articles(
    request: Request,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[Literal["text", "html", "jsonl", "json"] | None, Query(
        description="Format of the body; default: from the Content-Type", examples=["text"])] = None,
    date: Annotated[IsoDate | None, Query(description="Date of articles that carry none", examples=["2017-05-23"])] = None,
    title: Annotated[str | None, Query(max_length=500, description="Title of a plain-text article")] = None,
    url: Annotated[str | None, Query(max_length=2000, description="Where the article was published")] = None,
    replace: Annotated[bool, Query(description="Re-process articles already in the store")] = False,
    strict: Annotated[bool, Query(description="All or nothing: one transaction, and one bad item stores nothing "
                                  "(400)")] = False,
) -> dict[str, object]:
    content_type = media_type_of(request.headers.get("content-type"))
    kind = format or CONTENT_TYPES.get(content_type)
    if kind is None:
        raise ApiError(415, f"unsupported Content-Type {content_type or 'none'!r}: use text/plain, text/html, "
                       "application/x-ndjson or application/json (or ?format=)")
    body = await read_body(request, settings)
    try:
        items = read_items(body, kind, date=date, title=title, url=url)
    except IngestError as error:
        raise ApiError(400, _for_api(error)) from None
    articles = _refuse_bad_items(items, strict)
    try:
        report = await run_in_threadpool(_ingest, store, settings, request.app.state.ingest_lock, articles, replace,
                                         strict)
    except IngestError as error:
        raise ApiError(400, str(error)) from None
    if report.failed and not (report.added or report.skipped):
        raise StoreError(next(iter(report.failed.values())))
    result = _report_json(items, report)
    response.status_code = 207 if result["failed"] else 201 if report.added else 200
    return result
