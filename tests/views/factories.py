"""Graphs for the view tests and benchmarks/view_scale.py: small and hand-made, or big and news-like."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx

STRIKE_EVIDENCE = "A drone struck the fuel depot in Kherson early on 2 January, officials said."
CAUSAL_EVIDENCE = "The strike forced hundreds of residents to leave their homes."
EVENT_TYPES = ["DroneStrike", "Protest", "Election", "Ceasefire", "Arrest", "Flood", "Statement",
               "Killing", "Explosion", "Meeting"]
CITIES = [("Kyiv", 50.45, 30.52), ("Kherson", 46.64, 32.61), ("Beirut", 33.89, 35.50),
          ("Baghdad", 33.31, 44.36), ("Kerman", 30.28, 57.08), ("Gaza", 31.50, 34.47),
          ("Aleppo", 36.20, 37.16), ("Tehran", 35.69, 51.39), ("Sanaa", 15.37, 44.19),
          ("Khartoum", 15.50, 32.56), ("Kabul", 34.53, 69.17), ("Caracas", 10.49, -66.88),
          ("Bogota", 4.71, -74.07), ("Lagos", 6.52, 3.38), ("Manila", 14.60, 120.98)]


def make_graph(**strike_overrides) -> nx.MultiDiGraph:
    """Three events, two actors, two geocoded places, an article, a time; causal and temporal links."""
    g = nx.MultiDiGraph()
    strike = {
        "label": "Drone strike on Kherson depot", "kind": "event", "type": "DroneStrike",
        "date": "2024-01-02", "confidence": 0.91, "iri": "urn:ev:strike",
        "details": {"time": "2024-01-02", "evidence": [STRIKE_EVIDENCE],
                    "sources": ["https://news.example/kherson-1"], "mentions": ["drone struck"]},
    }
    strike.update(strike_overrides)
    g.add_node("ev:strike", **strike)
    g.add_node("ev:evacuation", label="Evacuation of Kherson residents", kind="event",
               type="Evacuation", date="2024-01-03", confidence=0.8,
               details={"evidence": [CAUSAL_EVIDENCE], "sources": ["Wire report, 3 Jan"]})
    g.add_node("ev:protest", label="Protest in Kyiv", kind="event", type="Protest",
               date="2024-01", confidence=0.5, details={})  # a month: an uncertain date
    g.add_node("ac:army", label="Russian armed forces", kind="actor", type="Organization")
    g.add_node("ac:residents", label="Kherson residents", kind="actor", type="Group")
    g.add_node("pl:kherson", label="Kherson", kind="place", type="City",
               details={"lat": "46.64", "long": "32.61"})
    g.add_node("pl:kyiv", label="Kyiv", kind="place", type="City", details={"lat": "50.45", "long": "30.52"})
    g.add_node("ar:1", label="Wire report, 2 Jan", kind="article", type="NewsArticle")
    g.add_node("tm:0102", label="2024-01-02", kind="time", type="Instant")
    g.add_edge("ev:strike", "ev:evacuation", kind="causal", label="causes",
               evidence=CAUSAL_EVIDENCE, confidence=0.75, cue="forced")
    g.add_edge("ev:evacuation", "ev:protest", kind="temporal", label="before", confidence=0.9)
    g.add_edge("ev:strike", "ac:army", kind="participation", label="agent")
    g.add_edge("ev:evacuation", "ac:residents", kind="participation", label="participant")
    g.add_edge("ev:strike", "pl:kherson", kind="location", label="place")
    g.add_edge("ev:evacuation", "pl:kherson", kind="location", label="place")
    g.add_edge("ev:protest", "pl:kyiv", kind="location", label="place")
    g.add_edge("ev:strike", "ar:1", kind="provenance", label="source")
    g.add_edge("ev:strike", "tm:0102", kind="temporal", label="at")
    return g


def news_graph(nodes: int = 5000, seed: int = 3) -> nx.MultiDiGraph:
    """A news-like graph of ``nodes`` nodes, as ``kg.query.analysis.view_graph`` would give.

    Two thirds events (dated over four years, a tenth of them only to a month or a year),
    the rest actors and places (geocoded); each event has an agent, often a target and a
    place; about one event in four has a causal and one in three a temporal link.
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    event_count = nodes * 2 // 3
    place_count = max(1, (nodes - event_count) // 4)
    actor_count = nodes - event_count - place_count
    places = [f"place/{i}" for i in range(place_count)]
    for i, node in enumerate(places):
        name, lat, lon = CITIES[i % len(CITIES)]
        g.add_node(node, kind="place", type="City", label=f"{name} {i}" if i >= len(CITIES) else name,
                   details={"lat": str(lat + rng.uniform(-3, 3)), "long": str(lon + rng.uniform(-3, 3))})
    actors = [f"actor/{i}" for i in range(actor_count)]
    for i, node in enumerate(actors):
        g.add_node(node, kind="actor", type="Organization", label=f"Actor {i}")
    start = dt.date(2020, 1, 1)
    events = [f"event/{i}" for i in range(event_count)]
    for i, node in enumerate(events):
        day = start + dt.timedelta(days=rng.randrange(4 * 365))
        roll = rng.random()
        date = day.isoformat() if roll > 0.1 else day.strftime("%Y-%m") if roll > 0.03 else str(day.year)
        kind = rng.choice(EVENT_TYPES)
        g.add_node(node, kind="event", type=kind, label=f"{kind} {i}", date=date,
                   confidence=round(rng.uniform(0.3, 1.0), 2), iri=f"https://w3id.org/newskg/id/{node}",
                   details={"time": date, "evidence": [f"Sentence that reports event {i}."],
                            "sources": [f"Article {rng.randrange(400)}"]})
        g.add_edge(node, rng.choice(actors), kind="participation", label="agent")
        if rng.random() < 0.5:
            g.add_edge(node, rng.choice(actors), kind="participation", label="target")
        g.add_edge(node, rng.choice(places), kind="location", label="place")
    for node in events:
        if rng.random() < 0.25:
            g.add_edge(node, rng.choice(events), kind="causal", label="causes", confidence=0.6,
                       evidence="Because of it, something else happened.", cue="because")
        if rng.random() < 0.33:
            g.add_edge(node, rng.choice(events), kind="temporal", label="before", confidence=0.8,
                       evidence="It happened before.", cue="before")
    return g
