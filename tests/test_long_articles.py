"""One long article costs linear time (issue #20): measured by counting work, never by the clock."""

import datetime as dt
import sys

import pytest

from kg.graph import build_graph
from kg.model import Article
from kg.nlp import pipeline
from kg.nlp.extract import extract_doc
from kg.nlp.pipeline import load_pipeline, parse, text_pieces
from kg.nlp.timeline import Timeline
from kg.resolve import resolve

# the team's own sentences about the Nepal earthquake of 25 April 2015: short, so that a text
# many windows long (60 sentences: kg.nlp.links.WINDOW, kg.resolve.MERGE_WINDOW) stays cheap to parse
PARAGRAPH = ("An earthquake struck Nepal on Saturday. It killed more than 8,000 people. The quake destroyed temples "
             "in Kathmandu. Avalanches hit Mount Everest after the quake. Rescuers searched the rubble on Sunday. "
             "India sent aircraft on April 26.\n\n")


def _calls(function) -> tuple[int, object]:
    """How many Python functions ``function`` runs in all, and its result: work that no machine's speed changes."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event == "call"

    sys.setprofile(profile)
    try:
        result = function()
    finally:
        sys.setprofile(None)
    return count, result


def _work(paragraphs: int) -> int:
    """Function calls to extract, resolve and build the graph of one article of ``paragraphs`` paragraphs."""
    article = Article("long", PARAGRAPH * paragraphs, dt.date(2015, 4, 27))
    doc = load_pipeline()(article.text)  # spaCy's parse is not counted: parse() keeps it linear (below)
    extracting, extraction = _calls(lambda: extract_doc(article, doc))
    resolving, resolution = _calls(lambda: resolve(extraction))
    building, _ = _calls(lambda: build_graph(resolution))
    return extracting + resolving + building


@pytest.mark.slow
def test_an_article_four_times_as_long_costs_about_four_times_the_work():
    # 288 and 1,152 sentences: the 60-sentence windows are mostly full in both (4.4 here); with the
    # whole-article closure, timex pairs and event comparisons of before, 16 against 64 paragraphs gave 42
    _work(1)  # warm the caches (gazetteer, ontology lineage), so that neither size pays for them
    small, large = _work(48), _work(192)
    assert large <= 5 * small, (small, large)


def test_a_long_text_is_parsed_in_pieces_that_join_back_into_it(monkeypatch):
    text = PARAGRAPH * 40
    pieces = text_pieces(text, size=2_000)
    assert "".join(pieces) == text and all(len(p) <= 2_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # cut where a paragraph ends
    assert text_pieces(PARAGRAPH) == [PARAGRAPH]
    nlp = load_pipeline()
    monkeypatch.setattr(pipeline, "PARSE_PIECE", 2_000)
    (doc, context), = parse(nlp, [(text, "ctx")])
    whole = nlp(text)
    assert doc.text == text and context == "ctx" and len(doc) == len(whole)
    assert [s.start for s in doc.sents] == [s.start for s in whole.sents]


def test_a_window_bounds_what_the_timeline_searches():
    chain = [f"e{n}" for n in range(10)]
    near = Timeline(window=3, positions={node: n for n, node in enumerate(chain)})
    whole = Timeline()
    for timeline in (near, whole):
        for first, second in zip(chain, chain[1:]):
            assert timeline.add(first, "BEFORE", second)
    assert near.relation("e0", "e3") == whole.relation("e0", "e3") == "before"
    assert near.relation("e0", "e5") is None and whole.relation("e0", "e5") == "before"
    assert not near.add("e3", "BEFORE", "e1")  # a contradiction inside the window is refused


def test_the_article_date_is_in_every_window():
    nodes = {f"e{n}": n for n in range(100)}
    timeline = Timeline(window=2, positions=nodes)
    for node, position in nodes.items():
        timeline.add(node, "BEFORE" if position < 50 else "AFTER", "dct")
    assert timeline.relation("e48", "e50") == "before"  # through the article date
    assert timeline.relation("e10", "e90") is None  # too far apart
    searches = timeline.searches
    assert timeline.implies("e48", "BEFORE", "e51") and timeline.searches == searches + 1
