"""From instances to RDF: one rdflib graph per article, under our ontology.

Every instance links to its mentions (``kgo:hasMention``: article, offsets, sentence), every
link and claim to its article and evidence, so each fact can be traced back to its words.
"""

from __future__ import annotations

import functools

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.model import TIME_SOURCES, Event, EventMention, Extraction, Relation, Resolution
from kg.nlp.timex import value_bounds
from kg.vocab import GEO, KGO, KGR, SCHEMA, bind_prefixes, load_ontology, strongest_factuality
from kg.steps import step
from kg.taxonomy import superclasses

# TimeML relation → (ontology property, swap source and target)
TEMPORAL_PROPERTIES = {
    "before": (KGO.before, False), "after": (KGO.before, True), "includes": (KGO.includes, False),
    "is_included": (KGO.includes, True), "simultaneous": (KGO.simultaneous, False), "overlaps": (KGO.overlaps, False),
}


ARTICLE_PREFIX = str(KGR["article/"])  # every article's IRI and named graph starts so


def article_iri(article_id: str) -> URIRef:
    return KGR[f"article/{article_id}"]


def instance_iri(key: str) -> URIRef:
    """``actor/iran`` → kgr:actor/iran (keys from the resolver carry their kind)."""
    return KGR[key]


def mention_iri(article_id: str, mention_id: str) -> URIRef:
    return KGR[f"mention/{article_id}/{mention_id}"]


def _double(value: float) -> Literal:
    return Literal(round(float(value), 4), datatype=XSD.double)


@step(requires=["events", "actors", "places", "instruments", "claims", "links.temporal", "links.causal"],
      assigns=["graph/article"])
def build_graph(resolution: Resolution) -> Graph:
    """The RDF of one resolved article (its named graph's content).

    One graph, no contexts: rdflib's plain triple store adds a third faster than its default
    context-aware one and iterates three times as fast (the store write reads every triple).
    """
    graph = bind_prefixes(Graph(store="SimpleMemory"))
    extraction = resolution.extraction
    _article(graph, extraction)
    _mentions(graph, resolution)
    _actors_and_places(graph, resolution)
    _events(graph, resolution)
    _instruments(graph, resolution)
    _links(graph, resolution)
    _claims(graph, resolution)
    return graph


def _article(graph: Graph, extraction: Extraction) -> None:
    article = extraction.article
    node = article_iri(article.id)
    graph.add((node, RDF.type, KGO.Article))
    graph.add((node, RDFS.label, Literal(article.title or article.id)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.date:
        graph.add((node, SCHEMA.datePublished, Literal(article.date.isoformat(), datatype=XSD.date)))
    if article.url:
        graph.add((node, SCHEMA.url, URIRef(article.url) if "://" in article.url else Literal(article.url)))
    if article.source:
        graph.add((node, KGO.publisher, Literal(article.source)))
    graph.add((node, KGO.articleText, Literal(article.text)))


def _mention(graph: Graph, extraction: Extraction, mention_id: str, start: int, end: int, sentence: int) -> URIRef:
    article = extraction.article
    node = mention_iri(article.id, mention_id)
    graph.add((node, RDF.type, KGO.Mention))
    graph.add((node, KGO.inArticle, article_iri(article.id)))
    graph.add((node, KGO.startOffset, Literal(start, datatype=XSD.integer)))
    graph.add((node, KGO.endOffset, Literal(end, datatype=XSD.integer)))
    graph.add((node, KGO.anchorText, Literal(article.text[start:end])))
    graph.add((node, KGO.sentenceIndex, Literal(sentence, datatype=XSD.integer)))
    graph.add((node, KGO.sentenceText, Literal(extraction.sentences[sentence].text.strip())))
    return node


def _mentions(graph: Graph, resolution: Resolution) -> None:
    extraction = resolution.extraction
    for mention in extraction.entities:
        if mention.id in resolution.mention_to_instance:
            _mention(graph, extraction, mention.id, mention.start, mention.end, mention.sentence)
    for mention in extraction.events:
        if mention.id in resolution.mention_to_instance:
            node = _mention(graph, extraction, mention.id, mention.start, mention.end, mention.sentence)
            graph.add((node, KGO.timemlClass, Literal(mention.cls)))
            graph.add((node, KGO.future, Literal(bool(getattr(mention, "future", False)))))
            graph.add((node, KGO.certainty, Literal(getattr(mention, "certainty", "") or "UNDERSPECIFIED")))
            graph.add((node, KGO.polarity, Literal(mention.polarity or "POS")))


def _actors_and_places(graph: Graph, resolution: Resolution) -> None:
    article_id = resolution.extraction.article.id
    for actor in resolution.actors.values():
        node = instance_iri(f"actor/{actor.key}")
        for cls in superclasses(actor.kind):
            graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(actor.name)))
        for alias in actor.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        for title in actor.titles:
            graph.add((node, KGO.title, Literal(title)))
        for mention in actor.mentions:
            graph.add((node, KGO.hasMention, mention_iri(article_id, mention)))
        if actor.merge_reason and actor.merge_reason != "same name":
            decision = KGR[f"merge/{article_id}/{actor.key}"]
            graph.add((decision, RDF.type, KGO.MergeDecision))
            graph.add((decision, KGO.mergeInto, node))
            graph.add((decision, KGO.mergeReason, Literal(actor.merge_reason)))
            graph.add((decision, KGO.mergeScore, _double(actor.merge_score)))
            graph.add((node, KGO.decision, decision))
            for mention in actor.mentions:
                graph.add((decision, KGO.mergedMention, mention_iri(article_id, mention)))
    for place in resolution.places.values():
        node = instance_iri(f"place/{place.key}")
        for cls in superclasses(place.kind) + (KGO.Place,):
            graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(place.name)))
        if place.lat is not None and place.lon is not None:
            graph.add((node, GEO.lat, _double(place.lat)))
            graph.add((node, GEO.long, _double(place.lon)))
        if place.geonames_id:
            graph.add((node, KGO.geonamesId, Literal(place.geonames_id, datatype=XSD.integer)))
        if place.country_code:
            graph.add((node, KGO.countryCode, Literal(place.country_code)))
        if place.within and place.within in resolution.places:
            graph.add((node, KGO.within, instance_iri(f"place/{place.within}")))
        for mention in place.mentions:
            graph.add((node, KGO.hasMention, mention_iri(article_id, mention)))


@functools.cache
def class_codes(cls: str) -> tuple[str, str]:
    """(CAMEO, PLOVER) codes of an event class, inherited from the nearest class that has one."""
    ontology = load_ontology()
    cameo = plover = ""
    for current in (KGO[cls], *superclasses(cls)):
        cameo = cameo or str(ontology.value(current, KGO.cameoCode) or "")
        plover = plover or str(ontology.value(current, KGO.ploverCode) or "")
    return cameo, plover


def _events(graph: Graph, resolution: Resolution) -> None:
    article = resolution.extraction.article
    article_id = article.id
    report_day = Literal(article.date.isoformat(), datatype=XSD.date) if article.date else None
    confidence_of = {m.id: m.confidence for m in resolution.extraction.events}
    mentions = {m.id: m for m in resolution.extraction.events}
    for event in resolution.events.values():
        node = instance_iri(f"event/{event.key}")
        for cls in dict.fromkeys(superclasses(event.type) + tuple(c for t in event.types for c in superclasses(t))):
            graph.add((node, RDF.type, cls))
        cameo, plover = class_codes(event.type)
        if cameo:
            graph.add((node, KGO.cameoCode, Literal(cameo)))
        if plover:
            graph.add((node, KGO.ploverCode, Literal(plover)))
        for key in event.instruments:
            graph.add((node, KGO.hasInstrument, instance_iri(key)))
        for mention in event.mentions:
            graph.add((mention_iri(article_id, mention), KGO.confidence, _double(confidence_of.get(mention, 0.5))))
        if event.merges:
            _event_decision(graph, article_id, event, node)
        if not event.shared:  # a shared event's label names its most specific type in any article: kg.derive.instances
            graph.add((node, RDFS.label, Literal(event.label)))
        graph.add((node, KGO.confidence, _double(event.confidence)))
        _event_time(graph, node, event, [mentions[m] for m in event.mentions if m in mentions])
        if report_day is not None:  # when this article reported it, whether or not its own time is known
            graph.add((node, KGO.reportedOn, report_day))
        for prop, keys in ((KGO.hasAgent, event.agents), (KGO.hasTarget, event.targets),
                           (KGO.hasParticipant, event.participants)):
            for key in keys:
                graph.add((node, prop, instance_iri(key)))
                graph.add((node, KGO.hasParticipant, instance_iri(key)))
        for key in event.places:
            graph.add((node, KGO.hasPlace, instance_iri(key)))
        for prop, value in ((KGO.killed, event.killed), (KGO.injured, event.injured)):
            # a shared event's toll is the latest claim of any article: the derived graph says it (kg.derive.instances)
            if value is not None and not event.shared:
                graph.add((node, prop, Literal(value, datatype=XSD.integer)))
        for mention in event.mentions:
            graph.add((node, KGO.hasMention, mention_iri(article_id, mention)))
        graph.add((node, KGO.factuality, Literal(factuality([mentions[m] for m in event.mentions if m in mentions]))))


def _event_time(graph: Graph, node: URIRef, event: Event, mentions: list[EventMention]) -> None:
    """The event's time value and the days it spans, or, with no time, the bound the article date gives
    (kgo:latest alone for what is reported done, kgo:earliest alone for what is planned), and how the
    article found it (kgo:timeSource)."""
    bounds = value_bounds(event.time) if event.time else None
    if event.time:
        graph.add((node, KGO.timeValue, Literal(event.time)))
    if bounds:
        graph.add((node, KGO.earliest, Literal(bounds[0].isoformat(), datatype=XSD.date)))
        graph.add((node, KGO.latest, Literal(bounds[1].isoformat(), datatype=XSD.date)))
        graph.add((node, KGO.timePrecision, Literal(bounds[2])))
        spans = [m.time_source for m in mentions if m.time_source and m.time
                 and (m.time == event.time or (value_bounds(m.time) or ())[:2] == bounds[:2])]
        # a time no mention gave came from a related event: the attack that did a killing, the toll's event
        source = min(spans, key=TIME_SOURCES.index) if spans else "inherited"
    elif event.time:
        return  # a value with no days ("PAST_REF"): no bound either
    else:
        latest = min((m.latest for m in mentions if m.latest), default="")
        # one report that it happened and one that it is planned: what happened is the stronger claim
        earliest = "" if latest else max((m.earliest for m in mentions if m.earliest), default="")
        if not latest and not earliest:
            return
        for prop, day in ((KGO.earliest, earliest), (KGO.latest, latest)):
            if day:
                graph.add((node, prop, Literal(day, datatype=XSD.date)))
        source = "report-bounds"
    graph.add((node, KGO.timeSource, Literal(source)))


#: how sure a sentence must be for its mention to assert an event
ASSERTING = {"CERTAIN", "PROBABLE", "UNDERSPECIFIED", ""}


def factuality(mentions) -> str:
    """What an article's mentions of one event say of it: asserted when any asserts it, else denied,
    planned or possible (a strike "set to" happen and one that "took place" is asserted)."""
    return strongest_factuality("denied" if m.polarity == "NEG" else "planned" if getattr(m, "future", False)
                                else "asserted" if getattr(m, "certainty", "") in ASSERTING else "possible"
                                for m in mentions)


def _event_decision(graph: Graph, article_id: str, event, node: URIRef) -> None:
    """Why this article's mentions are one event: the reasons and the lowest score of its joins."""
    decision = KGR[f"merge/{article_id}/event/{event.key}"]
    graph.add((decision, RDF.type, KGO.MergeDecision))
    graph.add((decision, KGO.mergeInto, node))
    graph.add((node, KGO.decision, decision))
    for reason in dict.fromkeys(reason for _, reason, _ in event.merges):
        graph.add((decision, KGO.mergeReason, Literal(reason)))
    graph.add((decision, KGO.mergeScore, _double(min(score for _, _, score in event.merges))))
    for mention, _, _ in event.merges:
        graph.add((decision, KGO.mergedMention, mention_iri(article_id, mention)))


def _instruments(graph: Graph, resolution: Resolution) -> None:
    article_id = resolution.extraction.article.id
    for instrument in resolution.instruments.values():
        node = instance_iri(f"instrument/{instrument.key}")
        graph.add((node, RDF.type, SCHEMA.Product))  # a weapon or device: no event, actor or place
        graph.add((node, RDFS.label, Literal(instrument.name)))
        for mention in instrument.mentions:
            graph.add((node, KGO.hasMention, mention_iri(article_id, mention)))


ORDER_OF = {"before": "before", "after": "after", "includes": "includes", "is_included": "is_included",
            "simultaneous": "simultaneous"}


def _contradicts_times(kind: str, source, target) -> bool:
    """Whether the events' (instance-level) times say the opposite of a temporal link between their mentions."""
    if kind not in ORDER_OF or source is None or target is None or not source.time or not target.time:
        return False
    from kg.nlp.links import compare_values

    actual = compare_values(source.time, target.time)
    if actual is None:
        return False
    # Only disjoint times refute a link: "2020-01-03" inside "2020" leaves either order possible,
    # and two events on one day may still follow each other.
    refuted_by = {"before": {"after"}, "after": {"before"}}
    return actual in refuted_by.get(kind, {"before", "after"})


def event_links(resolution: Resolution) -> list[tuple[Relation, str, str]]:
    """Relations between two different events of the graph, with their instance keys, deduplicated."""
    to_instance = resolution.mention_to_instance
    seen: dict[tuple[str, str, str], tuple[Relation, str, str]] = {}
    for relation in resolution.extraction.relations:
        source, target = to_instance.get(relation.source, ""), to_instance.get(relation.target, "")
        if not (source.startswith("event/") and target.startswith("event/")) or source == target:
            continue
        if _contradicts_times(relation.type, resolution.events.get(source[6:]), resolution.events.get(target[6:])):
            continue  # a link between two mentions that the merged events' own times refute
        key = (relation.type, source, target)
        rank = (not relation.inferred, relation.confidence)
        if key not in seen or (not seen[key][0].inferred, seen[key][0].confidence) < rank:
            seen[key] = (relation, source, target)
    return list(seen.values())


def _links(graph: Graph, resolution: Resolution) -> None:
    """The article's stated links as nodes with their evidence; the edges between events are derived
    across articles (:mod:`kg.derive.ordering`), where merged instances can be checked for contradictions."""
    article = resolution.extraction.article
    stated = [link for link in event_links(resolution) if not link[0].inferred]
    for n, (relation, source, target) in enumerate(stated, start=1):
        node = KGR[f"link/{article.id}/{n}"]
        graph.add((node, KGO.inArticle, article_iri(article.id)))
        graph.add((node, KGO.linkSource, instance_iri(source)))
        graph.add((node, KGO.linkTarget, instance_iri(target)))
        graph.add((node, KGO.evidence, Literal(relation.evidence.strip())))
        graph.add((node, KGO.confidence, _double(relation.confidence)))
        if relation.type == "causes":
            graph.add((node, RDF.type, KGO.CausalLink))
            if relation.cue:
                graph.add((node, KGO.cue, Literal(relation.cue)))
        else:
            graph.add((node, RDF.type, KGO.TemporalLink))
            graph.add((node, KGO.relationType, Literal(relation.type)))


STAGE_RANK = {"initial": 0, "": 1, "revised": 2}


def claim_rank(reported_at: str, stage: str, value: int) -> tuple:
    """Orders the claims of one event and property: later report, then "revised" over "initial", then the larger
    figure (tolls are revised upwards far more often than down, and a revision down says "revised")."""
    return (reported_at, STAGE_RANK.get(stage, 1), value)


def _claims(graph: Graph, resolution: Resolution) -> None:
    """Each figure as a kgo:Claim: its event, value, source and relay, report date, and the latest of each toll.

    A shared event (one that other articles report too) takes its toll and "latest" flag from
    the derived instances graph, which sees every article's claims (``kg.derive.instances``).
    """
    extraction = resolution.extraction
    article = extraction.article
    reported_at = article.date.isoformat() if article.date else ""
    actor_names = {name.lower(): key for key, actor in resolution.actors.items() for name in (actor.name, *actor.aliases)}
    latest: dict[tuple[str, str], tuple[tuple, URIRef]] = {}
    for claim in extraction.claims:
        event = resolution.mention_to_instance.get(claim.event, "")
        if not event.startswith("event/"):
            continue
        node = KGR[f"claim/{article.id}/{claim.id}"]
        graph.add((node, RDF.type, KGO.Claim))
        graph.add((node, KGO.about, instance_iri(event)))
        graph.add((node, KGO.claimProperty, Literal(claim.property)))
        graph.add((node, KGO.claimValue, Literal(claim.value, datatype=XSD.integer)))
        graph.add((node, KGO.inArticle, article_iri(article.id)))
        graph.add((node, KGO.evidence, Literal(claim.text.strip())))
        if claim.source:
            graph.add((node, KGO.reporterName, Literal(claim.source)))
            key = actor_names.get(claim.source.lower())
            if key is not None:
                graph.add((node, KGO.reportedBy, instance_iri(f"actor/{key}")))
        if claim.relay:
            graph.add((node, KGO.relayedBy, Literal(claim.relay)))
        if claim.stamp:
            graph.add((node, KGO.reportedAtText, Literal(claim.stamp)))
        if claim.stage:
            graph.add((node, KGO.claimStage, Literal(claim.stage)))
        if reported_at:
            graph.add((node, KGO.reportedAt, Literal(reported_at, datatype=XSD.date)))
        rank = claim_rank(reported_at, claim.stage, claim.value)
        slot = (event, claim.property)
        if slot not in latest or latest[slot][0] < rank:
            latest[slot] = (rank, node)
    shared = {f"event/{e.key}" for e in resolution.events.values() if e.shared}
    for (event, prop), (rank, node) in latest.items():
        if event in shared:
            continue
        graph.add((node, KGO.isLatest, Literal(True)))
        graph.set((instance_iri(event), KGO.killed if prop == "killed" else KGO.injured,
                   Literal(rank[2], datatype=XSD.integer)))
