"""Logs carry the request id the client gets back; /metrics counts what happened."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from linkgraph import logs
from tests.api.network import FOLLOW
from tests.conftest import Api


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The root logger's lines, as the JSON format writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.request_id_filter())
    handler.setFormatter(logs.formatter("json"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_every_line_of_a_request_has_its_id(api: Api, json_log: io.StringIO) -> None:
    member = await api.member()
    request_id = str(uuid.uuid4())  # as clients send it: 36 characters, logged whole
    response = await api.client.post(
        "/graphql",
        json={"query": "query Me { viewer { handle } } ", "operationName": "Me"},
        headers={"Authorization": f"Bearer {member.token}", "X-Request-ID": request_id},
    )
    assert response.headers["X-Request-ID"] == request_id
    mine = [line for line in lines(json_log) if line["request_id"] == request_id]
    (operation,) = [line for line in mine if line["logger"] == "linkgraph.operations"]
    assert operation["operation"] == "Me"
    assert operation["operation_type"] == "query"
    assert operation["store_round_trips"] == 1
    assert operation["error_codes"] == []
    assert {"time", "level", "message"} <= operation.keys()


async def test_a_generated_request_id_is_returned_and_logged(
    api: Api, json_log: io.StringIO
) -> None:
    # A request id the client did not choose is generated and returned.
    response = await api.client.post(
        "/graphql", json={"query": "{ nosuchfield }"}, headers={"X-Request-ID": "not a uuid"}
    )
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (operation,) = [line for line in lines(json_log) if line["logger"] == "linkgraph.operations"]
    assert operation["request_id"] == request_id
    assert operation["error_codes"] == ["GRAPHQL_VALIDATION_FAILED"]


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in Prometheus text (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for series in family.samples:
            if series.name == name and series.labels == labels:
                return series.value
    return 0.0


async def test_metrics_count_operations_errors_and_the_store(make_api) -> None:
    async with make_api() as api:
        member = await api.member()
        for _ in range(3):
            await api.ok("query Me { viewer { handle } }", as_=member)
        await api.error(FOLLOW, {"id": member.gid})  # anonymous: UNAUTHENTICATED
        await api.gql("{ nosuchfield }")
        await api.post("{ viewer { handle } }", token="not-a-token")

        response = await api.client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        text = response.text
        assert sample(text, "linkgraph_operation_duration_seconds_count", type="query",
                      operation="Me") == 3  # fmt: skip
        assert sample(text, "linkgraph_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1
        # One from GraphQL, one a 401 for the bad token.
        assert sample(text, "linkgraph_errors_total", code="UNAUTHENTICATED") == 2
        reads = sample(text, "linkgraph_store_statement_duration_seconds_count", access="read")
        writes = sample(text, "linkgraph_store_statement_duration_seconds_count", access="write")
        assert reads >= 3 and writes >= 1
        assert sample(text, "linkgraph_store_connections_in_use") == 0
        assert sample(text, "linkgraph_store_connections_max") == 100


async def test_operation_names_cannot_grow_the_series_without_bound(make_api) -> None:
    from linkgraph.metrics import MAX_OPERATION_NAMES

    async with make_api() as api:
        for i in range(MAX_OPERATION_NAMES + 5):
            await api.post(f"query Op{i} {{ __typename }}")
        text = (await api.client.get("/metrics")).text
        assert sample(text, "linkgraph_operation_duration_seconds_count", type="query",
                      operation="other") == 5  # fmt: skip


async def test_metrics_can_be_turned_off(make_api) -> None:
    async with make_api(metrics=False) as api:
        assert (await api.client.get("/metrics")).status_code == 404


async def test_every_refusal_is_counted_by_its_code(make_api) -> None:
    """Whatever stage refuses a request, the code a client saw is counted once."""
    async with make_api(max_query_cost=50) as api:
        member = await api.member()
        refusals = {
            "GRAPHQL_PARSE_FAILED": {"query": "{ viewer { "},
            "QUERY_TOO_COMPLEX": {"query": "{ people(first: 100) { edges { node { id } } } }"},
            "BAD_REQUEST": {"query": "query A { viewer { id } } query B { viewer { id } }"},
        }
        seen: dict[str, int] = {}
        for code, body in refusals.items():
            response = await api.client.post(
                "/graphql", json=body, headers={"Authorization": f"Bearer {member.token}"}
            )
            assert response.json()["errors"][0]["extensions"]["code"] == code
            seen[code] = seen.get(code, 0) + 1
        tokens = "{ viewer { " + "name " * 5_000 + "} }"
        assert (await api.gql(tokens))["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        seen["QUERY_TOO_COMPLEX"] += 1
        assert (await api.client.post("/graphql", content=b'"x"')).status_code == 400
        seen["BAD_REQUEST"] += 1
        not_acceptable = await api.client.post("/graphql", json={}, headers={"Accept": "text/csv"})
        assert not_acceptable.status_code == 406
        seen["NOT_ACCEPTABLE"] = 1
        text = (await api.client.get("/metrics")).text
        for code, count in seen.items():
            assert sample(text, "linkgraph_errors_total", code=code) == count, code
