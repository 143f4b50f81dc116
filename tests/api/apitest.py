"""Helpers for the API tests: a small hand-written store and real uvicorn servers.

The servers run ``python -m uvicorn --factory api.main:create_app`` in a subprocess on
127.0.0.1 (settings from ``KG_*`` variables), exactly as a user would start one, and the tests
talk to them over HTTP with httpx, SPARQLWrapper and rdflib's SPARQLStore. ``serve`` runs an app
built in the test itself (a custom store or settings) with uvicorn in a thread.

A module of its own (not conftest.py, whose name several test folders share) so that test
modules can import it: ``from apitest import running_server``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import rdflib
import uvicorn
from rdflib import Literal, Namespace, URIRef
from rdflib import namespace as ns

from kg.store import Store

KGO = Namespace("https://w3id.org/newskg/ontology#")
KGR = Namespace("https://w3id.org/newskg/id/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-4f1c"


def _date(text: str) -> Literal:
    return Literal(text, datatype=ns.XSD.date)


def _event(g: rdflib.Graph, key: str, kinds: str, label: str, day: str, confidence: float) -> URIRef:
    """An event typed, as kg.graph does, with its class and every superclass up to kgo:Event."""
    event = KGR[f"event/{key}"]
    g.add((event, ns.RDF.type, KGO.Event))
    for kind in kinds.split():
        g.add((event, ns.RDF.type, KGO[kind]))
    g.add((event, ns.RDFS.label, Literal(label)))
    g.add((event, KGO.timeValue, Literal(day)))
    g.add((event, KGO.earliest, _date(day)))
    g.add((event, KGO.latest, _date(day)))
    g.add((event, KGO.confidence, Literal(confidence, datatype=ns.XSD.double)))
    return event


def _instance(g: rdflib.Graph, kind: str, key: str, label: str, *types: URIRef) -> URIRef:
    node = KGR[f"{kind}/{key}"]
    for type_ in types:
        g.add((node, ns.RDF.type, type_))
    g.add((node, ns.RDFS.label, Literal(label)))
    return node


def _place(g: rdflib.Graph, key: str, label: str, lat: float, long: float) -> URIRef:
    place = _instance(g, "place", key, label, KGO.Place, KGO.City)
    g.add((place, GEO.lat, Literal(lat, datatype=ns.XSD.double)))
    g.add((place, GEO.long, Literal(long, datatype=ns.XSD.double)))
    return place


def _article(g: rdflib.Graph, key: str, title: str, published: str) -> URIRef:
    article = KGR[f"article/{key}"]
    g.add((article, ns.RDF.type, KGO.Article))
    g.add((article, ns.DCTERMS.title, Literal(title)))
    g.add((article, SCHEMA.datePublished, _date(published)))
    return article


def _mention(g: rdflib.Graph, key: str, event: URIRef, article: URIRef, start: int, anchor: str, sentence: str) -> None:
    mention = KGR[f"mention/{key}"]
    g.add((event, KGO.hasMention, mention))
    g.add((mention, ns.RDF.type, KGO.Mention))
    g.add((mention, KGO.inArticle, article))
    g.add((mention, KGO.startOffset, Literal(start)))
    g.add((mention, KGO.endOffset, Literal(start + len(anchor))))
    g.add((mention, KGO.anchorText, Literal(anchor)))
    g.add((mention, KGO.sentenceText, Literal(sentence)))


def _link(g: rdflib.Graph, key: str, kind: URIRef, source: URIRef, target: URIRef, relation: str,
          evidence: str, cue: str, confidence: float) -> None:
    link = KGR[f"link/a2/{key}"]
    g.add((link, KGO.inArticle, KGR["article/a2"]))
    g.add((link, ns.RDF.type, kind))
    g.add((link, KGO.linkSource, source))
    g.add((link, KGO.linkTarget, target))
    g.add((link, KGO.relationType, Literal(relation)))
    g.add((link, KGO.evidence, Literal(evidence)))
    g.add((link, KGO.cue, Literal(cue)))
    g.add((link, KGO.confidence, Literal(confidence, datatype=ns.XSD.double)))


def example_graphs() -> dict[str, rdflib.Graph]:
    """Two articles, three events (Killing 2020, DroneStrike and Explosion 2024), one graph each."""
    a1, a2 = rdflib.Graph(), rdflib.Graph()
    article1 = _article(a1, "a1", "US strike kills Iranian general at Baghdad airport", "2020-01-03")
    killing = _event(a1, "soleimani-killing", "Killing", "Killing of Qasem Soleimani", "2020-01-03", 0.9)
    us = _instance(a1, "actor", "united-states", "United States", KGO.Actor)
    soleimani = _instance(a1, "actor", "qasem-soleimani", "Qasem Soleimani", KGO.Actor)
    a1.add((killing, KGO.hasAgent, us))
    a1.add((killing, KGO.hasTarget, soleimani))
    a1.add((killing, KGO.hasPlace, _place(a1, "baghdad", "Baghdad", 33.31, 44.36)))
    a1.add((killing, KGO.killed, Literal(10)))
    a1.add((killing, KGO.reportedOn, _date("2020-01-03")))
    _mention(a1, "a1-m1", killing, article1, 0, "killed",
             "A US drone strike killed Qasem Soleimani at Baghdad airport.")

    article2 = _article(a2, "a2", "Blasts hit Kerman memorial a day after Beirut strike", "2024-01-04")
    strike = _event(a2, "arouri-strike", "Attack Strike DroneStrike AirStrike", "Drone strike in Beirut", "2024-01-02", 0.7)
    a2.add((strike, KGO.hasAgent, _instance(a2, "actor", "israel", "Israel", KGO.Actor)))
    a2.add((strike, KGO.hasTarget, _instance(a2, "actor", "saleh-al-arouri", "Saleh al-Arouri", KGO.Actor)))
    a2.add((strike, KGO.hasPlace, _place(a2, "beirut", "Beirut", 33.89, 35.50)))
    explosion = _event(a2, "kerman-bombing", "Explosion", "Kerman bombings", "2024-01-03", 0.8)
    a2.add((explosion, KGO.hasAgent, _instance(a2, "actor", "isis-k", "ISIS-K", KGO.Actor)))
    a2.add((explosion, KGO.hasPlace, _place(a2, "kerman", "Kerman", 30.28, 57.08)))
    a2.add((explosion, KGO.killed, Literal(94)))
    a2.add((explosion, KGO.injured, Literal(284)))
    a2.add((killing, ns.RDF.type, KGO.Event))  # the second article mentions the 2020 killing too
    for event in (strike, explosion, killing):
        a2.add((event, KGO.reportedOn, _date("2024-01-04")))
    _mention(a2, "a2-m1", explosion, article2, 0, "Blasts",
             "Blasts hit a memorial for Qasem Soleimani in Kerman, a day after a drone strike in Beirut.")
    _mention(a2, "a2-m2", strike, article2, 74, "drone strike",
             "Blasts hit a memorial for Qasem Soleimani in Kerman, a day after a drone strike in Beirut.")
    _mention(a2, "a2-m3", killing, article2, 120, "killed",
             "Soleimani was killed in 2020.")
    claim = KGR["claim/a2/kerman-killed-103"]
    a2.add((claim, KGO.inArticle, article2))
    a2.add((claim, KGO.evidence, Literal("At least 103 people were killed, state media said.")))
    a2.add((claim, ns.RDF.type, KGO.Claim))
    a2.add((claim, KGO.about, explosion))
    a2.add((claim, KGO.claimProperty, Literal("killed")))
    a2.add((claim, KGO.claimValue, Literal(103)))
    a2.add((claim, KGO.reporterName, Literal("Iranian state media")))
    a2.add((claim, KGO.reportedAt, _date("2024-01-03")))
    _link(a2, "causal-1", KGO.CausalLink, killing, explosion, "enables",
          "Blasts hit a memorial for Qasem Soleimani in Kerman.", "memorial for", 0.6)
    _link(a2, "temporal-1", KGO.TemporalLink, killing, strike, "before", "Soleimani was killed in 2020.", "in", 0.9)
    _link(a2, "temporal-2", KGO.TemporalLink, strike, explosion, "before",
          "Blasts hit Kerman a day after a drone strike in Beirut.", "a day after", 0.8)
    return {str(article1): a1, str(article2): a2}


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.put_graphs(example_graphs())
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running API server: its base URL, an httpx client bound to it, its process and store."""

    url: str
    client: httpx.Client
    token: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)
    store: Path | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


@contextmanager
def running_server(store: Path, token: str, log: Path, **settings: str) -> Iterator[Server]:
    """``uvicorn --factory api.main:create_app`` on a free 127.0.0.1 port over ``store``, stopped on exit.

    ``settings`` become ``KG_*`` variables (``query_timeout="2"`` → ``KG_QUERY_TIMEOUT=2``).
    """
    port = free_port()
    env = {**os.environ, "KG_STORE": str(store), "KG_TOKEN": token, "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost", **{f"KG_{k.upper()}": str(v) for k, v in settings.items()}}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with open(log, "ab") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=url, timeout=60, trust_env=False)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if client.get("/sparql").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 30 s:\n{log.read_text()}")
            time.sleep(0.1)
        yield Server(url, client, token, process, store)
    finally:
        client.close()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def serve(app) -> Iterator[httpx.Client]:
    """Run ``app`` with a real uvicorn server in a thread on 127.0.0.1 (a free port), for apps built here."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20, trust_env=False) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=20)
