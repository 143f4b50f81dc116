"""POST /articles: the whole pipeline behind a token, with clear 4xx JSON on bad input and a 207 for a batch
that is partly bad (all or nothing with strict=true)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from apitest import Server, build_store, running_server

TOKEN = "ingest-token-77"
KERMAN = ("date 2024-01-04\nTwo explosions killed at least 84 people in Kerman, Iran, on Wednesday at a memorial "
          "for Qasem Soleimani. Iranian state media said the blasts were a terrorist attack.")
PROTEST = {"text": "Thousands of people protested in Tehran on Friday after the bombing in Kerman.",
           "date": "2024-01-05", "title": "Protest in Tehran", "source": "Example News"}


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A writable server over its own copy of the example store (these tests add articles)."""
    folder = tmp_path_factory.mktemp("ingest")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log") as server:
        yield server


def snapshot(client: httpx.Client) -> set[str]:
    """Every quad of the store, to tell whether anything changed."""
    response = client.get("/export", params={"format": "nq"})
    assert response.status_code == 200
    return set(response.text.splitlines())


def post(server: Server, body: bytes | str, content_type: str | None = "text/plain", *, token: str | None = TOKEN,
         **params: str) -> httpx.Response:
    headers = {"content-type": content_type} if content_type else {}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    return server.client.post("/articles", content=data, headers=headers, params=params)


def test_a_text_article_goes_through_the_pipeline_once(ingest_server: Server) -> None:
    response = post(ingest_server, KERMAN)
    assert response.status_code == 201, response.text
    report = response.json()
    (article,) = report["added"]
    assert report["skipped"] == [] and report["triples"] > 0 and report["events"] >= 1
    listed = ingest_server.client.get(f"/articles/{article}").json()
    assert listed["published"] == "2024-01-04" and listed["text"].startswith("Two explosions")
    assert listed["mentioned_events"]
    again = post(ingest_server, KERMAN)
    assert again.status_code == 200 and again.json()["added"] == [] and again.json()["skipped"] == [article]


@pytest.mark.parametrize(("content_type", "body", "params"), [
    ("application/json", json.dumps(PROTEST), {}),
    ("application/x-ndjson", json.dumps({**PROTEST, "date": "2024-01-06"}) + "\n", {}),
    ("text/plain; charset=utf-8", "Rockets hit a base in Erbil on Monday.", {"date": "2024-01-15"}),
    ("text/html", "<html><head><title>Erbil</title></head><body><article><p>Missiles struck the city of Erbil in "
     "Iraq on Monday night, killing four people, officials said.</p></article></body></html>", {"date": "2024-01-16"}),
    ("application/octet-stream", "A ceasefire was announced in Gaza on Tuesday.", {"format": "text",
                                                                                   "date": "2024-01-17"}),
])
def test_every_input_format(ingest_server: Server, content_type: str, body: str, params: dict) -> None:
    response = post(ingest_server, body, content_type, **params)
    assert response.status_code == 201, response.text
    assert len(response.json()["added"]) == 1


def test_a_strict_batch_is_all_or_nothing(ingest_server: Server) -> None:
    before = snapshot(ingest_server.client)
    batch = [{"text": "Protesters marched in Paris on Saturday.", "date": "2024-02-03"},
             {"text": "Police arrested ten people in Lyon on Sunday.", "date": "not a date"}]
    response = post(ingest_server, json.dumps(batch), "application/json", strict="true")
    assert response.status_code == 400 and "line 2: invalid date" in response.json()["error"]
    assert snapshot(ingest_server.client) == before
    batch[1]["date"] = "2024-02-04"
    response = post(ingest_server, json.dumps(batch), "application/json", strict="true")
    assert response.status_code == 201 and len(response.json()["added"]) == 2


# written for this test: two short reports of real events, and a line cut off in the middle
FLOODS = {"id": "valencia floods, 30% of a year's rain?", "date": "2024-10-30", "url": "https://example.org/floods #1",
          "text": "Flash floods killed more than 150 people in Valencia, Spain, on Tuesday, officials said."}
STORM = {"date": "2024-09-16", "text": "Storm Boris flooded towns in southern Poland on Sunday."}
BROKEN = '{"date": "2024-09-17", "text": "The river Oder rose'


def test_a_json_lines_batch_with_a_bad_line_stores_the_others_and_answers_207(ingest_server: Server) -> None:
    body = "\n".join([json.dumps(FLOODS), BROKEN, json.dumps(STORM)]) + "\n"
    response = post(ingest_server, body, "application/x-ndjson")
    assert response.status_code == 207, response.text
    report = response.json()
    assert [(item["line"], item["status"]) for item in report["items"]] == [(1, "stored"), (2, "failed"), (3, "stored")]
    error = report["items"][1]["error"]
    assert error.startswith("body: line 2: not valid JSON") and "\n" not in error and report["failed"] == [error]
    floods = report["items"][0]["id"]
    assert report["added"] == [floods, report["items"][2]["id"]]
    stored = ingest_server.client.get(f"/articles/{floods}")
    assert stored.status_code == 200 and stored.json()["url"] == "https://example.org/floods%20#1"

    again = post(ingest_server, body, "application/x-ndjson")  # the same ids: the good lines are skipped
    assert again.status_code == 207
    assert [item["status"] for item in again.json()["items"]] == ["skipped", "failed", "skipped"]

    before = snapshot(ingest_server.client)
    nothing = post(ingest_server, BROKEN + "\n" + '{"text": 42}\n', "application/x-ndjson")
    assert nothing.status_code == 400 and nothing.json()["error"].startswith("body: line 1: not valid JSON")
    assert "1 more bad line" in nothing.json()["error"]
    assert snapshot(ingest_server.client) == before

    documented = ingest_server.client.get("/openapi.json").json()["paths"]["/articles"]["post"]
    assert "207" in documented["responses"] and "strict" in {p["name"] for p in documented["parameters"]}


@pytest.mark.parametrize(("body", "content_type", "params", "status", "words"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain", {}, 400, "binary"),
    (b"\xff\xfe\xfd not utf-8", "text/plain", {}, 400, "UTF-8"),
    (b"", "text/plain", {}, 400, "empty"),
    (b"   \n\t ", "text/plain", {}, 400, "empty"),
    (b"An undated sentence about Kabul.", "text/plain", {}, 400, "no date"),
    (b"date 2024-13-45\nA bomb exploded in Kabul.", "text/plain", {}, 400, "invalid date"),
    (b"A bomb exploded in Kabul.", "text/plain", {"date": "2024-02-30"}, 422, "date"),
    (b'{"text": "A bomb exploded in Kabul.", "date": "someday"}', "application/json", {}, 400, "invalid date"),
    (b'{"text": 42}', "application/json", {}, 400, "'text' string"),
    (b"[]", "application/json", {}, 400, "non-empty array"),
    (b"{not json", "application/json", {}, 400, "not valid JSON"),
    (b"<html><body></body></html>", "text/html", {}, 400, "no main text"),
    (b"A bomb exploded in Kabul.", "application/pdf", {}, 415, "Content-Type"),
    (b"A bomb exploded in Kabul.", None, {}, 415, "Content-Type"),
    (b"A bomb exploded in Kabul.", "text/plain", {"format": "docx"}, 422, "format"),
])
def test_bad_input_is_a_clear_4xx_and_changes_nothing(ingest_server: Server, body: bytes, content_type: str | None,
                                                      params: dict, status: int, words: str) -> None:
    before = snapshot(ingest_server.client)
    response = post(ingest_server, body, content_type, **params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert words in error and "\n" not in error and "Traceback" not in error
    assert snapshot(ingest_server.client) == before


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("wrong", 403), ("test-token-4f1c", 403)])
def test_wrong_or_missing_token(ingest_server: Server, token: str | None, status: int) -> None:
    before = snapshot(ingest_server.client)
    response = post(ingest_server, KERMAN.replace("84", "85"), token=token)
    assert response.status_code == status and "error" in response.json()
    assert snapshot(ingest_server.client) == before


def test_a_read_only_server_refuses(server: Server) -> None:
    response = post(server, KERMAN, token="anything")
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert server.client.get("/stats").json()["articles"] == 2
