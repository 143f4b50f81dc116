"""A realistic synthetic event graph of about N triples, as N-Quads, shaped like what ``kg.graph`` writes.

    .venv/bin/python benchmarks/synthetic.py --triples 1000000 --out /tmp/newskg-bench/graph.nq

One named graph per article. Articles follow *stories* (a run of events in one region over a
few weeks, each causing the next, with temporal links between them), report 6–10 of their
events, restate the actors and places they mention, and carry mentions (offsets, anchor,
sentence), causal and temporal link nodes with evidence, and casualty claims. Events are typed
with every ontology superclass, dated (TimeML value, earliest/latest), placed in cities that lie
in countries, and have agents and targets drawn from a Zipf-like pool (a few actors are in many
events). About one event report in three is an event another article reported already, so the
union graph repeats triples the way real news does. Seeded: the same arguments give the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.vocab import load_ontology  # noqa: E402

KGO = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
#: event types by how often news reports them
EVENT_TYPES = {"Attack": 8, "Bombing": 6, "Shooting": 5, "Killing": 6, "AirStrike": 4, "DroneStrike": 3,
               "MissileStrike": 3, "Explosion": 3, "Protest": 8, "Arrest": 5, "Statement": 10, "Threat": 4,
               "Meeting": 6, "Speech": 3, "Death": 3, "Injury": 2, "MilitaryDeployment": 3, "Election": 2,
               "Commemoration": 2, "Earthquake": 1, "Accident": 2, "Merger": 1}
ACTOR_KINDS = ("Person", "Person", "Person", "Organization", "Group", "Organization")
START, DAYS = dt.date(2015, 1, 1), 3650
TRIPLES_PER_ARTICLE = 400  # about; used to pick the number of articles


def kgo(name: str) -> str:
    return f"<{KGO}{name}>"


def kgr(path: str) -> str:
    return f"<{KGR}{path}>"


def text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def superclasses() -> dict[str, list[str]]:
    """Each event type with its ontology superclasses (kg.graph asserts them all)."""
    from rdflib.namespace import RDFS

    ontology = load_ontology()
    found = {}
    for name in EVENT_TYPES:
        from rdflib import URIRef

        chain = {str(c) for c in ontology.transitive_objects(URIRef(KGO + name), RDFS.subClassOf)}
        found[name] = sorted(c[len(KGO):] for c in chain if c.startswith(KGO))
    return found


@dataclass
class World:
    """The pools articles draw from: countries, cities, actors and stories of events."""

    rng: random.Random
    countries: list[str] = field(default_factory=list)
    cities: list[tuple[str, str]] = field(default_factory=list)  # (city, country)
    actors: list[tuple[str, str]] = field(default_factory=list)  # (key, kind)
    weights: list[float] = field(default_factory=list)

    @classmethod
    def make(cls, rng: random.Random, scale: float) -> World:
        world = cls(rng)
        world.countries = [f"country-{n}" for n in range(60)]
        world.cities = [(f"city-{n}", world.countries[int(rng.paretovariate(1.2)) % 60]) for n in range(int(1500 * scale) + 50)]
        world.actors = [(f"actor-{n}", rng.choice(ACTOR_KINDS)) for n in range(int(6000 * scale) + 100)]
        world.weights = [1 / (rank + 1) ** 0.9 for rank in range(len(world.actors))]
        return world

    def some_actors(self, count: int) -> list[tuple[str, str]]:
        return self.rng.choices(self.actors, weights=self.weights, k=count)


@dataclass
class Event:
    key: str
    type: str
    day: dt.date
    span: int  # days between earliest and latest
    city: str
    country: str
    agents: list[tuple[str, str]]
    targets: list[tuple[str, str]]
    confidence: float
    killed: int | None


def make_story(world: World, number: int, types: list[str], weights: list[int]) -> list[Event]:
    rng = world.rng
    city, country = rng.choice(world.cities)
    day = START + dt.timedelta(days=rng.randrange(DAYS - 90))
    cast = world.some_actors(6)
    events = []
    for n in range(rng.randint(8, 30)):
        day += dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8)))
        kind = rng.choices(types, weights=weights)[0]
        violent = kind in ("Attack", "Bombing", "Shooting", "Killing", "AirStrike", "DroneStrike", "MissileStrike",
                           "Explosion")
        events.append(Event(f"s{number}-e{n}", kind, day, rng.choice((0, 0, 0, 0, 6, 30)), city, country,
                            rng.sample(cast, rng.choice((1, 1, 2))), rng.sample(cast, rng.choice((0, 1))),
                            round(rng.uniform(0.3, 0.95), 2), rng.randrange(1, 120) if violent else None))
    return events


class Writer:
    """Writes one article's quads and counts them."""

    def __init__(self, out, superclass: dict[str, list[str]]) -> None:
        self.out = out
        self.superclass = superclass
        self.count = 0
        self.reported: dict[str, None] = {}  # event keys, in the order first reported

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.out.write(f"{s} {p} {o} {g} .\n")
        self.count += 1

    def article(self, world: World, number: int, story: list[Event]) -> None:
        rng = world.rng
        article_id = f"art{number}"
        g = kgr(f"article/{article_id}")
        node = kgr(f"article/{article_id}")
        start = rng.randrange(max(1, len(story) - 6))
        reported = story[start:start + rng.randint(6, 10)]
        published = max(e.day for e in reported) + dt.timedelta(days=rng.choice((0, 1)))
        title = f"{reported[-1].type} in {reported[-1].city} as tensions rise"
        sentences = [f"Sentence {n} of article {number} about the {e.type.lower()} in {e.city}."
                     for n, e in enumerate(reported)]
        for p, o in ((RDF_TYPE, kgo("Article")), (LABEL, text(title)), ("<http://purl.org/dc/terms/title>", text(title)),
                     ("<https://schema.org/datePublished>", typed(published, "date")),
                     (kgo("publisher"), text(f"Outlet {number % 40}")),
                     ("<https://schema.org/url>", f"<https://news.example.org/{article_id}>"),
                     (kgo("articleText"), text(" ".join(sentences)))):
            self.quad(node, p, o, g)
        offset, entities = 0, {}
        for n, event in enumerate(reported):
            self.reported.setdefault(event.key)
            offset = self.event(event, article_id, n, sentences[n], offset, g)
            for key, kind in event.agents + event.targets:
                entities[f"actor/{key}"] = [kind, "Actor"]
            entities[f"place/{event.city}"] = ["City", "Place"]
            entities[f"place/{event.country}"] = ["Country", "Place", "Actor"]
        for path, kinds in entities.items():
            self.entity(path, kinds, article_id, g, world)
        for n, (cause, effect) in enumerate(zip(reported, reported[1:])):
            evidence = text(f"The {effect.type.lower()} followed the {cause.type.lower()} in {cause.city}.")
            link = kgr(f"link/{article_id}/{n}")
            if rng.random() < 0.7:  # most consecutive events of a story are causally linked
                self.link(link, "CausalLink", cause, effect, evidence, g, cue="in response to")
                self.quad(kgr(f"event/{cause.key}"), kgo("causes"), kgr(f"event/{effect.key}"), g)
            else:
                self.link(link, "TemporalLink", cause, effect, evidence, g, relation="before")
            self.quad(kgr(f"event/{cause.key}"), kgo("before"), kgr(f"event/{effect.key}"), g)
        for event in reported:
            if event.killed and rng.random() < 0.3:
                claim = kgr(f"claim/{article_id}/{event.key}")
                for p, o in ((RDF_TYPE, kgo("Claim")), (kgo("about"), kgr(f"event/{event.key}")),
                             (kgo("claimProperty"), text("killed")), (kgo("claimValue"), typed(event.killed, "integer")),
                             (kgo("inArticle"), node), (kgo("evidence"), text(f"At least {event.killed} were killed.")),
                             (kgo("reporterName"), text("officials")), (kgo("reportedAt"), typed(published, "date"))):
                    self.quad(claim, p, o, g)

    def event(self, event: Event, article_id: str, n: int, sentence: str, offset: int, g: str) -> int:
        node = kgr(f"event/{event.key}")
        latest = event.day + dt.timedelta(days=event.span)
        value = event.day.isoformat() if not event.span else event.day.strftime("%Y-%m")
        for cls in ["Event", *self.superclass[event.type]]:
            self.quad(node, RDF_TYPE, kgo(cls), g)
        for p, o in ((LABEL, text(f"{event.type} in {event.city} ({event.key})")),
                     (kgo("confidence"), typed(event.confidence, "double")), (kgo("timeValue"), text(value)),
                     (kgo("earliest"), typed(event.day, "date")), (kgo("latest"), typed(latest, "date")),
                     (kgo("timePrecision"), text("day" if not event.span else "month")),
                     (kgo("hasPlace"), kgr(f"place/{event.city}"))):
            self.quad(node, p, o, g)
        for prop, people in (("hasAgent", event.agents), ("hasTarget", event.targets)):
            for key, _ in people:
                self.quad(node, kgo(prop), kgr(f"actor/{key}"), g)
                self.quad(node, kgo("hasParticipant"), kgr(f"actor/{key}"), g)
        if event.killed is not None:
            self.quad(node, kgo("killed"), typed(event.killed, "integer"), g)
        mention = kgr(f"mention/{article_id}/e{n}")
        self.quad(node, kgo("hasMention"), mention, g)
        self.mention(mention, article_id, offset, event.type.lower(), n, sentence, g)
        return offset + len(sentence) + 1

    def mention(self, node: str, article_id: str, start: int, anchor: str, index: int, sentence: str, g: str) -> None:
        for p, o in ((RDF_TYPE, kgo("Mention")), (kgo("inArticle"), kgr(f"article/{article_id}")),
                     (kgo("startOffset"), typed(start, "integer")), (kgo("endOffset"), typed(start + len(anchor), "integer")),
                     (kgo("anchorText"), text(anchor)), (kgo("sentenceIndex"), typed(index, "integer")),
                     (kgo("sentenceText"), text(sentence))):
            self.quad(node, p, o, g)

    def entity(self, path: str, kinds: list[str], article_id: str, g: str, world: World) -> None:
        node = kgr(path)
        key = path.split("/", 1)[1]
        for kind in dict.fromkeys(kinds):
            self.quad(node, RDF_TYPE, kgo(kind), g)
        self.quad(node, LABEL, text(key.replace("-", " ").title()), g)
        if path.startswith("place/"):
            rng = random.Random(key)  # the same coordinates in every article
            self.quad(node, f"<{GEO}lat>", typed(round(rng.uniform(-50, 60), 4), "double"), g)
            self.quad(node, f"<{GEO}long>", typed(round(rng.uniform(-120, 150), 4), "double"), g)
            self.quad(node, kgo("geonamesId"), typed(rng.randrange(10**5, 10**7), "integer"), g)
            if key.startswith("city-"):
                country = dict(world.cities)[key]
                self.quad(node, kgo("within"), kgr(f"place/{country}"), g)
        mention = kgr(f"mention/{article_id}/{key}")
        self.quad(node, kgo("hasMention"), mention, g)
        self.mention(mention, article_id, 0, key, 0, f"A sentence naming {key}.", g)

    def link(self, node: str, cls: str, source: Event, target: Event, evidence: str, g: str, *, cue: str = "",
             relation: str = "") -> None:
        article = g
        for p, o in ((RDF_TYPE, kgo(cls)), (kgo("inArticle"), article), (kgo("linkSource"), kgr(f"event/{source.key}")),
                     (kgo("linkTarget"), kgr(f"event/{target.key}")), (kgo("evidence"), evidence),
                     (kgo("confidence"), typed(0.7, "double"))):
            self.quad(node, p, o, g)
        if cue:
            self.quad(node, kgo("cue"), text(cue), g)
        if relation:
            self.quad(node, kgo("relationType"), text(relation), g)


def generate(out, triples: int, seed: int = 7) -> dict[str, object]:
    """Write about ``triples`` quads to ``out``; returns what was made (counts and story roots)."""
    rng = random.Random(seed)
    articles = max(1, triples // TRIPLES_PER_ARTICLE)
    world = World.make(rng, scale=articles / 2500)
    types, weights = list(EVENT_TYPES), list(EVENT_TYPES.values())
    writer = Writer(out, superclasses())
    stories = [make_story(world, n, types, weights) for n in range(max(1, articles // 3))]
    number = 0
    while writer.count < triples:
        story = stories[int(rng.paretovariate(1.0)) % len(stories)] if rng.random() < 0.5 else rng.choice(stories)
        writer.article(world, number, story)
        number += 1
    events = list(writer.reported)
    return {"quads": writer.count, "articles": number, "stories": len(stories), "events": len(events),
            "sample": rng.sample(events, min(2000, len(events))), "actors": [key for key, _ in world.actors[:50]]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many quads to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("/tmp/newskg-bench/graph.nq"))
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        made = generate(out, args.triples, args.seed)
    print(f"{made['quads']} quads, {made['articles']} articles, {made['stories']} stories → {args.out}")


if __name__ == "__main__":
    main()


def iter_lines(triples: int, seed: int = 7) -> Iterator[str]:  # pragma: no cover - convenience for notebooks
    import io

    buffer = io.StringIO()
    generate(buffer, triples, seed)
    yield from buffer.getvalue().splitlines()
