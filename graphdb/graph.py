"""Access to the store: the driver's lifecycle and a per-request handle on it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString, Protocol, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import ConstraintError

from graphdb.queries import schema as q

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]

# A transaction function that lost a uniqueness race is run again: on its second run
# it reads the row the winner wrote (the MERGE finds it), so the race resolves itself.
_CONSTRAINT_RETRIES = 3


class Runner(Protocol):
    """Anything that runs a statement and returns its rows: a Graph or a Tx."""

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]: ...


@dataclasses.dataclass(frozen=True)
class DriverSettings:
    uri: str
    user: str
    password: str
    database: str
    connection_timeout_s: float = 5.0
    acquisition_timeout_s: float = 10.0
    max_retry_time_s: float = 5.0


def open_driver(settings: DriverSettings) -> AsyncDriver:
    """An async driver with timeouts set so a lost store fails requests fast."""
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.user, settings.password),
        connection_timeout=settings.connection_timeout_s,
        connection_acquisition_timeout=settings.acquisition_timeout_s,
        max_transaction_retry_time=settings.max_retry_time_s,
        user_agent="linkgraph",
    )


class Tx:
    """One write transaction, counting its statements against the request."""

    def __init__(self, tx: AsyncManagedTransaction, graph: Graph) -> None:
        self._tx = tx
        self._graph = graph

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        self._graph.round_trips += 1
        result = await self._tx.run(query, params)
        return [record.data() async for record in result]


class Graph:
    """The store as one request (or one CLI task) sees it.

    Counts its round trips so a request's cost in store calls is observable. Reads go
    to readers of a cluster; writes run as transaction functions the driver retries on
    transient errors, so they must be idempotent.
    """

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.round_trips = 0

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        """Run one read statement and return its rows as dicts."""
        self.round_trips += 1
        result = await self.driver.execute_query(
            query,
            params,
            database_=self.database,
            routing_=RoutingControl.READ,
        )
        return [record.data() for record in result.records]

    async def write(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run `work` in one write transaction; the driver retries transient failures."""

        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(Tx(tx, self))

        # Same bookmark manager as execute_query: reads that follow see this write.
        async with self.driver.session(
            database=self.database,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        ) as session:
            for attempt in range(_CONSTRAINT_RETRIES):
                try:
                    return await session.execute_write(run)
                except ConstraintError:
                    if attempt == _CONSTRAINT_RETRIES - 1:
                        raise
                    log.debug("uniqueness race lost; running the transaction again")
        raise AssertionError("unreachable")


async def ping(driver: AsyncDriver, database: str) -> None:
    """Raise unless the store answers a trivial query."""
    await driver.execute_query(q.PING, database_=database, routing_=RoutingControl.READ)
