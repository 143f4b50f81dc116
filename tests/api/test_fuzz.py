"""schemathesis against the OpenAPI schema, on a real server: no 5xx, and every response as documented.

Each operation gets a few dozen generated requests that follow the schema (positive) and that
break it (negative), sent with the writer's token so that POST /articles and SPARQL updates run
too, on a store of their own. The checks are the ones the issue asks for: no server error,
documented status code, content type, headers and body. (schemathesis' "positive data
acceptance" check is left out: a few schema-valid combinations are refused on purpose with a
documented 400, e.g. a `start` after `end`.)
"""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_headers_conformance,
                                 response_schema_conformance, status_code_conformance)

from api.main import create_app
from apitest import Server, build_store, running_server
from kg.config import Settings
from kg.store import Store

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = 25
TOKEN = "fuzz-token"
SCHEMA = schemathesis.openapi.from_dict(create_app(store=Store(), settings=Settings()).openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
#: operations with nothing schemathesis can break (string path ids, no parameters, free-form bodies)
NOTHING_TO_NEGATE = {"GET /events/{event_id}", "GET /actors/{actor_id}", "GET /places/{place_id}",
                     "GET /articles/{article_id}", "GET /stats", "GET /view", "POST /sparql"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("fuzz")
    with running_server(build_store(folder / "store"), TOKEN, folder / "server.log") as server:
        yield server
        log = (folder / "server.log").read_text()
    assert "Traceback" not in log, log[-3000:]  # no unexpected error, even one answered as a 4xx


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_conforms_to_its_schema(fuzz_server: Server, operation, mode: GenerationMode) -> None:
    if mode is GenerationMode.NEGATIVE and operation.label in NOTHING_TO_NEGATE:
        pytest.skip(f"schemathesis cannot make a request that breaks the schema of {operation.label}")
    headers = {"authorization": f"Bearer {TOKEN}"}

    @given(case=operation.as_strategy(mode))
    @hypothesis.settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def conforms(case) -> None:
        case.call_and_validate(base_url=fuzz_server.url, headers=headers, checks=CHECKS, timeout=60)

    try:
        conforms()
    except hypothesis.errors.Unsatisfiable:
        pytest.skip(f"schemathesis cannot make a {mode.value} request for {operation.label}")
