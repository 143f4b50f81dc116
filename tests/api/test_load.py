"""50 concurrent clients on 127.0.0.1 for a few seconds: reads and writes mixed, no error, no lost write."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from apitest import Server, build_store, running_server

CLIENTS = 50
SECONDS = 6.0
TOKEN = "load-token"
KGR = "https://w3id.org/newskg/id/"
PREFIXES = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
ARTICLES = [f"Protesters gathered in {city} on Monday after the attack in Kerman, police said."
            for city in ("Tehran", "Mashhad", "Isfahan")]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def load_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("load")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log") as server:
        yield server


def insert(key: str) -> str:
    return PREFIXES + f"""INSERT DATA {{ GRAPH <{KGR}article/{key}> {{
  <{KGR}event/{key}> a kgo:Event, kgo:Protest ; rdfs:label "Protest {key}" ;
    kgo:earliest "2024-02-01"^^xsd:date ; kgo:latest "2024-02-01"^^xsd:date . }} }}"""


async def client_loop(number: int, url: str, stop_at: float, written: list[str], posted: list[str],
                      statuses: Counter, errors: list[str]) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    reads = [("/events", {"limit": 5}), ("/sparql", {"query": PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?e a kgo:Event }"}),
             ("/stats", {}), ("/timeline", {"type": "Protest"}), ("/graph", {"node": "kerman-bombing"}),
             ("/actors", {"limit": 3}), ("/causes/kerman-bombing", {})]
    async with httpx.AsyncClient(base_url=url, timeout=120, trust_env=False) as client:
        step = 0
        if number < len(ARTICLES):  # a few clients also run the whole pipeline
            response = await client.post("/articles", content=ARTICLES[number], params={"date": "2024-02-05"},
                                         headers={"content-type": "text/plain", **auth})
            statuses[response.status_code] += 1
            if response.status_code == 201:
                posted.extend(response.json()["added"])
            else:
                errors.append(f"POST /articles: {response.status_code} {response.text[:200]}")
        while time.monotonic() < stop_at:
            step += 1
            try:
                if step % 3 == 0:
                    key = f"load-{number}-{step}"
                    response = await client.post("/sparql", content=insert(key),
                                                 headers={"content-type": "application/sparql-update", **auth})
                    if response.status_code == 204:
                        written.append(key)
                else:
                    path, params = reads[(number + step) % len(reads)]
                    response = await client.get(path, params=params)
            except httpx.HTTPError as error:
                errors.append(f"{type(error).__name__}: {error}")
                continue
            statuses[response.status_code] += 1
            if response.status_code >= 300:
                errors.append(f"{response.request.method} {response.request.url.path}: {response.status_code} "
                              f"{response.text[:200]}")


async def hammer(url: str) -> tuple[list[str], list[str], Counter, list[str]]:
    written: list[str] = []
    posted: list[str] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    stop_at = time.monotonic() + SECONDS
    await asyncio.gather(*(client_loop(n, url, stop_at, written, posted, statuses, errors) for n in range(CLIENTS)))
    return written, posted, statuses, errors


def test_fifty_concurrent_clients(load_server: Server) -> None:
    # a loop of its own in a thread: a browser test's Playwright may hold the main thread's loop
    with ThreadPoolExecutor(max_workers=1) as thread:
        written, posted, statuses, errors = thread.submit(asyncio.run, hammer(load_server.url)).result()
    assert errors == []
    assert sum(statuses.values()) >= 2 * CLIENTS and written, statuses  # every client got answers
    query = PREFIXES + f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?e a kgo:Protest }}
      FILTER(STRSTARTS(STR(?g), "{KGR}article/load-")) }}"""
    rows = load_server.client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert sorted(row["g"]["value"] for row in rows) == sorted(f"{KGR}article/{key}" for key in written)
    listed = {item["id"] for item in load_server.client.get("/articles", params={"limit": 1000}).json()["items"]}
    assert set(posted) <= listed and len(posted) == len(ARTICLES)
    stats = load_server.client.get("/stats").json()  # the cached counts followed every write
    count = PREFIXES + "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kgo:Event }"
    events = load_server.client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"]
    assert stats["events"] == int(events) >= 3 + len(written)
    assert stats["articles"] == 2 + len(posted)
