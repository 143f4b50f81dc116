"""The REST resources besides /events, against a real server over the hand-written example store:
/actors, /places, /articles, /timeline, /graph, /paths, /causes, /effects, /stats, /export, and RDF by Accept."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic

KGO = rdflib.Namespace("https://w3id.org/newskg/ontology#")
KGR = rdflib.Namespace("https://w3id.org/newskg/id/")


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def ids(body: dict) -> list[str]:
    return [item["id"] for item in body["items"]]


# --- actors, places, articles ----------------------------------------------------------------


def test_actors_most_involved_first_then_by_iri(client: httpx.Client) -> None:
    body = ok(client.get("/actors"))
    assert body["total"] == 5 and ids(body) == ["isis-k", "israel", "qasem-soleimani", "saleh-al-arouri",
                                               "united-states"]
    assert body["items"][1] == {"id": "israel", "iri": str(KGR["actor/israel"]), "label": "Israel", "type": "Actor",
                                "aliases": [], "events": 1}


@pytest.mark.parametrize(("params", "expected"), [
    ({"name": "QASEM"}, ["qasem-soleimani"]),
    ({"name": "zz-nobody"}, []),
    ({"type": "Person"}, []),  # the example actors are typed kgo:Actor only
    ({"limit": 2, "offset": 1}, ["israel", "qasem-soleimani"]),
])
def test_actor_filters(client: httpx.Client, params: dict, expected: list[str]) -> None:
    assert ids(ok(client.get("/actors", params=params))) == expected


def test_one_actor_and_unknown_actor(client: httpx.Client) -> None:
    assert ok(client.get("/actors/isis-k"))["label"] == "ISIS-K"
    response = client.get("/actors/nobody")
    assert response.status_code == 404 and response.json() == {"error": "no actor 'nobody'"}


def test_places_with_coordinates(client: httpx.Client) -> None:
    body = ok(client.get("/places", params={"name": "kerm"}))
    assert body["items"] == [{"id": "kerman", "iri": str(KGR["place/kerman"]), "label": "Kerman", "type": "City",
                              "lat": 30.28, "long": 57.08, "geonames_id": None, "country_code": None,
                              "within": None, "events": 1}]
    assert ok(client.get("/places"))["total"] == 3
    assert ok(client.get("/places/beirut"))["lat"] == 33.89
    assert client.get("/places/atlantis").status_code == 404


def test_articles_newest_first_with_event_counts(client: httpx.Client) -> None:
    body = ok(client.get("/articles"))
    assert [(a["id"], a["published"], a["events"]) for a in body["items"]] == [("a2", "2024-01-04", 3),
                                                                              ("a1", "2020-01-03", 1)]
    assert ids(ok(client.get("/articles", params={"end": "2023-01-01"}))) == ["a1"]
    assert ids(ok(client.get("/articles", params={"title": "blasts"}))) == ["a2"]
    article = ok(client.get("/articles/a1"))
    assert [e["id"] for e in article["mentioned_events"]] == ["soleimani-killing"]
    assert client.get("/articles/zz").status_code == 404


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_items_for_vis_timeline(client: httpx.Client) -> None:
    body = ok(client.get("/timeline"))
    assert [item["id"] for item in body["items"]] == ["soleimani-killing", "arouri-strike", "kerman-bombing"]
    assert body["items"][2] == {"id": "kerman-bombing", "content": "Kerman bombings", "start": "2024-01-03",
                                "end": None, "type": "box", "group": "Explosion",
                                "title": "Explosion · Kerman · 2024-01-03", "className": "kg-explosion",
                                "reported": False, "factuality": "asserted"}
    assert body["groups"] == [{"id": "DroneStrike", "content": "DroneStrike"},
                              {"id": "Explosion", "content": "Explosion"}, {"id": "Killing", "content": "Killing"}]
    assert body["truncated"] is False


def test_timeline_with_undated_events_changes_nothing_when_all_are_dated(client: httpx.Client) -> None:
    assert ok(client.get("/timeline", params={"undated": "true"})) == ok(client.get("/timeline"))


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": "israel"}, ["arouri-strike"]),
    ({"place": "kerman"}, ["kerman-bombing"]),
    ({"type": "Attack"}, ["arouri-strike"]),
    ({"start": "2024-01-01"}, ["arouri-strike", "kerman-bombing"]),
])
def test_timeline_for_an_actor_place_or_type(client: httpx.Client, params: dict, expected: list[str]) -> None:
    assert [item["id"] for item in ok(client.get("/timeline", params=params))["items"]] == expected


def test_timeline_truncates_at_limit(client: httpx.Client) -> None:
    body = ok(client.get("/timeline", params={"limit": 1}))
    assert len(body["items"]) == 1 and body["truncated"] is True


# --- graph, paths, causal chains ----------------------------------------------------------------


def test_graph_around_an_event(client: httpx.Client) -> None:
    body = ok(client.get("/graph", params={"node": "kerman-bombing"}))
    assert {n["id"] for n in body["nodes"]} == {"event/kerman-bombing", "place/kerman", "actor/isis-k",
                                               "event/soleimani-killing", "event/arouri-strike"}
    assert {(e["source"], e["target"], e["kind"], e["label"]) for e in body["edges"]} == {
        ("event/kerman-bombing", "place/kerman", "location", "place"),
        ("event/kerman-bombing", "actor/isis-k", "participation", "agent"),
        ("event/soleimani-killing", "event/kerman-bombing", "causal", "causes"),
        ("event/arouri-strike", "event/kerman-bombing", "temporal", "before")}
    kerman = next(n for n in body["nodes"] if n["id"] == "place/kerman")
    assert kerman == {"id": "place/kerman", "iri": str(KGR["place/kerman"]), "label": "Kerman", "kind": "place",
                      "type": "City"}


def test_graph_depth_and_node_budget(client: httpx.Client) -> None:
    deeper = ok(client.get("/graph", params={"node": "event/kerman-bombing", "depth": 2}))
    assert len(deeper["nodes"]) == 11 and deeper["truncated"] is False  # every event, actor and place
    cut = ok(client.get("/graph", params={"node": "kerman-bombing", "depth": 2, "max_nodes": 3}))
    assert len(cut["nodes"]) == 3 and cut["truncated"] is True
    several = ok(client.get("/graph", params=[("node", "place/baghdad"), ("node", KGR["place/beirut"])]))
    assert {"event/soleimani-killing", "event/arouri-strike"} <= {n["id"] for n in several["nodes"]}


def test_graph_of_unknown_node_is_404(client: httpx.Client) -> None:
    response = client.get("/graph", params={"node": "atlantis"})
    assert response.status_code == 404 and "atlantis" in response.json()["error"]
    assert client.get("/graph").status_code == 422


def test_paths_between_two_actors(client: httpx.Client) -> None:
    body = ok(client.get("/paths", params={"from": "israel", "to": "actor/isis-k"}))
    assert body["from"] == "actor/israel" and body["to"] == "actor/isis-k"
    shortest = body["paths"][0]
    assert shortest["length"] == 3
    assert [n["id"] for n in shortest["nodes"]] == ["actor/israel", "event/arouri-strike", "event/kerman-bombing",
                                                    "actor/isis-k"]
    assert [e["kind"] for e in shortest["edges"]] == ["participation", "temporal", "participation"]
    assert [p["length"] for p in body["paths"]] == sorted(p["length"] for p in body["paths"])
    assert ok(client.get("/paths", params={"from": "israel", "to": "isis-k", "max_length": 2}))["paths"] == []


def test_causes_and_effects_with_evidence(client: httpx.Client) -> None:
    causes = ok(client.get("/causes/kerman-bombing"))
    assert causes["event"]["id"] == "kerman-bombing" and causes["direction"] == "causes"
    assert [e["id"] for e in causes["events"]] == ["soleimani-killing"]
    (link,) = causes["links"]
    assert link["source"] == {"id": "soleimani-killing", "label": "Killing of Qasem Soleimani"}
    assert link["distance"] == 1
    assert link["evidence"] == [{"link": "causal-1", "text": "Blasts hit a memorial for Qasem Soleimani in Kerman.",
                                 "cue": "memorial for", "confidence": 0.6, "article": "a2"}]
    effects = ok(client.get("/effects/soleimani-killing"))
    assert [e["id"] for e in effects["events"]] == ["kerman-bombing"]
    assert ok(client.get("/effects/kerman-bombing"))["links"] == []
    assert client.get("/causes/nothing").status_code == 404


# --- stats, export ---------------------------------------------------------------------------------


def test_stats(client: httpx.Client, example_union: rdflib.Graph) -> None:
    body = ok(client.get("/stats"))
    assert {k: body[k] for k in ("articles", "events", "actors", "places", "mentions", "claims", "causal_links",
                                 "temporal_links")} == {"articles": 2, "events": 3, "actors": 5, "places": 3,
                                                        "mentions": 4, "claims": 1, "causal_links": 1,
                                                        "temporal_links": 2}
    assert body["triples"] >= len(example_union)  # the union repeats no triple; the graphs may
    assert body["first_date"] == "2020-01-03" and body["last_date"] == "2024-01-03"
    assert {"type": "Attack", "events": 1} in body["event_types"] and body["event_types"][0] == {
        "type": "Event", "events": 3}


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                                     ("xml", "xml")])
def test_export_rdf_is_the_union(client: httpx.Client, example_union: rdflib.Graph, fmt: str,
                                 rdflib_format: str) -> None:
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200
    assert f'filename="newskg.{fmt}"' in response.headers["content-disposition"]
    assert isomorphic(rdflib.Graph().parse(data=response.content, format=rdflib_format), example_union)


def test_export_trig_keeps_one_graph_per_article(client: httpx.Client, example_data: dict) -> None:
    response = client.get("/export", params={"format": "trig"})
    dataset = rdflib.Dataset().parse(data=response.content, format="trig")
    for name, graph in example_data.items():
        assert isomorphic(dataset.graph(rdflib.URIRef(name)), graph)


def test_export_csv_graphml_gexf(client: httpx.Client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/export", params={"format": "csv"}).text)))
    assert [row["label"] for row in rows] == ["Killing of Qasem Soleimani", "Drone strike in Beirut", "Kerman bombings"]
    for fmt in ("graphml", "gexf"):
        response = client.get("/export", params={"format": fmt})
        assert response.status_code == 200 and ET.fromstring(response.content) is not None
    bad = client.get("/export", params={"format": "pdf"})
    assert bad.status_code == 422 and "format" in bad.json()["error"]


# --- RDF on request ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "subject"), [
    ("/events?type=Explosion", KGR["event/kerman-bombing"]),
    ("/events/kerman-bombing", KGR["event/kerman-bombing"]),
    ("/actors?name=israel", KGR["actor/israel"]),
    ("/places/kerman", KGR["place/kerman"]),
    ("/articles/a1", KGR["article/a1"]),
    ("/graph?node=place/kerman", KGR["place/kerman"]),
    ("/causes/kerman-bombing", KGR["event/soleimani-killing"]),
])
@pytest.mark.parametrize(("accept", "rdflib_format"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                       ("application/ld+json", "json-ld"),
                                                       ("application/rdf+xml", "xml")])
def test_resources_as_rdf(client: httpx.Client, example_union: rdflib.Graph, path: str, subject: rdflib.URIRef,
                          accept: str, rdflib_format: str) -> None:
    response = client.get(path, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    about = set(graph.predicate_objects(subject))
    assert about and about == set(example_union.predicate_objects(subject))


def test_event_as_rdf_carries_its_provenance(client: httpx.Client) -> None:
    response = client.get("/events/kerman-bombing", headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (KGR["mention/a2-m1"], KGO.anchorText, rdflib.Literal("Blasts")) in graph
    assert (KGR["claim/a2/kerman-killed-103"], KGO.claimValue, rdflib.Literal(103)) in graph


@pytest.mark.parametrize("path", ["/events", "/stats", "/timeline", "/paths?from=israel&to=isis-k"])
def test_unsupported_accept_is_406(client: httpx.Client, path: str) -> None:
    response = client.get(path, headers={"accept": "image/png"})
    assert response.status_code == 406 and "application/json" in response.json()["error"]


def test_browsers_get_json(client: httpx.Client) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/events", headers={"accept": accept}).headers["content-type"] == "application/json"
