"""The SHACL shapes accept a well-formed graph and each shape rejects its own failing example.

Failing examples live in ``tests/data/shapes/<ShapeName>-fails.ttl``; a header line
``# expect: kgo:path ...`` lists the paths whose violations the file must provoke, and every
violation in it must come from that one shape (so an example cannot pass by breaking another).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS

from kg.graph.shacl import ValidationResult, validate
from kg.vocab import GEO, KGO, KGR, KGS, SCHEMA, bind_prefixes, load_shapes

FAILING_DIR = Path(__file__).parent / "data" / "shapes"
FAILING_EXAMPLES = sorted(FAILING_DIR.glob("*-fails.ttl"))
TEXT = "A drone strike hit a convoy near the airport on Friday, killing 10 people, officials said. The group vowed revenge."


# --- factories --------------------------------------------------------------------


def make_article(g: Graph, article_id: str = "a1", text: str = TEXT) -> URIRef:
    article = KGR[f"article/{article_id}"]
    g.add((article, RDF.type, KGO.Article))
    g.add((article, DCTERMS.title, Literal("Strike near the airport")))
    g.add((article, SCHEMA.datePublished, Literal(dt.date(2024, 1, 3))))
    g.add((article, SCHEMA.url, URIRef(f"https://news.example/{article_id}")))
    g.add((article, KGO.articleText, Literal(text)))
    g.add((article, KGO.publisher, Literal("Example Wire")))
    return article


def make_mention(g: Graph, article: URIRef, anchor: str, mention_id: str | None = None, *, start: int | None = None, end: int | None = None) -> URIRef:
    """A mention of ``anchor``; offsets default to where it first occurs in the article text."""
    text = str(g.value(article, KGO.articleText) or "")
    start = text.index(anchor) if start is None else start
    end = start + len(anchor) if end is None else end
    mention = KGR[f"mention/{article.rsplit('/', 1)[-1]}/{mention_id or anchor.replace(' ', '-')}"]
    for p, o in ((RDF.type, KGO.Mention), (KGO.inArticle, article), (KGO.startOffset, Literal(start)),
                 (KGO.endOffset, Literal(end)), (KGO.anchorText, Literal(anchor)), (KGO.sentenceIndex, Literal(0))):
        g.add((mention, p, o))
    return mention


def make_instance(g: Graph, kind: str, key: str, label: str, *types: URIRef, mentions: tuple[URIRef, ...] = ()) -> URIRef:
    """An actor, place or event: ``kind`` is the IRI segment (actor, place, event)."""
    node = KGR[f"{kind}/{key}"]
    g.add((node, RDFS.label, Literal(label)))
    for cls in types:
        g.add((node, RDF.type, cls))
    for mention in mentions:
        g.add((node, KGO.hasMention, mention))
    return node


def make_link(g: Graph, cls: URIRef, n: int, source: URIRef, target: URIRef, evidence: str, **values: object) -> URIRef:
    link = KGR[f"link/a1/{n}"]
    g.add((link, RDF.type, cls))
    g.add((link, KGO.linkSource, source))
    g.add((link, KGO.linkTarget, target))
    g.add((link, KGO.evidence, Literal(evidence)))
    for name, value in values.items():
        g.add((link, KGO[name], Literal(value)))
    return link


def valid_graph() -> Graph:
    """One article: a drone strike by a country near a city, a vow of revenge, their links, a claim."""
    g = bind_prefixes(Graph())
    article = make_article(g)
    mention = functools.partial(make_mention, g, article)
    country = make_instance(g, "actor", "examplestan", "Examplestan", KGO.Country, mentions=(mention("officials"),))
    g.add((country, SKOS.altLabel, Literal("Republic of Examplestan")))
    group = make_instance(g, "actor", "the-group", "The group", KGO.Group, mentions=(mention("The group"),))
    city = make_instance(g, "place", "port-city", "Port City", KGO.City, mentions=(mention("airport"),))
    g.add((city, GEO.lat, Literal(10.5)))
    g.add((city, GEO.long, Literal(20.25)))
    g.add((city, KGO.countryCode, Literal("EX")))
    g.add((city, KGO.within, country))
    strike = make_instance(g, "event", "drone-strike", "drone strike near the airport", KGO.DroneStrike, mentions=(mention("drone strike"),))
    for p, o in ((KGO.hasAgent, country), (KGO.hasTarget, group), (KGO.hasPlace, city), (KGO.timeValue, Literal("2024-01-03")),
                 (KGO.earliest, Literal(dt.date(2024, 1, 3))), (KGO.latest, Literal(dt.date(2024, 1, 3))),
                 (KGO.timePrecision, Literal("day")), (KGO.confidence, Literal(0.9)), (KGO.killed, Literal(10))):
        g.add((strike, p, o))
    vow = make_instance(g, "event", "vow", "the group vowed revenge", KGO.Threat, mentions=(mention("vowed"),))
    g.add((vow, KGO.hasAgent, group))
    make_link(g, KGO.TemporalLink, 1, strike, vow, "The group vowed revenge.", relationType="before", confidence=0.8)
    make_link(g, KGO.CausalLink, 2, strike, vow, "The group vowed revenge.", cue="revenge", confidence=0.6)
    claim = KGR["claim/a1/c1"]
    for p, o in ((RDF.type, KGO.Claim), (KGO.about, strike), (KGO.claimProperty, Literal("killed")), (KGO.claimValue, Literal(10)),
                 (KGO.inArticle, article), (KGO.reportedAt, Literal(dt.date(2024, 1, 3))), (KGO.reporterName, Literal("officials")),
                 (KGO.reportedBy, country), (KGO.isLatest, Literal(True)), (KGO.evidence, Literal("killing 10 people, officials said"))):
        g.add((claim, p, o))
    decision = KGR["merge/a1/1"]
    for p, o in ((RDF.type, KGO.MergeDecision), (KGO.mergeInto, country), (KGO.mergedMention, KGR["mention/a1/officials"]),
                 (KGO.mergeReason, Literal("alias")), (KGO.mergeScore, Literal(0.95))):
        g.add((decision, p, o))
    return g


def expected_paths(path: Path) -> set[str]:
    """The ``# expect:`` header of a failing example, as CURIEs in our prefixes."""
    for line in path.read_text().splitlines():
        if line.startswith("# expect:"):
            return set(line.removeprefix("# expect:").split())
    raise AssertionError(f"{path.name} has no '# expect:' line")


# --- the valid graph --------------------------------------------------------------


def test_valid_graph_conforms():
    result = validate(valid_graph())
    assert isinstance(result, ValidationResult)
    assert result.conforms, "\n".join(result.results)
    assert result.results == ()


def test_valid_graph_conforms_with_rdfs_inference():
    result = validate(valid_graph(), inference="rdfs")
    assert result.conforms, "\n".join(result.results)


def test_dataset_is_validated_as_the_union_of_its_graphs():
    """Mentions in one named graph point to an article in another: only the union conforms."""
    data = Dataset()
    articles, rest = data.graph(KGR["graph/articles"]), data.graph(KGR["graph/extraction"])
    for triple in valid_graph():
        (articles if triple[0] == KGR["article/a1"] else rest).add(triple)
    assert validate(data).conforms
    assert not validate(rest).conforms


def test_validate_leaves_the_data_untouched():
    data = valid_graph()
    before = len(data)
    validate(data, inference="rdfs")
    assert len(data) == before


def test_subclass_types_reach_the_event_shape():
    """An event typed only kgo:DroneStrike is still held to kgs:EventShape."""
    g = valid_graph()
    g.remove((KGR["event/drone-strike"], RDFS.label, None))
    result = validate(g)
    assert not result.conforms
    assert [(v.focus, v.path, v.shape) for v in result.violations] == [("kgr:event/drone-strike", "rdfs:label", "kgs:EventShape")]
    assert result.results[0].startswith("kgr:event/drone-strike rdfs:label [kgs:EventShape]")


def test_an_event_with_a_bound_alone_conforms():
    """"The group vowed revenge" has no time of its own: kgo:latest alone, the day of the report, and how it was found."""
    g = valid_graph()
    vow = KGR["event/vow"]
    g.add((vow, KGO.latest, Literal(dt.date(2024, 1, 3))))
    g.add((vow, KGO.timeSource, Literal("report-bounds")))
    g.add((KGR["event/drone-strike"], KGO.timeSource, Literal("own")))
    assert validate(g).conforms


def test_mention_offsets_must_be_ordered():
    """The SPARQL constraint of kgs:MentionShape: start < end."""
    g = valid_graph()
    make_mention(g, KGR["article/a1"], "strike", "backwards", start=12, end=7)
    result = validate(g)
    assert [v.message for v in result.violations] == ["startOffset 12 is not before endOffset 7"]


def test_wrongly_typed_literals_are_reported():
    """Turtle's 10.5 is xsd:decimal, not the xsd:double the shapes ask for."""
    from rdflib.namespace import XSD  # imported here: pytest's module scan makes rdflib's XSD warn
    g = valid_graph()
    city = KGR["place/port-city"]
    g.set((city, GEO.lat, Literal("10.5", datatype=XSD.decimal)))
    assert [v.path for v in validate(g).violations] == ["geo:lat"]


def test_a_few_thousand_triples_validate_quickly():
    g = valid_graph()
    article = KGR["article/a1"]
    for n in range(400):
        make_instance(g, "event", f"e{n}", f"event {n}", KGO.Attack, mentions=(make_mention(g, article, "strike", f"m{n}"),))
    assert len(g) > 3000
    started = time.perf_counter()
    assert validate(g).conforms
    assert time.perf_counter() - started < 10  # generous for a busy 2-core machine; typically ~1 s


# --- one failing example per shape -------------------------------------------------


@pytest.mark.parametrize("path", FAILING_EXAMPLES, ids=lambda p: p.stem)
def test_failing_example_violates_its_shape(path: Path):
    shape = "kgs:" + path.stem.removesuffix("-fails")
    graph = Graph().parse(path, format="turtle")
    result = validate(graph)
    assert not result.conforms
    assert {v.shape for v in result.violations} == {shape}, "\n".join(result.results)
    missing = expected_paths(path) - {v.path for v in result.violations}
    assert not missing, f"expected violations on {sorted(missing)}; got:\n" + "\n".join(result.results)
    assert all(shape in line for line in result.results)


def test_every_node_shape_has_a_failing_example():
    shapes = load_shapes()
    names = {str(s).removeprefix(str(KGS)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    examples = {p.stem.removesuffix("-fails") for p in FAILING_EXAMPLES}
    assert names - examples == set(), "node shapes without tests/data/shapes/<Shape>-fails.ttl"
    assert examples - names == set(), "failing examples for shapes that do not exist"


def test_every_shape_has_a_name_and_a_description():
    shapes = load_shapes()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    assert node_shapes and property_shapes
    for shape in node_shapes | property_shapes:
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, SH.description) is not None, shape
