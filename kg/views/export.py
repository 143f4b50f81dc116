"""Exports: the extractors' JSON contract, RDF serialisations, networkx formats, CSV, HTML.

``kg extract --format json`` keeps a stable contract that external scorers rely on:
``{"articles": [{"id", "date", "title", "text", "timexes", "events", "entities", "relations"}]}``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator

import networkx as nx

from kg.query.analysis import to_networkx, view_graph
from kg.vocab import SPARQL_HEADER
from kg.ingest import clean_text
from kg.model import EventMention, Extraction, Resolution
from kg.nlp.timex import value_bounds
from kg.store import RDF_FORMATS, Store, StoreError

NETWORK_FORMATS = ("graphml", "gexf")
RDF_XML_FORMATS = ("xml", "rdfxml")
EXPORT_FORMATS = tuple(sorted(set(RDF_FORMATS) | set(NETWORK_FORMATS) | {"csv", "html"}))

EVENTS_TABLE = SPARQL_HEADER + """
SELECT ?event ?label ?time ?earliest ?latest ?confidence
       (GROUP_CONCAT(DISTINCT ?typeName; separator="|") AS ?types)
       (GROUP_CONCAT(DISTINCT ?placeName; separator="|") AS ?places)
       (GROUP_CONCAT(DISTINCT ?agentName; separator="|") AS ?agents)
       (GROUP_CONCAT(DISTINCT ?targetName; separator="|") AS ?targets) WHERE {
  ?event a kgo:Event ; rdfs:label ?label ; a ?type .
  BIND(STRAFTER(STR(?type), "#") AS ?typeName)
  OPTIONAL { ?event kgo:timeValue ?time }
  OPTIONAL { ?event kgo:earliest ?earliest ; kgo:latest ?latest }
  OPTIONAL { ?event kgo:confidence ?confidence }
  OPTIONAL { ?event kgo:hasPlace/rdfs:label ?placeName }
  OPTIONAL { ?event kgo:hasAgent/rdfs:label ?agentName }
  OPTIONAL { ?event kgo:hasTarget/rdfs:label ?targetName }
} GROUP BY ?event ?label ?time ?earliest ?latest ?confidence ORDER BY ?earliest ?event
"""


def extraction_json(extraction: Extraction, resolution: Resolution | None = None) -> dict:
    """One article's mentions in the ``kg extract`` contract (offsets index into ``text``)."""
    article = extraction.article
    instance_names = _instance_names(resolution) if resolution else {}
    entity_text = {e.id: e.text for e in extraction.entities}
    events = []
    for event in extraction.events:
        places = [a for a in event.args if a.role == "place"]
        events.append({
            "id": event.id, "start": event.start, "end": event.end, "text": event.text, "class": event.cls,
            "type": event.type, "time": event.time, "timex": event.timex, "time_source": event.time_source,
            **_event_bounds(event),
            "place": instance_names.get(places[0].entity, places[0].text) if places else "",
            "participants": [{"role": a.role, "entity": a.entity, "text": entity_text.get(a.entity, a.text),
                              "canonical": instance_names.get(a.entity, a.text)} for a in event.args],
            "confidence": event.confidence, "tense": event.tense, "polarity": event.polarity,
            "future": event.future, "certainty": event.certainty,
            "killed": event.killed, "injured": event.injured,
            "instance": resolution.mention_to_instance.get(event.id, "") if resolution else "",
        })
    return {
        "id": article.id, "date": article.date.isoformat() if article.date else None, "title": article.title,
        "source": article.source, "url": article.url, "text": article.text,
        "timexes": [{"id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                    for t in extraction.timexes],
        "events": events,
        "entities": [{"id": e.id, "start": e.start, "end": e.end, "text": e.text, "label": e.label,
                      "canonical": instance_names.get(e.id, e.text),
                      "instance": resolution.mention_to_instance.get(e.id, "") if resolution else ""}
                     for e in extraction.entities],
        "relations": [{"type": r.type, "source": r.source, "target": r.target, "evidence": r.evidence.strip(),
                       "confidence": r.confidence, "cue": r.cue} for r in extraction.relations],
        "claims": [{"id": c.id, "event": c.event, "property": c.property, "value": c.value, "source": c.source,
                    "start": c.start, "end": c.end} for c in extraction.claims],
    }


def _event_bounds(event: EventMention) -> dict[str, str]:
    """``earliest``/``latest`` (ISO days) of an event mention: its time's, else the bounds the article date gives."""
    bounds = value_bounds(event.time) if event.time else None
    if bounds:
        return {"earliest": bounds[0].isoformat(), "latest": bounds[1].isoformat()}
    return {"earliest": event.earliest, "latest": event.latest}


def _instance_names(resolution: Resolution) -> dict[str, str]:
    names = {}
    for mention_id, instance in resolution.mention_to_instance.items():
        kind, _, key = instance.partition("/")
        table = {"actor": resolution.actors, "place": resolution.places}.get(kind, {})
        if key in table:
            names[mention_id] = table[key].name
    return names


def events_csv(store: Store) -> bytes:
    """One row per event: time bounds, types, places, agents, targets."""
    rows = store.select(EVENTS_TABLE)
    buffer = io.StringIO()
    fields = ["event", "label", "time", "earliest", "latest", "confidence", "types", "places", "agents", "targets"]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _network_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML/GEXF need flat attributes: nested details become text."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for source, target, data in graph.edges(data=True):
        flat.add_edge(source, target, **{k: _flat(v) for k, v in data.items() if v is not None})
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(flat, buffer)
    return buffer.getvalue()


def _flat(value: object) -> str | int | float:
    """A GraphML/GEXF attribute value: numbers as they are, the rest as text XML can carry."""
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return clean_text(" | ".join(str(v) for v in value))
    return clean_text(str(value))


def xml_safe(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """UTF-8 XML chunks without the control characters XML 1.0 forbids (a store may hold some from
    before ingest cleaned text); a character split between two chunks is decoded whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in chunks:
        yield clean_text(decoder.decode(chunk)).encode()
    yield clean_text(decoder.decode(b"", final=True)).encode()


def export_bytes(store: Store, fmt: str) -> bytes:
    """The whole store in ``fmt``: an RDF syntax, graphml/gexf, csv (events) or html (the view)."""
    fmt = fmt.lower()
    if fmt in RDF_XML_FORMATS:
        return b"".join(xml_safe([store.dumps(fmt)]))
    if fmt in RDF_FORMATS:
        return store.dumps(fmt)
    if fmt in NETWORK_FORMATS:
        return _network_bytes(to_networkx(store), fmt)
    if fmt == "csv":
        return events_csv(store)
    if fmt == "html":
        from kg.views import render_html

        return render_html(view_graph(store), title="newskg: events, actors and places").encode("utf-8")
    raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
