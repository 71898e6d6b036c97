"""A request's store handle is bounded: statements in flight at once, and the time all
of them may take, waits and retries included."""

from __future__ import annotations

import asyncio
import socket

import pytest
from neo4j import AsyncGraphDatabase
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    ServiceUnavailable,
)

from graphdb.errors import StoreConstraint, StoreUnavailable, translated
from graphdb.graph import Graph
from graphdb.localstore import DATABASE
from graphdb.queries.schema import PING


class Peak:
    """A StoreObserver that remembers the most connections held at once."""

    def __init__(self) -> None:
        self.now = self.most = 0

    def statement_done(self, access: str, seconds: float) -> None:
        pass

    def connection_taken(self) -> None:
        self.now += 1
        self.most = max(self.most, self.now)

    def connection_returned(self) -> None:
        self.now -= 1


async def test_statements_in_flight_are_bounded(graph: Graph) -> None:
    peak = Peak()
    bounded = Graph(graph.driver, DATABASE, peak, concurrency=3)
    rows = await asyncio.gather(*(bounded.rows(PING) for _ in range(40)))
    assert rows == [[{"ok": 1}]] * 40
    assert peak.most == 3 and peak.now == 0
    unbounded = Peak()
    await asyncio.gather(*(Graph(graph.driver, DATABASE, unbounded).rows(PING) for _ in range(40)))
    assert unbounded.most > 3  # so the bound above is what held it


async def test_the_deadline_covers_every_wait() -> None:
    """Against a port that accepts connections and never answers, the driver would wait
    its connection timeout (30 s here) for each attempt; the deadline cuts it short."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        port = silent.getsockname()[1]
        async with AsyncGraphDatabase.driver(
            f"bolt://127.0.0.1:{port}", auth=("u", "p"), connection_timeout=30
        ) as driver:
            started = asyncio.get_running_loop().time()
            with pytest.raises(StoreUnavailable) as raised:
                await Graph(driver, DATABASE, retry_time_s=30, deadline_s=0.5).rows(PING)
            assert isinstance(raised.value.__cause__, TimeoutError)  # the deadline, not the driver
            # Not a timing assertion on the service: the deadline is what is under test.
            assert asyncio.get_running_loop().time() - started < 10
    finally:
        silent.close()


def test_the_drivers_errors_become_the_services_own() -> None:
    assert type(translated(ConnectionAcquisitionTimeoutError("pool full"))) is StoreUnavailable
    assert type(translated(TimeoutError())) is StoreUnavailable
    assert type(translated(ServiceUnavailable("gone"))) is StoreUnavailable
    assert type(translated(ConstraintError("dup"))) is StoreConstraint
    assert translated(ValueError("ours")).__class__ is ValueError  # not the store's
