"""Articles in: plain text, HTML, JSON Lines, RSS/Atom feeds and TimeML become ``Article`` records.

Every reader gives the text the later offsets index into, a date (the anchor for relative time
expressions) and a content-derived id, so re-ingesting the same article is idempotent.
Bad input raises ``IngestError`` with one line that names the file and says what to do; given
an ``on_error`` callback, the readers hand it each bad file, line or entry instead and go on.

Ids and URLs become IRIs: whatever a file name, JSON id or link holds (``%``, spaces, ``#``,
quotes), ``article_id`` and ``iri_safe`` give a valid IRI, the same at every ingest.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import quote

import feedparser
import lxml.html
import pyoxigraph as ox
import trafilatura
from dateutil import parser as dateutil_parser
from lxml import etree

from kg import datelines
from kg.model import Article

EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
              ".jsonl": "jsonl", ".ndjson": "jsonl", ".rss": "feed", ".atom": "feed",
              ".xml": "feed", ".tml": "timeml"}
FORMATS = frozenset(EXTENSIONS.values())
_DATE_LINE = re.compile(r"\s*date:?\s+(\d\S*)", re.IGNORECASE)
_BARE_DATE_LINE = re.compile(r"\s*(\d{4}-\d\d-\d\d(?:T[\d:.+Z-]*)?)[ \t]*(?:\r?\n|$)")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # what a date parameter or option must look like
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_NO_DEFAULT = dt.datetime(2000, 1, 1)  # "2024" alone must not borrow today's month and day
_NO_DATE = "no date: add a first line 'date YYYY-MM-DD' (or only 'YYYY-MM-DD') or pass --date"
#: control characters but tab, newline and carriage return, and what else XML 1.0 cannot carry: U+FFFE,
#: U+FFFF and lone surrogates (JSON's "\ud800" decodes to one)
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
#: the non-ASCII characters an IRI holds as written (RFC 3987 ``ucschar``)
_UCSCHAR = ("\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
            + "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xfffd)}" for plane in range(1, 14))
            + "\U000e1000-\U000efffd")
#: what an IRI path segment holds as written (RFC 3987 ``ipchar``), but '%', which must start an escape
_IRI_SEGMENT = re.compile(f"[A-Za-z0-9._~!$&'()*+,;=:@{_UCSCHAR}-]+")
_LONE_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
OnError = Callable[["IngestError"], None]


class IngestError(ValueError):
    """Input that cannot become an article; the message is one line naming the input."""


def content_id(text: str, date: dt.date | None) -> str:
    """Stable id from content: the same words on the same day give the same id, whatever the spacing."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    day = date.isoformat() if date else ""
    return hashlib.sha256(f"{canonical}\n{day}".encode()).hexdigest()[:16]


def article_id(name: str) -> str:
    """``name`` (a file name, a JSON id) as an article id, the last segment of the article's IRI.

    Kept as it is when an IRI can hold it as written, so ordinary names keep their ids; else a
    slug of it and a short hash of the whole (``9%_drop`` → ``9-_drop-7d213b74``): valid in an
    IRI and a URL path, and the same at every ingest.
    """
    if _IRI_SEGMENT.fullmatch(name) and name.strip("."):
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    stem = re.sub(r"[^\w.-]+", "-", name).strip("-.")
    return f"{stem}-{digest}" if stem else digest


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def iri_safe(url: str) -> str:
    """A URL as a valid IRI: as given when it is one (or has no scheme, and is kept as text), else
    with what an IRI cannot hold percent-encoded (``…/a b#x#y`` → ``…/a%20b#x%23y``)."""
    if "://" not in url or _is_iri(url):
        return url
    head, mark, fragment = url.partition("#")
    safe = "/?:@!$&'()*+,;=~%"
    fixed = quote(_LONE_PERCENT.sub("%25", head), safe=safe + "#[]") + mark + quote(
        _LONE_PERCENT.sub("%25", fragment), safe=safe)
    return fixed if _is_iri(fixed) else quote(url, safe="")  # no longer a URL: kept as text


def parse_date(value: object, where: str) -> dt.date:
    """A date from an ISO string, a datetime or a free-form string ("Wed, 03 Jan 2024 08:45 GMT").

    Keeps the publisher's local calendar day: converting to UTC could move it to another day.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dateutil_parser.parse(text, default=_NO_DEFAULT, ignoretz=True).date()
    except (ValueError, OverflowError):
        raise IngestError(f"{where}: invalid date {text!r}: expected YYYY-MM-DD") from None


def make_title(text: str, limit: int = 120) -> str:
    """The first sentence of the first line, cut at a word boundary near ``limit`` characters."""
    line = text.strip().split("\n", 1)[0].strip()
    sentence = _SENTENCE_END.split(line, 1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def clean_text(text: str, replacement: str = "") -> str:
    """``text`` with each character of ``_UNSAFE`` replaced by ``replacement`` (dropped by default)."""
    return _UNSAFE.sub(replacement, text)


def _article(text: str, date: dt.date | None, where: str, **fields: str) -> Article:
    """Checks what every reader must give (text, date), cleans it and fills in the id and title.

    Each control character of the text becomes a space, so offsets still index the input as
    written; in the other fields they are dropped. A given id and URL are made fit for an IRI.
    """
    text = clean_text(text, " ")
    fields = {name: value if name == "path" else clean_text(value) for name, value in fields.items()}
    if not text.strip():
        raise IngestError(f"{where}: empty text: nothing to ingest")
    if date is None:
        raise IngestError(f"{where}: {_NO_DATE}")
    fields["title"] = fields.get("title") or make_title(text)
    fields["id"] = article_id(fields["id"]) if fields.get("id") else content_id(text, date)
    if fields.get("url"):
        fields["url"] = iri_safe(fields["url"])
    return Article(text=text, date=date, **fields)


def parse_text(text: str, *, date: dt.date | None = None, title: str = "", source: str = "",
               url: str = "", path: str = "") -> Article:
    """Plain text; a first line ``date YYYY-MM-DD …`` dates it and the rest of that line is text.

    ``Date: YYYY-MM-DD`` and a first line holding only an ISO date (or date and time) date it too, and so
    does a dateline among the story's first lines, which stays in the text: a line holding only a date
    ("June 9, 2008" under the headline) or a wire dateline with a year ("OSLO, May 3, 2025 (Agency) -").

    ``date`` serves when the text has neither. Only the leading whitespace of the whole
    text is stripped, so offsets into ``Article.text`` match the file after the date token.
    """
    where = path or url or "text"
    match = _DATE_LINE.match(text) or _BARE_DATE_LINE.match(text)
    if match:
        date = parse_date(match.group(1), where)
        text = text[match.end():]
    elif found := datelines.dateline_date(text):
        date = found
    return _article(text.lstrip(), date, where, title=title, source=source, url=url,
                    path=path, format="text")


def parse_html(html: str | bytes, *, date: dt.date | None = None, url: str = "",
               path: str = "") -> Article:
    """The main text of a web page (navigation, footers and comments dropped) and its metadata."""
    where = path or url or "html"
    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True,
                                      include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise IngestError(f"{where}: no main text found in the HTML")
    found = parse_date(doc.date, where) if doc.date else None
    return _article(doc.text, found or date, where, title=doc.title or "",
                    source=doc.sitename or "", url=url or doc.url or "", path=path,
                    format="html")


def _attempt(build: Callable[[], Article], on_error: OnError | None) -> Article | None:
    """``build()``; on ``IngestError``, None after handing the error to ``on_error`` (raised without one)."""
    try:
        return build()
    except IngestError as error:
        if on_error is None:
            raise
        on_error(error)
        return None


def parse_jsonl(stream_or_text: str | IO[str] | Iterable[str], *, path: str = "",
                date: dt.date | None = None, on_error: OnError | None = None) -> Iterator[Article]:
    """One article per line: fields id, title, text, date, source, url; blank lines are skipped.

    A bad line raises ``IngestError`` naming its number, or goes to ``on_error`` and the others are read.
    """
    lines = io.StringIO(stream_or_text) if isinstance(stream_or_text, str) else stream_or_text
    for number, line in enumerate(lines, start=1):
        if line.strip():
            where = f"{path or 'jsonl'}: line {number}"
            article = _attempt(lambda: jsonl_article(line, where, path=path, date=date), on_error)
            if article is not None:
                yield article


def jsonl_article(line: str, where: str, *, path: str = "", date: dt.date | None = None) -> Article:
    """The article of one JSON Lines record; ``where`` names it in errors (``file: line 3``)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise IngestError(f"{where}: expected an object with a 'text' string")
    found = parse_date(record["date"], where) if record.get("date") else None
    return _article(record["text"], found or date, where, id=str(record.get("id") or ""),
                    title=str(record.get("title") or ""), source=str(record.get("source") or ""),
                    url=str(record.get("url") or ""), path=path, format="jsonl")


def _fragment_text(html: str) -> str:
    """Text of a small HTML fragment (a feed summary), one paragraph per block element."""
    try:  # lxml refuses control characters: clean them first
        root = lxml.html.fragment_fromstring(clean_text(html, " "), create_parent="div")
    except etree.ParserError:  # an empty or comment-only fragment
        return ""
    for element in root.iter("p", "br", "li", "div", "h1", "h2", "h3", "h4", "blockquote"):
        element.tail = "\n\n" + (element.tail or "")
    return re.sub(r"\n\s*\n\s*", "\n\n", root.text_content()).strip()


def parse_feed(path_or_url_or_bytes: str | Path | bytes, *, date: dt.date | None = None,
               on_error: OnError | None = None) -> Iterator[Article]:
    """The entries of an RSS or Atom feed read from a file, an http(s) URL or the bytes of one.

    A title-only entry (a headline feed) becomes an article whose text is its title. A bad entry
    raises ``IngestError`` naming its number and link, or goes to ``on_error`` and the others are read.
    """
    source = path_or_url_or_bytes
    where = "feed" if isinstance(source, bytes) or str(source).lstrip().startswith("<") else str(source)
    if isinstance(source, str) and where == "feed":
        source = source.encode()
    elif not isinstance(source, bytes):
        source = _fetch(where) if _is_url(where) else _read_bytes(Path(where))
    parsed = feedparser.parse(source)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise IngestError(f"{where}: not a readable RSS/Atom feed ({reason})")
    publisher = parsed.feed.get("title", "")
    for number, entry in enumerate(parsed.entries, start=1):
        link = f" ({entry['link']})" if entry.get("link") else ""
        article = _attempt(lambda: _entry_article(entry, f"{where}: entry {number}{link}", publisher,
                                                  "" if where == "feed" else where, date), on_error)
        if article is not None:
            yield article


def _entry_article(entry: dict, name: str, publisher: str, path: str, date: dt.date | None) -> Article:
    body = entry.content[0].value if entry.get("content") else entry.get("summary", "")
    stamp = entry.get("published") or entry.get("updated")
    found = parse_date(stamp, name) if stamp else None
    return _article(_fragment_text(body) or entry.get("title", ""), found or date, name,
                    title=entry.get("title", ""), source=publisher, url=entry.get("link", ""),
                    path=path, format="feed")


def _fetch(url: str, timeout: float = 30.0) -> bytes:
    """The body at ``url``; a dead server or an HTTP error becomes one readable line."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise IngestError(f"{url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise IngestError(f"{url}: cannot fetch ({getattr(error, 'reason', error)})") from None


def timeml_annotations(path: str | Path) -> tuple[Article, list[dict]]:
    """A TimeML file as an article plus its tags: ``{tag, start, end, text, attrs}``.

    ``Article.text`` is the content of ``<TEXT>`` with the tags removed and nothing else
    changed, so ``text[start:end]`` is each EVENT/TIMEX3/SIGNAL's own text. The DCT TIMEX3 and
    the link tags (MAKEINSTANCE, TLINK, SLINK, ALINK) follow with ``start = end = None``.
    """
    path = Path(path)
    try:
        root = etree.fromstring(_read_bytes(path))
    except etree.XMLSyntaxError as error:
        raise IngestError(f"{path}: not well-formed TimeML XML ({error})") from None
    body = root.find("TEXT")
    if body is None:
        raise IngestError(f"{path}: no <TEXT> element: not a TimeML file")
    parts: list[str] = [body.text or ""]
    tags: list[dict] = []
    _collect_spans(body, parts, tags, len(parts[0]))
    text = "".join(parts)
    for tag in tags:
        tag["text"] = text[tag["start"]:tag["end"]]
    tags.sort(key=lambda tag: (tag["start"], -tag["end"]))
    dct = root.find("DCT/TIMEX3")
    if dct is None:
        raise IngestError(f"{path}: no <DCT><TIMEX3 value=…>: TimeML needs its creation time")
    date = parse_date(dct.get("value", "")[:10], str(path))
    extras = [dct] + [el for el in root if el.tag in ("MAKEINSTANCE", "TLINK", "SLINK", "ALINK")]
    tags += [{"tag": el.tag, "start": None, "end": None, "text": "".join(el.itertext()),
              "attrs": dict(el.attrib)} for el in extras]
    name = path.name.removesuffix(".tml")
    article = _article(text, date, str(path), id=name, path=str(path), format="timeml")
    return article, tags


def _collect_spans(parent: etree._Element, parts: list[str], tags: list[dict], offset: int) -> int:
    """Appends the text under ``parent`` to ``parts`` and a span per tag; returns the new offset."""
    for child in parent:
        if isinstance(child.tag, str):  # comments and processing instructions carry no text
            start = offset
            parts.append(child.text or "")
            offset = _collect_spans(child, parts, tags, offset + len(parts[-1]))
            tags.append({"tag": child.tag, "start": start, "end": offset, "text": "",
                         "attrs": dict(child.attrib)})
        parts.append(child.tail or "")
        offset += len(parts[-1])
    return offset


def parse_timeml(path: str | Path) -> Article:
    """A TimeML file as an article dated by its DCT; its id is the file name without ``.tml``."""
    return timeml_annotations(path)[0]


def read_articles(paths: Iterable[str | Path], date: dt.date | None = None,
                  format: str | None = None, on_error: OnError | None = None) -> Iterator[Article]:
    """Articles from files, folders (recursively), glob patterns and feed URLs, in order.

    The format comes from ``format``, else the extension, else the content; ``date`` serves
    for articles that carry none. The first bad file, line or entry raises ``IngestError``;
    given ``on_error``, each goes to it instead and the others are read.
    """
    if format is not None and format not in FORMATS:
        raise IngestError(f"unknown format {format!r}: use one of {', '.join(sorted(FORMATS))}")
    for item in paths:
        yield from _tolerant(_read_item(item, date, format, on_error), on_error)


def _tolerant(articles: Iterator[Article], on_error: OnError | None) -> Iterator[Article]:
    """``articles`` until one raises ``IngestError``, which ends them: handed to ``on_error``, or raised."""
    try:
        yield from articles
    except IngestError as error:
        if on_error is None:
            raise
        on_error(error)


def _read_item(item: str | Path, date: dt.date | None, format: str | None,
               on_error: OnError | None) -> Iterator[Article]:
    """The articles of one argument: a feed URL, a file, a folder or a pattern."""
    if isinstance(item, str) and _is_url(item):
        if format not in (None, "feed"):
            raise IngestError(f"{item}: only RSS/Atom feeds can be read from a URL")
        yield from parse_feed(item, date=date, on_error=on_error)
        return
    for path in _expand(item):
        yield from _tolerant(_read_file(path, date, format, on_error), on_error)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _expand(item: str | Path) -> list[Path]:
    """A file as itself, a folder as its files with known extensions, a pattern as its matches."""
    path = Path(item)
    if path.is_dir():
        return sorted((p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS),
                      key=lambda p: (p.name, str(p)))
    if path.exists():
        return [path]
    if re.search(r"[*?[]", str(item)):
        matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True))
        files = [p for p in matches if p.is_file()]
        if files:
            return files
        raise IngestError(f"{item}: no files match this pattern")
    raise IngestError(f"{item}: no such file or folder")


def _read_bytes(path: Path) -> bytes:
    """The bytes of a file; binary content is refused here so every reader gets text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({error.strerror or error})") from None
    if b"\x00" in data[:8192]:
        raise IngestError(f"{path}: binary file, not an article: give .txt, .html, .jsonl, .rss or .tml")
    if not data.strip():
        raise IngestError(f"{path}: empty file: nothing to ingest")
    return data


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"{path}: not UTF-8 text (byte {error.start}): re-save it as UTF-8") from None


def sniff_format(path: Path, data: bytes) -> str:
    """The format of a file: by extension, or by its first bytes when the extension says nothing."""
    head = data[:2048].lstrip().lower()
    if path.suffix.lower() in EXTENSIONS and path.suffix.lower() != ".xml":
        return EXTENSIONS[path.suffix.lower()]
    if b"<timeml" in head:
        return "timeml"
    if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        raise IngestError(f"{path}: unknown XML format: pass --format")
    return "text"


def _read_file(path: Path, date: dt.date | None, format: str | None,
               on_error: OnError | None = None) -> Iterator[Article]:
    """The articles of one file, read with the reader of its format."""
    data = _read_bytes(path)
    kind = format or sniff_format(path, data)
    if kind == "feed":
        yield from parse_feed(path, date=date, on_error=on_error)
    elif kind == "timeml":
        yield parse_timeml(path)
    elif kind == "html":
        yield parse_html(data, date=date, path=str(path))
    elif kind == "jsonl":
        yield from parse_jsonl(io.StringIO(_decode(data, path)), path=str(path), date=date, on_error=on_error)
    else:
        yield parse_text(_decode(data, path), date=date, path=str(path))
