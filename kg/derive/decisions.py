"""Analyst overrides: merge two instances the pipeline kept apart, or split mentions off one.

Each override is a ``kgo:MergeDecision`` (or ``kgo:SplitDecision``) in its own named graph,
``kgr:graph/decisions``, with who-why-when (reason, score 1.0, ``prov:generatedAtTime``),
and is carried out in the same transaction: a merge moves every statement about the
absorbed instance onto the surviving one in every article graph, so queries, exports and
the view see one instance; a split moves the chosen mentions (by default those the last
merge brought in) to an instance of their own. Merges are re-applied after every ingest
(``reapply``), so an article added later that names the absorbed instance follows the
analyst's decision.
"""

from __future__ import annotations

import datetime as dt
import uuid

from rdflib import Literal

from kg.store import QueryError, iri_term
from kg.vocab import KGO, KGR, SPARQL_HEADER

DECISIONS_GRAPH = str(KGR["graph/decisions"])
# single-valued facts of an event: the absorbed one's would clash with the survivor's (SHACL maxCount 1)
SINGLE_VALUED = ("http://www.w3.org/2000/01/rdf-schema#label", str(KGO.confidence), str(KGO.timeValue),
                 str(KGO.earliest), str(KGO.latest), str(KGO.timePrecision), str(KGO.killed), str(KGO.injured))


class DecisionError(ValueError):
    """An override names an instance the store does not hold, or one that cannot be split."""


def resolve_iri(reference: str) -> str:
    """``actor/iran`` or a full IRI → the full IRI; DecisionError when that is no IRI (it goes into SPARQL text)."""
    iri = reference if "://" in reference else str(KGR[reference.strip("/")])
    try:
        iri_term(iri)
    except QueryError:
        raise DecisionError(f"not a valid IRI: {reference!r}") from None
    return iri


def _exists(store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ <{iri}> a ?type }}"))


def _rewrite(source: str, target: str, graph_filter: str = "") -> str:
    """SPARQL that moves every statement about ``source`` onto ``target`` in the article graphs."""
    dropped = ", ".join(f"<{p}>" for p in SINGLE_VALUED)
    outside = f'FILTER(?g != <{DECISIONS_GRAPH}>{graph_filter})'
    return f"""
DELETE {{ GRAPH ?g {{ <{source}> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{target}> ?p ?o }} }}
WHERE {{ GRAPH ?g {{ <{source}> ?p ?o }} {outside}
         FILTER(!(STRSTARTS(STR(<{source}>), "{KGR}event/") && ?p IN ({dropped}))) }} ;
DELETE {{ GRAPH ?g {{ <{source}> ?p ?o }} }} WHERE {{ GRAPH ?g {{ <{source}> ?p ?o }} {outside} }} ;
DELETE {{ GRAPH ?g {{ ?s ?p <{source}> }} }} INSERT {{ GRAPH ?g {{ ?s ?p <{target}> }} }}
WHERE {{ GRAPH ?g {{ ?s ?p <{source}> }} {outside} }}"""


def merge(store, source: str, target: str, reason: str = "analyst override") -> str:
    """Absorb ``source`` into ``target`` (actors or events); returns the decision's IRI."""
    source, target = resolve_iri(source), resolve_iri(target)
    if source == target:
        raise DecisionError("an instance cannot be merged into itself")
    for iri in (source, target):
        if not _exists(store, iri):
            raise DecisionError(f"no instance {iri} in the store")
    mentions = [row["m"] for row in store.select(f"SELECT DISTINCT ?m WHERE {{ <{source}> <{KGO.hasMention}> ?m }}")]
    decision = str(KGR[f"decision/{uuid.uuid4().hex[:12]}"])
    merged = " ".join(f"<{decision}> kgo:mergedMention <{m}> ." for m in mentions)
    now = Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0)).n3()
    store.update(SPARQL_HEADER + f"""
INSERT DATA {{ GRAPH <{DECISIONS_GRAPH}> {{
  <{decision}> a kgo:MergeDecision ; kgo:mergeInto <{target}> ; kgo:mergedFrom <{source}> ;
    kgo:mergeReason {Literal(f"analyst: {reason}").n3()} ; kgo:mergeScore "1.0"^^xsd:double ;
    prov:generatedAtTime {now} . {merged} }} }} ;""" + _rewrite(source, target))
    return decision


def split(store, instance: str, mentions: list[str] | None = None, into: str | None = None,
          reason: str = "analyst override") -> str:
    """Move ``mentions`` of ``instance`` (default: those its last analyst merge brought in) to ``into``."""
    instance = resolve_iri(instance)
    if not _exists(store, instance):
        raise DecisionError(f"no instance {instance} in the store")
    source = None
    if not mentions:
        rows = store.select(SPARQL_HEADER + f"""SELECT ?d ?from ?m ?t WHERE {{ GRAPH <{DECISIONS_GRAPH}> {{
            ?d a kgo:MergeDecision ; kgo:mergeInto <{instance}> ; kgo:mergedFrom ?from ; prov:generatedAtTime ?t .
            FILTER NOT EXISTS {{ ?d a kgo:SplitDecision }} OPTIONAL {{ ?d kgo:mergedMention ?m }} }} }}""")
        if not rows:
            raise DecisionError(f"no analyst merge into {instance} to undo: name the mentions to split off")
        last = max(rows, key=lambda r: str(r["t"]))
        source = last["from"]
        mentions = [r["m"] for r in rows if r["d"] == last["d"] and r.get("m")]
    into = resolve_iri(into) if into else source or f"{instance}-split-{uuid.uuid4().hex[:6]}"
    decision = str(KGR[f"decision/{uuid.uuid4().hex[:12]}"])
    now = Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0)).n3()
    moved = " ".join(f"<{decision}> kgo:mergedMention <{resolve_iri(m)}> ." for m in mentions)
    values = " ".join(f"<{resolve_iri(m)}>" for m in mentions)
    store.update(SPARQL_HEADER + f"""
INSERT DATA {{ GRAPH <{DECISIONS_GRAPH}> {{
  <{decision}> a kgo:SplitDecision , kgo:MergeDecision ; kgo:mergeInto <{into}> ; kgo:mergedFrom <{instance}> ;
    kgo:mergeReason {Literal(f"analyst split: {reason}").n3()} ; kgo:mergeScore "1.0"^^xsd:double ;
    prov:generatedAtTime {now} . {moved} }} }} ;
DELETE {{ GRAPH ?g {{ <{instance}> kgo:hasMention ?m }} }} INSERT {{ GRAPH ?g {{ <{into}> kgo:hasMention ?m }} }}
WHERE {{ VALUES ?m {{ {values} }} GRAPH ?g {{ <{instance}> kgo:hasMention ?m }} }} ;
INSERT {{ GRAPH ?g {{ <{into}> a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?anchor }} }}
WHERE {{ VALUES ?m {{ {values} }} GRAPH ?g {{ <{into}> kgo:hasMention ?m . <{instance}> a ?type .
         ?m kgo:anchorText ?anchor . FILTER(!STRSTARTS(STR(<{into}>), "{KGR}event/")) }} }}""")
    return decision


def reapply(store, change=None) -> None:
    """Carry out every analyst merge again (articles ingested since may name the absorbed instance)."""
    rows = store.select(SPARQL_HEADER + f"""SELECT ?d ?from ?into ?t WHERE {{ GRAPH <{DECISIONS_GRAPH}> {{
        ?d a kgo:MergeDecision ; kgo:mergedFrom ?from ; kgo:mergeInto ?into ; prov:generatedAtTime ?t .
        FILTER NOT EXISTS {{ ?d a kgo:SplitDecision }} }} }}""")
    undone = {(r["from"], r["into"]) for r in store.select(SPARQL_HEADER + f"""SELECT ?from ?into WHERE {{
        GRAPH <{DECISIONS_GRAPH}> {{ ?d a kgo:SplitDecision ; kgo:mergedFrom ?into ; kgo:mergeInto ?from }} }}""")}
    for row in sorted(rows, key=lambda r: str(r["t"])):
        if (row["from"], row["into"]) in undone:
            continue
        if store.query(f"ASK {{ GRAPH ?g {{ <{row['from']}> ?p ?o }} FILTER(?g != <{DECISIONS_GRAPH}>) }}"):
            store.update(_rewrite(row["from"], row["into"]))
