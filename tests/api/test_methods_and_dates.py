"""Methods and dates (issue #20): OPTIONS and 405 name every method a path takes; date parameters are YYYY-MM-DD."""

from __future__ import annotations

import httpx

from api.main import create_app
from apitest import serve
from kg.config import Settings
from kg.store import Store


def test_options_and_405_name_every_method_the_path_takes(client: httpx.Client) -> None:
    for path, allow in (("/sparql", "GET, POST, OPTIONS"), ("/articles", "GET, POST, OPTIONS"),
                        ("/events/x", "GET, OPTIONS"), ("/docs", "GET, OPTIONS")):
        response = client.options(path)
        assert response.status_code == 204 and response.headers["allow"] == allow, path
    response = client.delete("/sparql")
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST, OPTIONS"
    assert list(response.json()) == ["error"]
    assert client.options("/nowhere").status_code == 404


def test_date_parameters_take_only_iso_dates(example_data: dict) -> None:
    store = Store()
    store.put_graphs(example_data)
    with serve(create_app(store=store, settings=Settings(token="t"))) as client:
        for path, name, value in (("/events", "start", "0"), ("/events", "end", "1704067200"),
                                  ("/timeline", "start", "0"), ("/timeline", "end", "2024-01-03T00:00:00"),
                                  ("/articles", "start", "0"), ("/articles", "end", "0")):
            response = client.get(path, params={name: value})
            assert response.status_code == 422, (path, name, value)
            assert response.json() == {"error": f"query parameter {name}: not a date: use YYYY-MM-DD"}
            assert client.get(path, params={name: "2024-01-03"}).status_code == 200
        response = client.post("/articles", params={"date": "0"}, content=b"Rockets hit a base in Erbil.",
                               headers={"authorization": "Bearer t", "content-type": "text/plain"})
        assert response.status_code == 422 and response.json()["error"].startswith("query parameter date: not a date")
