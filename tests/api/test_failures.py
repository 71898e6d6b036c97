"""Failures inside the service are masked: a code and a request id, never internals."""

from __future__ import annotations

import socket

from neo4j import AsyncGraphDatabase

from graphdb.localstore import DATABASE, USER
from resolvers.context import Policy, build_context
from schema.root import schema

QUERY = "query($h: String!) { person(handle: $h) { id } }"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_store_unreachable_is_store_unavailable(store) -> None:
    driver = AsyncGraphDatabase.driver(
        f"bolt://127.0.0.1:{_closed_port()}",
        auth=(USER, "x"),
        connection_timeout=1,
        max_transaction_retry_time=0,
    )
    try:
        context = build_context(driver, DATABASE, None, Policy(), request_id="rid-1")
        result = await schema.execute(QUERY, {"h": "anyone"}, context_value=context)
    finally:
        await driver.close()
    (error,) = result.errors
    assert error.extensions == {"code": "STORE_UNAVAILABLE", "requestId": "rid-1"}


async def test_internal_errors_are_masked_and_logged(store, caplog) -> None:
    # Real store, a database it does not have: the store's own error must not reach
    # the client.
    driver = AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password))
    try:
        context = build_context(driver, "no_such_db", None, Policy(), request_id="rid-2")
        result = await schema.execute(QUERY, {"h": "anyone"}, context_value=context)
    finally:
        await driver.close()
    (error,) = result.errors
    assert error.message == "Internal server error."
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "rid-2"}
    assert "MATCH" not in str(error.formatted)
    assert any("rid-2" in r.getMessage() and r.exc_info for r in caplog.records)
