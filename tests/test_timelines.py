"""Entity timelines (``kg timeline``): actors by name or alias, coreferent events on one line, dates and order."""

import datetime as dt
import json

import pytest

from kg.model import Article
from kg.pipeline import ingest
from kg.store import Store
from kg.query.timelines import entity_timeline, matching_actors, on_timeline, semeval_date, semeval_lines, table_lines

try:
    from tests.helpers import kg
except ModuleNotFoundError:
    from helpers import kg

KGO = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"


def event(key: str, article: str, anchor: str, sentence: str, *, role: str = "", days: tuple[str, str] | None = None,
          same_as: str = "") -> str:
    """Turtle-like INSERT DATA triples of one event instance with one mention (written for these tests)."""
    node, mention = f"<{KGR}event/{key}>", f"<{KGR}mention/{article}/{key}>"
    triples = [f"{node} a <{KGO}Event>, <{KGO}Acquisition> ; <http://www.w3.org/2000/01/rdf-schema#label> \"{key}\" ;"
               f" <{KGO}hasMention> {mention} .",
               f"{mention} a <{KGO}Mention> ; <{KGO}inArticle> <{KGR}article/{article}> ; <{KGO}startOffset> 5 ;"
               f" <{KGO}endOffset> {5 + len(anchor)} ; <{KGO}anchorText> \"{anchor}\" ; <{KGO}sentenceIndex> 1 ;"
               f" <{KGO}sentenceText> \"{sentence}\" ."]
    if role:
        triples.append(f"{node} <{KGO}{role}> <{KGR}actor/acme> ; <{KGO}hasParticipant> <{KGR}actor/acme> .")
    if days:
        triples.append(f"{node} <{KGO}earliest> \"{days[0]}\"^^<http://www.w3.org/2001/XMLSchema#date> ;"
                       f" <{KGO}latest> \"{days[1]}\"^^<http://www.w3.org/2001/XMLSchema#date> .")
    if same_as:
        triples.append(f"{node} <{KGO}sameEventAs> <{KGR}event/{same_as}> . <{KGR}event/{same_as}> <{KGO}sameEventAs> {node} .")
    return "\n".join(triples)


@pytest.fixture
def store():
    """Acme (alias "ACME Corp.") buys in March (one article says the month, another the day), hires in
    December 2023, and is sued on a day no article gives; a rival's event is not Acme's."""
    data = "\n".join([
        f"<{KGR}actor/acme> a <{KGO}Actor> ; <http://www.w3.org/2000/01/rdf-schema#label> \"Acme Corporation\" ;"
        f" <http://www.w3.org/2004/02/skos/core#altLabel> \"ACME Corp.\" .",
        event("buy", "a1", "bought", "Acme bought Zenith in March.", role="hasAgent", days=("2024-03-01", "2024-03-31")),
        event("purchase", "a2", "purchase", "The purchase closed on March 4.", days=("2024-03-04", "2024-03-04"),
              same_as="buy"),
        event("hire", "a3", "hired", "Acme hired 200 workers last December.", role="hasAgent",
              days=("2023-12-01", "2023-12-31")),
        event("suit", "a2", "sued", "Acme was sued by a supplier.", role="hasTarget"),
        event("rival", "a3", "opened", "A rival opened a plant.", days=("2024-01-02", "2024-01-02"))])
    with Store() as opened:
        opened.update(f"INSERT DATA {{ GRAPH <{KGR}article/test> {{ {data} }} }}")
        yield opened


def test_an_entity_is_found_by_label_or_alias_ignoring_case_spaces_and_punctuation(store) -> None:
    for name in ("Acme Corporation", "acme corp", "ACME-CORP", "  acme corporation "):
        assert len(entity_timeline(store, name)) == 3, name
    assert entity_timeline(store, "Acme") == [] and entity_timeline(store, "Zenith") == []


def test_the_actor_called_by_a_name_comes_before_one_also_known_by_it() -> None:
    label, alias = "<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#altLabel>"
    data = (f"<{KGR}actor/nordvik> a <{KGO}Actor> ; {label} \"Nordvik\" .\n"
            f"<{KGR}actor/erik-nordvik> a <{KGO}Actor>, <{KGO}Person> ; {label} \"Erik Nordvik\" ; {alias} \"Nordvik\" .")
    with Store() as opened:
        opened.update(f"INSERT DATA {{ GRAPH <{KGR}article/test> {{ {data} }} }}")
        assert matching_actors(opened, "Nordvik") == [KGR + "actor/nordvik"]  # the company, not the founder's surname
        assert matching_actors(opened, "Erik Nordvik") == [KGR + "actor/erik-nordvik"]


def test_a_name_given_a_little_differently_finds_the_actor_when_no_name_is_the_same() -> None:
    label, person = "<http://www.w3.org/2000/01/rdf-schema#label>", f"<{KGO}Person>"
    actors = {"apple-corps": ("Apple Corps", ""), "apple-inc": ("Apple", ""), "uaw": ("United Auto Workers", ""),
              "fritz-henderson": ("Fritz Henderson", person), "ray-young": ("Ray Young", person),
              "fred-young": ("Fred Young", person), "frank-young": ("Frank Young", person)}
    data = "\n".join(f"<{KGR}actor/{key}> a <{KGO}Actor> {', ' + kind if kind else ''} ; {label} \"{name}\" ."
                      for key, (name, kind) in actors.items())
    with Store() as opened:
        opened.update(f"INSERT DATA {{ GRAPH <{KGR}article/test> {{ {data} }} }}")

        def found(name: str) -> list[str]:
            return [iri.removeprefix(KGR + "actor/") for iri in matching_actors(opened, name)]

        assert found("Beatles Apple Corps") == ["apple-corps"]  # the end of the name, two words long
        assert found("United Automobile Workers") == ["uaw"]  # a word spelt out
        assert found("Frederick Henderson") == ["fritz-henderson"]  # the one person of that surname and initial
        assert found("Apple Corps") == ["apple-corps"] and found("Apple") == ["apple-inc"]  # the same name first
        for name in ("Corps", "Apple Computer", "Frederick Smith", "United Steel Workers", "Francis Young"):
            assert found(name) == [], name  # one word, another company, another surname, two Youngs with an F


def test_a_company_is_found_with_or_without_its_legal_form_and_trade() -> None:
    label, org = "<http://www.w3.org/2000/01/rdf-schema#label>", f"<{KGO}Organization>"
    actors = {"nordvik": "Nordvik", "nordvik-motor-company": "Nordvik Motor Company", "nordvik-motors-co": "Nordvik Motors Co.",
              "nordvik-labs": "Nordvik Labs", "general-motors": "General Motors", "general-electric": "General Electric"}
    data = "\n".join(f"<{KGR}actor/{key}> a <{KGO}Actor>, {org} ; {label} \"{name}\" ." for key, name in actors.items())
    with Store() as opened:
        opened.update(f"INSERT DATA {{ GRAPH <{KGR}article/test> {{ {data} }} }}")

        def found(name: str) -> list[str]:
            return [iri.removeprefix(KGR + "actor/") for iri in matching_actors(opened, name)]

        assert found("Nordvik") == ["nordvik", "nordvik-motor-company", "nordvik-motors-co"]  # not Nordvik Labs
        assert found("Nordvik Motor Company") == ["nordvik", "nordvik-motor-company"]
        assert found("General Motors Corporation") == ["general-motors"]  # not another company of the same first word


def test_entries_are_dated_ordered_and_coreferent_instances_share_a_line(store) -> None:
    entries = entity_timeline(store, "acme corporation")
    assert [(e["order"], e["date"], e["events"], e["roles"]) for e in entries] == [
        (1, "2023-12", ["hire"], ["agent"]),
        (2, "2024-03-04", ["buy", "purchase"], ["agent"]),  # the narrowest span of the two instances dates the line
        (0, None, ["suit"], ["target"])]  # undated: last, order 0
    buy = entries[1]
    assert [(m["article"], m["anchor"], m["evidence"]) for m in buy["mentions"]] == [
        ("a1", "bought", "Acme bought Zenith in March."), ("a2", "purchase", "The purchase closed on March 4.")]
    assert semeval_lines("Acme", entries).splitlines() == [
        "Acme", "0\tXXXX-XX-XX\ta2-1-sued", "1\t2023-12\ta3-1-hired", "2\t2024-03-04\ta1-1-bought\ta2-1-purchase"]


@pytest.mark.parametrize(("days", "written"), [
    (("2024-03-04", "2024-03-04"), "2024-03-04"), (("2024-03-01", "2024-03-31"), "2024-03"),
    (("2024-03-25", "2024-04-07"), "2024"), (("2023-12-30", "2024-01-05"), "XXXX-XX-XX")])
def test_a_span_of_days_is_written_at_the_precision_it_has(days: tuple[str, str], written: str) -> None:
    assert semeval_date(*days) == written


def test_kg_timeline_on_a_store_built_from_articles(tmp_path) -> None:
    folder = tmp_path / "store"
    with Store(folder) as opened:  # written for this test
        ingest(opened, [Article("merger", "Jane Doe announced the merger of Acme and Zenith on Monday. "
                                "Shareholders approved the deal. Jane Doe will visit Zenith's plant in April.",
                                dt.date(2024, 3, 6), title="Merger"),
                        Article("plans", "Jane Doe did not attend the hearing. Jane Doe plans to hire a lawyer.",
                                dt.date(2024, 3, 7), title="Plans"),
                        Article("closing", "Jane Doe told reporters on Friday that the deal was closed.",
                                dt.date(2024, 3, 11), title="Closing")])
    entries = json.loads(kg("timeline", "jane doe", "--store", folder, "--format", "json").stdout)
    told = next(e for e in entries if any(m["anchor"] == "told" for m in e["mentions"]))
    announced = next(e for e in entries if any(m["anchor"] == "announced" for m in e["mentions"]))
    assert announced["date"] == "2024-03-04" and told["date"] == "2024-03-08"  # "on Monday", "on Friday"
    assert entries.index(announced) < entries.index(told) and told["order"] > announced["order"]
    assert told["mentions"][0]["evidence"] == "Jane Doe told reporters on Friday that the deal was closed."
    lines = kg("timeline", "Jane Doe", "--store", folder, "--format", "semeval").stdout.splitlines()
    assert lines[0] == "Jane Doe" and f"{told['order']}\t2024-03-08\tclosing-0-told" in lines
    visit = next(e for e in entries if any(m["anchor"] == "visit" for m in e["mentions"]))
    assert visit["factuality"] == "planned" and announced["factuality"] == "asserted"
    assert any("-visit" in line for line in lines)  # a TimeLine lists what happened and what is planned for certain
    assert not any("-attend" in line or "-plans" in line for line in lines)  # not what was denied, nor an attitude
    table = kg("timeline", "Jane Doe", "--store", folder).stdout
    assert "(planned)" in next(line for line in table.splitlines() if "visit" in line.lower())
    assert "no events for 'Nobody'" in kg("timeline", "Nobody", "--store", folder).stdout
    error = kg("timeline", "Jane Doe", "--store", folder, "--format", "xml", check=False)
    assert error.returncode == 1 and "unknown format" in error.stderr


def test_an_event_the_article_date_bounds_is_placed_at_its_bound_but_not_dated(tmp_path) -> None:
    """A job cut reported done ("cut 200 jobs": on or before its report) and a closure announced as planned
    (on or after it): no date of their own, in the graph, the timeline or the SemEval format."""
    with Store() as opened:  # written for this test
        ingest(opened, [Article("opening", "Acme Corporation opened a plant in Ohio on Monday. "
                                "Acme Corporation will close a factory in Texas.", dt.date(2024, 3, 6), title="Opening"),
                        Article("cuts", "Acme Corporation cut 200 jobs.", dt.date(2024, 3, 11), title="Cuts")])
        entries = entity_timeline(opened, "Acme Corporation")
        rows = opened.select(f"""SELECT ?e ?p ?o WHERE {{ ?e a <{KGO}Event> ; ?p ?o FILTER(?p IN (<{KGO}timeValue>,
          <{KGO}earliest>, <{KGO}latest>, <{KGO}timePrecision>, <{KGO}timeSource>)) }}""")
        from kg import query
        from kg.graph.shacl import validate

        undated = {item["id"]: item["title"] for item in query.timeline(opened, undated=True)["items"] if item["reported"]}
        since = [item["id"] for item in query.list_events(opened, query.EventFilter(start=dt.date(2024, 3, 1)))["items"]]
        assert validate(opened.dataset()).conforms
    said = {(row["e"].rsplit("/", 1)[1], row["p"].rsplit("#", 1)[1], str(row["o"])) for row in rows}
    assert {("cuts-e1", "latest", "2024-03-11"), ("cuts-e1", "timeSource", "report-bounds")} == \
        {s for s in said if s[0] == "cuts-e1"}  # no time value, no earliest, no precision
    assert ("opening-e1", "timeSource", "own") in said
    assert [(e["order"], e["date"], e["earliest"], e["latest"], e["time_source"], [m["anchor"] for m in e["mentions"]])
            for e in entries] == [
        (1, "2024-03-04", "2024-03-04", "2024-03-04", "own", ["opened"]),
        (0, None, "2024-03-06", None, "report-bounds", ["close"]),  # at its bound, after what is dated before it
        (0, None, None, "2024-03-11", "report-bounds", ["cut"])]
    assert semeval_lines("Acme", entries).splitlines()[1:] == [  # the planned closure is on it, undated
        "0\tXXXX-XX-XX\topening-1-close", "0\tXXXX-XX-XX\tcuts-0-cut", "1\t2024-03-04\topening-0-opened"]
    assert "≤2024-03-11" in table_lines(entries) and "≥2024-03-06" in table_lines(entries)
    assert {event: title.rsplit(" · ", 1)[1] for event, title in undated.items()} == {
        "opening-e2": "on or after 2024-03-06, first reported 2024-03-06",
        "cuts-e1": "on or before 2024-03-11, first reported 2024-03-11"}
    assert since == ["opening-e1"]  # a date range selects dated events only


def test_a_places_timeline_has_what_happened_there_and_what_it_did(tmp_path) -> None:
    folder = tmp_path / "store"
    with Store(folder) as opened:  # written for this test
        ingest(opened, [Article("storm", "A storm closed the airport in Oslo on Monday, officials said.",
                                dt.date(2025, 2, 4), title="Storm"),
                        Article("aid", "Norway said on Wednesday that it would send aid to the flooded region.",
                                dt.date(2025, 2, 5), title="Aid")])
    oslo = json.loads(kg("timeline", "Oslo", "--store", folder, "--format", "json").stdout)
    assert any(m["anchor"] == "storm" for e in oslo for m in e["mentions"])
    norway = json.loads(kg("timeline", "norway", "--store", folder, "--format", "json").stdout)
    anchors = {m["anchor"] for e in norway for m in e["mentions"]}
    assert {"storm", "said"} <= anchors  # at a place within it (Oslo), and its own statement


def test_a_semeval_timeline_lists_what_the_entity_does_or_undergoes_not_where_it_happened() -> None:
    def entry(event: str, roles: list[str]) -> dict[str, object]:
        return {"event": event, "roles": roles, "factuality": "asserted", "order": 1, "date": "2025-03-10",
                "mentions": [{"article": "a", "id": event, "start": 0, "end": 4, "anchor": "0-0", "class": "OCCURRENCE"}]}

    entries = [entry("bought", ["agent"]), entry("fined", ["target"]), entry("summit", []), entry("flood", [])]
    assert [e["event"] for e in on_timeline(entries)] == ["bought", "fined"]
