"""``GET /timeline/entity?actor=``: the same entries as ``kg timeline --format json``."""

from __future__ import annotations

from apitest import serve

from api.main import create_app
from kg.config import Settings
from kg.store import Store
from kg.query.timelines import entity_timeline

KGO = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
# written for this test: one actor, one dated event with a mention
DATA = f"""<{KGR}actor/acme> a <{KGO}Actor> ; <http://www.w3.org/2000/01/rdf-schema#label> "Acme" .
<{KGR}event/buy> a <{KGO}Event> ; <{KGO}hasAgent> <{KGR}actor/acme> ; <{KGO}hasMention> <{KGR}mention/a1/e1> ;
  <{KGO}earliest> "2024-03-04"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <{KGO}latest> "2024-03-04"^^<http://www.w3.org/2001/XMLSchema#date> .
<{KGR}mention/a1/e1> <{KGO}inArticle> <{KGR}article/a1> ; <{KGO}startOffset> 5 ; <{KGO}endOffset> 11 ;
  <{KGO}anchorText> "bought" ; <{KGO}sentenceIndex> 0 ; <{KGO}sentenceText> "Acme bought Zenith." ."""


def test_the_route_answers_the_entity_timeline_as_json() -> None:
    store = Store()
    store.update(f"INSERT DATA {{ GRAPH <{KGR}article/a1> {{ {DATA} }} }}")
    expected = entity_timeline(store, "acme")
    assert [e["date"] for e in expected] == ["2024-03-04"]
    with serve(create_app(store=store, settings=Settings())) as client:
        answer = client.get("/timeline/entity", params={"actor": "ACME"})
        assert answer.status_code == 200 and answer.json() == expected
        assert client.get("/timeline/entity", params={"actor": "Zenith"}).json() == []
        assert client.get("/timeline/entity").status_code == 422  # actor is required
        assert client.get("/timeline/entity", params={"actor": "Acme"}, headers={"Accept": "text/turtle"}).status_code == 406
    store.close()
