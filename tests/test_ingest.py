"""Tests of kg.ingest: every format from small fixtures, expansion of paths, ids and bad input."""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

import pyoxigraph as ox

from kg.graph import article_iri, instance_iri, mention_iri
from kg.ingest import (IngestError, article_id, content_id, iri_safe, parse_feed, parse_html, parse_jsonl,
                       parse_text, parse_timeml, read_articles, timeml_annotations)

DATA = Path(__file__).parent / "data" / "ingest"
REPO = Path(__file__).parents[1]
SHARED = Path(__file__).parents[2] / "shared"
TIMEBANK = SHARED / "eval" / "tempeval3-tbaq" / "TimeBank"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file under ``folder`` with ``content``; bytes are written as they are."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text ---------------------------------------------------------------------


def test_text_date_line_sets_date_and_the_rest_of_the_line_is_text():
    [article] = read_articles([DATA / "dated.txt"])
    assert article.date == dt.date(2021, 3, 23)
    assert article.text.startswith("Update (1400 GMT): A container ship ran aground")
    assert "\n\nTugboats were sent" in article.text
    assert article.title == ("Update (1400 GMT): A container ship ran aground in the Suez Canal "
                             "this morning, the canal authority said.")
    assert article.format == "text" and article.path.endswith("dated.txt")
    assert article.source == ""


def test_text_without_date_line_takes_the_given_date():
    [article] = read_articles([DATA / "undated.txt"], date=dt.date(2023, 2, 7))
    assert article.date == dt.date(2023, 2, 7)
    assert article.text == (DATA / "undated.txt").read_text(encoding="utf-8")


def test_text_without_any_date_is_refused_with_advice():
    with pytest.raises(IngestError, match=r"undated\.txt: no date: add a first line 'date YYYY-MM-DD' \(or only 'YYYY-MM-DD'\) or pass --date"):
        list(read_articles([DATA / "undated.txt"]))


def test_title_is_the_first_sentence_cut_near_120_characters():
    article = parse_text("word " * 60 + ". Second sentence.", date=dt.date(2024, 1, 1))
    assert len(article.title) <= 121 and article.title.endswith("…")
    assert parse_text("Short one. Two.", date=dt.date(2024, 1, 1)).title == "Short one."
    assert parse_text("x", date=dt.date(2024, 1, 1), title="Given").title == "Given"


@pytest.mark.parametrize("first_line", ["2023-07-08", "2023-07-08T09:30Z  ", "Date: 2023-07-08", "DATE 2023-07-08"])
def test_a_first_line_holding_only_a_date_or_date_colon_dates_the_text(first_line):
    separator = " " if first_line.lower().startswith("date") else "\n"
    article = parse_text(f"{first_line}{separator}Three trains collided on Friday.")
    assert article.date == dt.date(2023, 7, 8)
    assert article.text == "Three trains collided on Friday."


def test_a_date_that_begins_a_sentence_is_text():
    article = parse_text("2023-07-08 was a Saturday.", date=dt.date(2024, 1, 1))
    assert article.date == dt.date(2024, 1, 1) and article.text == "2023-07-08 was a Saturday."
    with pytest.raises(IngestError, match="invalid date '2023-13-08'"):
        parse_text("2023-13-08\nText.")


@pytest.mark.parametrize(("text", "date"), [
    ("Nordvik shares slump\n\nSTOCKHOLM, March 12, 2025 (Agency) - Shares of Nordvik fell.", dt.date(2025, 3, 12)),
    ("Oslo, 3 May 2024 — The storm closed the port.", dt.date(2024, 5, 3)),
    ("Kesto opens a plant\nTuesday, 9 June 2008\nKesto opened a plant on Monday.", dt.date(2008, 6, 9)),
])
def test_a_dateline_among_the_first_lines_dates_a_text_and_stays_in_it(text, date):
    article = parse_text(text, date=dt.date(2000, 1, 1))  # --date serves only texts that carry no date
    assert article.date == date and article.text == text


@pytest.mark.parametrize("text", [
    "LONDON (Agency) - Shares fell.",  # a wire dateline without a year
    "Kesto - the firm's chairman said on May 3, 2024 - will grow.",  # a dash inside a sentence
    "The talks opened.\nThey went on.\nAnd on.\nAnd on.\nJune 9, 2008",  # too far down to be a dateline
])
def test_what_is_no_dateline_with_a_year_leaves_the_given_date(text):
    assert parse_text(text, date=dt.date(2000, 1, 1)).date == dt.date(2000, 1, 1)


def test_a_text_that_starts_with_the_word_date_is_not_a_date_line():
    article = parse_text("date palms grew well this year.", date=dt.date(2024, 1, 1))
    assert article.text == "date palms grew well this year."


@pytest.mark.skipif(not (SHARED / "articles").is_dir(), reason="needs /work/shared/articles")
def test_reference_article():
    [article] = read_articles([SHARED / "articles" / "000_e877e397b5a75db6.txt"])
    assert article.date == dt.date(2024, 1, 3)
    assert article.text.startswith("Update(0845ET) : Iranian state media has confirmed")


# --- HTML, JSONL, feeds -------------------------------------------------------------------


def test_html_main_text_without_navigation_or_footer():
    [article] = read_articles([DATA / "page.html"])
    assert "Salvage crews refloated the stranded container ship" in article.text
    assert "Great Bitter Lake" in article.text
    for boilerplate in ("Sign in", "Markets", "All rights reserved", "newsletter"):
        assert boilerplate not in article.text
    assert article.date == dt.date(2021, 3, 29)
    assert article.title == "Canal reopens after giant ship is freed"
    assert article.source == "Harbour Gazette"
    assert article.format == "html"


def test_html_without_main_text_is_refused():
    with pytest.raises(IngestError, match="no main text"):
        parse_html("<html><body></body></html>", date=dt.date(2024, 1, 1), path="blank.html")


def test_jsonl_reads_each_line_and_keeps_a_given_id():
    first, second = read_articles([DATA / "two.jsonl"])
    assert first.id == "brexit-result"
    assert (first.title, first.source, first.url) == ("UK votes to leave the EU", "Example Wire",
                                                      "https://example.org/brexit")
    assert second.id == content_id(second.text, second.date)
    assert second.date == dt.date(2016, 6, 24)
    assert {first.format, second.format} == {"jsonl"}


def test_jsonl_malformed_line_is_named(tmp_path):
    good = (DATA / "two.jsonl").read_text(encoding="utf-8")
    path = write(tmp_path, "bad.jsonl", good + '{"text": "unterminated\n')
    articles = read_articles([path])
    assert len([next(articles), next(articles)]) == 2
    with pytest.raises(IngestError, match=r"bad\.jsonl: line 4: not valid JSON"):
        next(articles)


def test_jsonl_line_without_text_is_named():
    with pytest.raises(IngestError, match="line 1: expected an object with a 'text' string"):
        list(parse_jsonl('{"title": "no body"}', path="x.jsonl"))


def test_rss_file_gives_entries_with_local_publication_dates():
    first, second = read_articles([DATA / "news.rss"])
    assert first.text == ("A container ship ran aground in the canal on Tuesday, the canal "
                          "authority said.\n\nTraffic is blocked.")
    assert (first.title, first.source, first.url) == ("Ship runs aground in canal", "Example Wire",
                                                      "https://example.org/suez-1")
    assert first.date == dt.date(2021, 3, 23)
    assert second.date == dt.date(2021, 3, 29)  # 23:30 at -0500, the publisher's own day
    assert first.format == "feed" and first.path.endswith("news.rss")


def test_atom_file():
    [entry] = read_articles([DATA / "news.atom"])
    assert entry.text == "A magnitude 7.8 earthquake struck central Nepal on Saturday, the home ministry said."
    assert entry.date == dt.date(2015, 4, 26)
    assert entry.source == "Example Atom Wire"
    assert entry.url == "https://example.org/nepal-1"


def test_feed_sniffed_from_content_and_from_bytes(tmp_path):
    path = write(tmp_path, "feed-without-extension", (DATA / "news.rss").read_bytes())
    assert [a.title for a in read_articles([path])] == ["Ship runs aground in canal", "Ship refloated"]
    assert len(list(parse_feed((DATA / "news.atom").read_bytes()))) == 1


def test_unparsable_feed_is_refused(tmp_path):
    path = write(tmp_path, "broken.rss", "this is not a feed at all")
    with pytest.raises(IngestError, match=r"broken\.rss: not a readable RSS/Atom feed"):
        list(read_articles([path]))


@pytest.fixture
def local_feed_server():
    """An http.server on 127.0.0.1 (free port) serving the fixture folder; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DATA))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_rss_from_a_url(local_feed_server):
    url = f"{local_feed_server}/news.rss"
    articles = list(read_articles([url]))
    assert [a.url for a in articles] == ["https://example.org/suez-1", "https://example.org/suez-2"]
    assert articles[0].path == url and articles[0].format == "feed"


def test_url_errors_are_one_readable_line(local_feed_server):
    with pytest.raises(IngestError, match=r"missing\.rss: HTTP 404"):
        list(read_articles([f"{local_feed_server}/missing.rss"]))
    with pytest.raises(IngestError, match="not a readable RSS/Atom feed"):
        list(read_articles([f"{local_feed_server}/undated.txt"]))


def test_title_only_feed_entry_uses_its_title_as_text():
    feed = ('<rss version="2.0"><channel><title>Headlines</title><item><title>Quake hits Nepal</title>'
            '<pubDate>Sat, 25 Apr 2015 08:00:00 GMT</pubDate></item></channel></rss>')
    [entry] = parse_feed(feed)
    assert (entry.text, entry.source, entry.path) == ("Quake hits Nepal", "Headlines", "")


# --- TimeML ---------------------------------------------------------------------------------


def test_timeml_text_dct_and_spans():
    article, tags = timeml_annotations(DATA / "tiny.tml")
    assert article.id == "tiny" and article.format == "timeml"
    assert article.date == dt.date(2020, 1, 8)
    assert article.text == ('\nIran fired missiles at Ain al-Asad & Erbil early on Wednesday,\n'
                            'after the "strike" that killed a general.\n')
    spans = [(t["tag"], article.text[t["start"]:t["end"]], t["text"]) for t in tags if t["start"] is not None]
    assert spans == [("EVENT", "fired", "fired"), ("TIMEX3", "early on Wednesday", "early on Wednesday"),
                     ("SIGNAL", "after", "after"), ("EVENT", "killed", "killed")]
    assert tags[0]["attrs"] == {"eid": "e1", "class": "OCCURRENCE"}
    links = {t["tag"] for t in tags if t["start"] is None}
    assert links == {"TIMEX3", "MAKEINSTANCE", "TLINK"}  # the DCT and the links, without spans
    assert parse_timeml(DATA / "tiny.tml") == article


def test_timeml_without_dct_is_refused(tmp_path):
    path = write(tmp_path, "nodct.tml", "<TimeML><TEXT>It <EVENT eid='e1'>rained</EVENT>.</TEXT></TimeML>")
    with pytest.raises(IngestError, match=r"nodct\.tml: no <DCT>"):
        list(read_articles([path]))


def strip_timeml(raw: str) -> tuple[str, list[str]]:
    """Independent reference: the TEXT with tags cut out by regex, and each inline tag's text."""
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
    inline = re.finditer(r"<(EVENT|TIMEX3|SIGNAL)\b[^>]*>(.*?)</\1>", body, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body)), [html.unescape(m.group(2)) for m in inline]


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="needs the TempEval-3 TimeBank corpus in /work/shared")
def test_timeml_offsets_match_the_real_corpus():
    files = sorted(TIMEBANK.glob("*.tml"))[:12]
    assert files
    for path in files:
        article, tags = timeml_annotations(path)
        plain, inline = strip_timeml(path.read_text(encoding="utf-8"))
        assert article.text == plain, path.name
        spans = [t for t in tags if t["start"] is not None]
        assert [article.text[t["start"]:t["end"]] for t in spans] == inline, path.name
        assert article.id == path.stem and article.date is not None


# --- paths, ids and bad input ---------------------------------------------------------------


def test_folder_is_read_recursively_in_name_order(tmp_path):
    write(tmp_path, "b.txt", " date 2024-01-02 Second.")
    write(tmp_path, "sub/a.txt", " date 2024-01-01 First.")
    write(tmp_path, "sub/c.text", " date 2024-01-03 Third.")
    write(tmp_path, "notes.md", "not an article")
    assert [a.text for a in read_articles([tmp_path])] == ["First.", "Second.", "Third."]


def test_glob_pattern_and_mixed_formats(tmp_path):
    for name in ("dated.txt", "news.rss", "two.jsonl", "tiny.tml", "page.html"):
        shutil.copy(DATA / name, tmp_path / name)
    formats = [a.format for a in read_articles([str(tmp_path / "*.t*")])]
    assert formats == ["text", "timeml"]
    assert len(list(read_articles([tmp_path]))) == 7


def test_glob_without_matches_and_missing_file_are_refused(tmp_path):
    with pytest.raises(IngestError, match="no files match"):
        list(read_articles([str(tmp_path / "*.txt")]))
    with pytest.raises(IngestError, match="no such file"):
        list(read_articles([tmp_path / "absent.txt"]))


def test_forced_format(tmp_path):
    path = write(tmp_path, "story.dat", " date 2024-01-03 Forced text.")
    assert next(read_articles([path], format="text")).text == "Forced text."
    with pytest.raises(IngestError, match="unknown format 'pdf'"):
        list(read_articles([path], format="pdf"))


def test_ids_are_content_derived_and_stable(tmp_path):
    first = parse_text(" date 2024-01-03 Two  blasts\nhit Kerman.")
    again = next(read_articles([write(tmp_path, "copy.txt", " date 2024-01-03 Two blasts hit\n Kerman.")]))
    assert first.id == again.id == content_id("Two blasts hit Kerman.", dt.date(2024, 1, 3))
    assert re.fullmatch(r"[0-9a-f]{16}", first.id)
    assert content_id("Two blasts hit Kerman.", dt.date(2024, 1, 4)) != first.id
    assert content_id("Two blasts hit Kerman!", dt.date(2024, 1, 3)) != first.id
    assert content_id("caf\u00e9", None) == content_id("cafe\u0301", None)  # NFC


ODD_NAMES = ["US_stocks_see_9%_drop_before_making_recovery", "stocks fall 9%, again", 'the "strike" question',
             "who? when#where", "<b>bold</b>", "a%41", "Zürich–Genève ☃", "tab\there", "..", "%%%"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_any_name_gives_a_valid_article_iri_the_same_every_time(name):
    made = article_id(name)
    assert made == article_id(name) == article_id(made)  # stable, and an id is its own id
    for iri in (article_iri(made), mention_iri(made, "e1"), instance_iri(f"event/{made}-e1")):
        ox.NamedNode(str(iri))  # raises on what an IRI cannot hold
    assert made != name and made.strip("-")


def test_odd_names_give_distinct_ids_and_ordinary_ones_keep_theirs():
    assert len({article_id(name) for name in ODD_NAMES}) == len(ODD_NAMES)
    assert article_id("stocks fall 9%, again") != article_id("stocks fall 9%; again")
    ordinary = ["wsj_0006", "APW19980219.0476", "17654_Apple_announces_Mac_OS_X_Lion,_iOS_5,_and_iCloud",
                "café-crème", "5f0c1d2e3a4b5c6d", "a2"]
    assert [article_id(name) for name in ordinary] == ordinary


def test_ids_and_urls_from_json_lines_are_made_fit_for_iris():
    line = json.dumps({"id": "wire #7: 9% off?", "date": "2024-01-03", "text": "Stocks fell 9% in Tokyo.",
                       "url": 'https://example.org/markets/stocks fall 9%?q="x"#top#2'})
    article, = parse_jsonl(line)
    assert article.id == article_id("wire #7: 9% off?")
    assert article.url == "https://example.org/markets/stocks%20fall%209%25?q=%22x%22#top%232"
    ox.NamedNode(article.url)
    fine = "https://example.org/zürich/a,b?x=1#top"
    assert iri_safe(fine) == fine and iri_safe("example.org/a b") == "example.org/a b"  # no scheme: kept as text


def test_given_on_error_a_bad_file_line_or_entry_is_reported_and_the_rest_is_read(tmp_path):
    write(tmp_path, "a good one.txt", "date 2024-01-03\nTwo blasts hit Kerman.")
    write(tmp_path, "b.txt", b"\x00\x01binary")
    write(tmp_path, "c.jsonl", '{"date": "2024-01-04", "text": "Iran blamed Israel."}\n{broken\n'
                               '{"date": "2024-01-05", "text": "Crowds mourned in Kerman."}\n')
    write(tmp_path, "d.rss", '<rss version="2.0"><channel><title>Wire</title>'
                             '<item><title>Blasts in Kerman</title><pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate></item>'
                             '<item><link>https://example.org/empty</link><pubDate>Wed, 03 Jan 2024 11:00:00 GMT</pubDate>'
                             '</item></channel></rss>')
    errors: list[IngestError] = []
    found = list(read_articles([tmp_path, tmp_path / "missing.txt"], on_error=errors.append))
    assert [article.text for article in found] == ["Two blasts hit Kerman.", "Iran blamed Israel.",
                                                   "Crowds mourned in Kerman.", "Blasts in Kerman"]
    assert [str(error).split(": ", 1)[0] for error in errors] == [
        str(tmp_path / "b.txt"), str(tmp_path / "c.jsonl"), str(tmp_path / "d.rss"), str(tmp_path / "missing.txt")]
    assert "line 2: not valid JSON" in str(errors[1]) and "entry 2 (https://example.org/empty)" in str(errors[2])
    with pytest.raises(IngestError, match=r"b\.txt: binary file"):
        list(read_articles([tmp_path]))  # without on_error the first bad one stops the reading


def test_binary_file_is_refused(tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(IngestError, match=r"photo\.txt: binary file"):
        list(read_articles([path]))


def test_non_utf8_text_is_refused(tmp_path):
    path = write(tmp_path, "latin.txt", " date 2024-01-03 Caf\xe9".encode("latin-1"))
    with pytest.raises(IngestError, match="not UTF-8"):
        list(read_articles([path]))


@pytest.mark.parametrize("content", ["", "   \n\n"])
def test_empty_file_is_refused(tmp_path, content):
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(IngestError, match=r"empty\.txt: empty file"):
        list(read_articles([path]))


def test_date_line_without_text_is_refused():
    with pytest.raises(IngestError, match="empty text"):
        parse_text(" date 2024-01-03   \n", path="only-date.txt")


@pytest.mark.parametrize("bad", ["2024-13-45", "2024-02-30"])
def test_invalid_date_is_refused(tmp_path, bad):
    path = write(tmp_path, "bad-date.txt", f" date {bad} Something happened.")
    with pytest.raises(IngestError, match=rf"bad-date\.txt: invalid date '{bad}'"):
        list(read_articles([path]))
    with pytest.raises(IngestError, match="line 1: invalid date"):
        list(parse_jsonl(f'{{"text": "x", "date": "{bad}"}}'))


def test_error_messages_are_one_line(tmp_path):
    path = write(tmp_path, "bad.jsonl", "{oops\n")
    with pytest.raises(IngestError) as caught:
        list(read_articles([path]))
    assert "\n" not in str(caught.value)


# --- control characters ----------------------------------------------------------------------

HOSTILE = "Rockets\x1b[31m hit\x04 Erbil on\ufffe Monday\x7f, officials said. The attack damaged a base nearby."
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
HOSTILE_READERS = {
    "text": lambda: [parse_text(f"date 2024-01-15\n{HOSTILE}\x00", title="T\x1bitle", url="https://example.org/\x04a")],
    "html": lambda: [parse_html(f"<html><head><title>T\x1bitle</title><meta property='og:site_name' content='Wire\x04'>"
                                f"</head><body><article><p>{HOSTILE}</p><p>{HOSTILE}</p></article></body></html>",
                                date=dt.date(2024, 1, 15))],
    "jsonl": lambda: list(parse_jsonl(json.dumps({"id": "a\x04b", "title": "T\x1bitle", "source": "Wire\ufffe",
                                                  "url": "https://example.org/\x00a", "date": "2024-01-15",
                                                  "text": f"{HOSTILE}\ud800\uffff\x00"}))),
    "feed": lambda: list(parse_feed(f"<rss version='2.0'><channel><title>Wire\x04</title><item><title>T\x1bitle</title>"
                                    f"<link>https://example.org/\x1ba</link><pubDate>Mon, 15 Jan 2024 08:00:00 GMT"
                                    f"</pubDate><description>{HOSTILE}</description></item></channel></rss>".encode())),
}


@pytest.mark.parametrize("reader", sorted(HOSTILE_READERS))
def test_control_characters_are_cleaned_in_every_reader(reader):
    [article] = HOSTILE_READERS[reader]()
    for field in ("id", "title", "source", "url", "text"):
        assert not UNSAFE.search(getattr(article, field)), f"{field}: {getattr(article, field)!r}"
    assert "Erbil" in article.text and article.title == "Title" and "\x04" not in article.id


def test_control_characters_become_spaces_so_offsets_still_index_the_input():
    article = parse_text(f"date 2024-01-15\n{HOSTILE}")
    assert article.text == UNSAFE.sub(" ", HOSTILE) and len(article.text) == len(HOSTILE)
    assert parse_text(f"date 2024-01-15\nErbil\x1b", title="a\x04b").title == "ab"
    with pytest.raises(IngestError, match="empty text"):
        parse_text("date 2024-01-15\n\x1b\x00\x04")


# --- bundled examples ------------------------------------------------------------------------


def test_bundled_example_articles_parse_with_dates_and_reasonable_length():
    articles = list(read_articles([REPO / "examples" / "articles"]))
    assert len(articles) == 6
    for article in articles:
        assert article.date is not None and article.format == "text"
        assert 150 <= len(article.text.split()) <= 350, article.path
    assert len({a.id for a in articles}) == 6


def test_bundled_feed_and_jsonl_examples():
    assert len(list(read_articles([REPO / "examples" / "feeds" / "sample.rss"]))) == 2
    assert len(list(read_articles([REPO / "examples" / "sample.jsonl"]))) == 2
