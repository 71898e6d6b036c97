"""Access to the store: the driver's lifecycle and a per-request handle on it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, LiteralString, Protocol, TypeVar

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    Record,
    RoutingControl,
)
from neo4j.exceptions import ConstraintError, DriverError, Neo4jError
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_before_delay,
    wait_exponential_jitter,
)

from graphdb.errors import translated
from graphdb.queries import schema as q

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]
# The driver, by the name the layers above use (they never import neo4j themselves).
Driver = AsyncDriver

# A transaction function that lost a uniqueness race is run again: on its next run
# it reads the row the winner wrote (the MERGE finds it), so the race resolves itself.
# The winner may not have committed yet (it may itself be retrying a conflict on a
# busy node), so each run waits a little longer, with jitter.
_CONSTRAINT_RETRIES = 6
_CONSTRAINT_WAIT_S = 0.01
# Reads retried on transient errors: the driver's backoff for transactions.
_FIRST_RETRY_WAIT_S = 1.0
_RETRY_JITTER_S = 0.2


def row_of(record: Record) -> Row:
    """A record as a dict. Statements return scalars, lists and map projections, never
    nodes or relationships, so the record's own values are the row: the driver's
    `Record.data()` walks every nested value to convert graph entities, and cost a
    quarter of the service's CPU on a page of second-degree suggestions (2.2 ms of
    Python against 0.1 ms for this). The test suite checks the two agree."""
    return dict(record)


class Runner(Protocol):
    """Anything that runs a statement and returns its rows: a Graph or a Tx."""

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]: ...


class StoreObserver(Protocol):
    """Told of every statement and of the connections a request holds (metrics)."""

    def statement_done(self, access: str, seconds: float) -> None: ...

    def connection_taken(self) -> None: ...

    def connection_returned(self) -> None: ...


class _Unobserved:
    def statement_done(self, access: str, seconds: float) -> None:
        pass

    def connection_taken(self) -> None:
        pass

    def connection_returned(self) -> None:
        pass


@contextlib.contextmanager
def _holding_connection(observer: StoreObserver) -> Iterator[None]:
    observer.connection_taken()
    try:
        yield
    finally:
        observer.connection_returned()


@dataclasses.dataclass(frozen=True)
class DriverSettings:
    uri: str
    user: str
    password: str
    database: str
    connection_timeout_s: float = 5.0
    acquisition_timeout_s: float = 10.0
    max_retry_time_s: float = 5.0
    max_pool_size: int = 100
    # The driver's first wait before retrying a transaction (its default is 1 s, sized
    # for a cluster electing a leader). Most retried writes here lost a race for one
    # record (a hub followed while it accepts an invitation), which clears within
    # milliseconds: at 1 s a 2 s budget allowed one retry, at 0.2 s it allows three.
    initial_retry_delay_s: float = 0.2


def open_driver(settings: DriverSettings) -> AsyncDriver:
    """An async driver with timeouts set so a lost store fails requests fast."""
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.user, settings.password),
        connection_timeout=settings.connection_timeout_s,
        connection_acquisition_timeout=settings.acquisition_timeout_s,
        max_transaction_retry_time=settings.max_retry_time_s,
        initial_retry_delay=settings.initial_retry_delay_s,  # a session setting, accepted here
        max_connection_pool_size=settings.max_pool_size,
        user_agent="linkgraph",
    )


class Tx:
    """One write transaction, counting its statements against the request."""

    def __init__(self, tx: AsyncManagedTransaction, graph: Graph) -> None:
        self._tx = tx
        self._graph = graph

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        self._graph.round_trips += 1
        started = time.perf_counter()
        try:
            result = await self._tx.run(query, params)
            return [row_of(record) async for record in result]
        finally:
            self._graph.observer.statement_done("write", time.perf_counter() - started)


def _retryable(error: BaseException) -> bool:
    return isinstance(error, (DriverError, Neo4jError)) and error.is_retryable()


class Graph:
    """The store as one request (or one CLI task) sees it.

    Counts its round trips so a request's cost in store calls is observable. Reads go
    to readers of a cluster as auto-commit statements, retried here on transient errors
    for up to `retry_time_s`; writes run as transaction functions the driver retries,
    so they must be idempotent.
    """

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        observer: StoreObserver | None = None,
        retry_time_s: float = DriverSettings.max_retry_time_s,
        *,
        concurrency: int | None = None,
        deadline_s: float | None = None,
    ) -> None:
        """`concurrency` bounds the statements in flight at once (so one request cannot
        take the driver's whole pool); `deadline_s` bounds the store time of everything
        done through this handle, waits for a connection and retries included (so a
        request answers within its retry budget, whatever the store does)."""
        self.driver = driver
        self.database = database
        self.observer: StoreObserver = observer or _Unobserved()
        self.retry_time_s = retry_time_s
        self.round_trips = 0
        self._slots = asyncio.Semaphore(concurrency) if concurrency else None
        self._deadline = (
            asyncio.get_running_loop().time() + deadline_s if deadline_s is not None else None
        )

    @contextlib.asynccontextmanager
    async def _bounded(self) -> AsyncIterator[None]:
        """The handle's limits around a write (reads take the same ones inline)."""
        try:
            async with contextlib.AsyncExitStack() as stack:
                if self._deadline is not None:
                    # Raises TimeoutError: to clients, the store is unavailable.
                    await stack.enter_async_context(asyncio.timeout_at(self._deadline))
                if self._slots is not None:
                    await stack.enter_async_context(self._slots)
                stack.enter_context(_holding_connection(self.observer))
                yield
        except Exception as e:  # the driver's errors become the service's own here
            error = translated(e)
            if error is e:
                raise
            raise error from e

    async def rows(self, query: LiteralString, **params: Any) -> list[Row]:
        """Run one read statement and return its rows as dicts.

        Straight-line on purpose: this runs for every read, and the context managers
        and retry objects the general form takes cost ~90 µs of CPU per statement (a
        tenth of the driver's own); retrying starts only once an attempt failed."""
        self.round_trips += 1
        started = time.perf_counter()
        observer = self.observer
        try:
            if self._deadline is None:
                return await self._read_within_slots(query, params)
            # Raises TimeoutError: to clients, the store is unavailable.
            async with asyncio.timeout_at(self._deadline):
                return await self._read_within_slots(query, params)
        except Exception as e:  # the driver's errors become the service's own here
            error = translated(e)
            if error is e:
                raise
            raise error from e
        finally:
            observer.statement_done("read", time.perf_counter() - started)

    async def _read_within_slots(self, query: LiteralString, params: dict[str, Any]) -> list[Row]:
        slots = self._slots
        if slots is not None:
            await slots.acquire()
        self.observer.connection_taken()
        try:
            try:
                return await self._read(query, params)
            except Exception as e:
                if not _retryable(e) or self.retry_time_s <= _FIRST_RETRY_WAIT_S:
                    raise
            return await self._read_again(query, params)
        finally:
            self.observer.connection_returned()
            if slots is not None:
                slots.release()

    async def _read_again(self, query: LiteralString, params: dict[str, Any]) -> list[Row]:
        """After a transient failure: the driver's own policy for transactions, which it
        does not apply to auto-commit statements."""
        await asyncio.sleep(_FIRST_RETRY_WAIT_S + random.uniform(0, _RETRY_JITTER_S))
        async for attempt in self._retrying():
            with attempt:
                return await self._read(query, params)
        raise AssertionError("unreachable")  # the last failed attempt raises

    async def _read(self, query: LiteralString, params: dict[str, Any]) -> list[Row]:
        # Auto-commit: one network round trip (RUN and PULL), where a transaction function
        # or execute_query takes two (BEGIN, RUN and PULL, then COMMIT); 0.5 ms less per
        # statement over loopback, and less driver work. The same bookmark manager as
        # writes use, so a read follows the writes before it.
        async with self.driver.session(
            database=self.database,
            default_access_mode=READ_ACCESS,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        ) as session:
            result = await session.run(query, params)
            return [row_of(record) async for record in result]

    def _retrying(self) -> AsyncRetrying:
        """Retryable errors, backoff doubling from 2 s (the first wait, 1 s, is taken
        before), within the retry time."""
        return AsyncRetrying(
            retry=retry_if_exception(_retryable),
            stop=stop_before_delay(self.retry_time_s - _FIRST_RETRY_WAIT_S),
            wait=wait_exponential_jitter(
                multiplier=2 * _FIRST_RETRY_WAIT_S, exp_base=2.0, jitter=_RETRY_JITTER_S
            ),
            reraise=True,
        )

    async def write(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run `work` in one write transaction; the driver retries transient failures."""

        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(Tx(tx, self))

        async with self._bounded():
            return await self._write(run)

    async def _write(self, run: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
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
                    await asyncio.sleep(_CONSTRAINT_WAIT_S * 2**attempt * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")


async def ping(driver: AsyncDriver, database: str) -> None:
    """Raise unless the store answers a trivial query."""
    await driver.execute_query(q.PING, database_=database, routing_=RoutingControl.READ)
