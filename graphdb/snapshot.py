"""The snapshot export: the whole network streamed out of the store in column batches.

Each table is one read transaction (routed to a reader on a cluster) whose records the
driver fetches `batch` at a time; the caller (analytics.snapshot) writes each batch out
before the next arrives, so memory stays one batch deep whatever the network's size.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction

from graphdb.errors import translating
from graphdb.queries import snapshot as q

Columns = dict[str, list[Any]]
# (table, columns of one batch, how many records it came from)
Batch = tuple[str, Columns, int]


def _flat(names: tuple[str, ...]) -> Callable[[Columns, list[Any]], int]:
    def add(columns: Columns, values: list[Any]) -> int:
        for name, value in zip(names, values, strict=True):
            columns[name].append(value)
        return 1

    return add


def _grouped(names: tuple[str, ...]) -> Callable[[Columns, list[Any]], int]:
    """A person's record of parallel lists -> one row per relationship."""
    owner, *listed = names

    def add(columns: Columns, values: list[Any]) -> int:
        person, *lists = values
        n = len(lists[0])
        if n:
            columns[owner].extend([person] * n)
            for name, value in zip(listed, lists, strict=True):
                columns[name].extend(value)
        return n

    return add


_SPEC: tuple[tuple[str, LiteralString, tuple[str, ...], bool], ...] = (
    # the biggest first, so that the streams finish together
    ("follows", q.SNAPSHOT_FOLLOWS, ("follower", "followee", "since", "viaConnection"), True),
    ("connections", q.SNAPSHOT_CONNECTIONS, ("a", "b", "since"), True),
    (
        "people",
        q.SNAPSHOT_PEOPLE,
        ("id", "handle", "name", "createdAt", "industry", "location"),
        False,
    ),
    (
        "invitations",
        q.SNAPSHOT_INVITATIONS,
        ("id", "sender", "recipient", "state", "sentAt", "acceptedAt", "ignoredAt", "withdrawnAt"),
        False,
    ),
    ("posts", q.SNAPSHOT_POSTS, ("id", "author", "authorKind", "createdAt", "visibility"), False),
    (
        "organizations",
        q.SNAPSHOT_ORGANIZATIONS,
        ("id", "name", "kind", "createdAt", "followers"),
        False,
    ),
    ("affiliations", q.SNAPSHOT_AFFILIATIONS, ("person", "organization", "role", "year"), False),
    (
        "organizationFollows",
        q.SNAPSHOT_ORGANIZATION_FOLLOWS,
        ("person", "organization", "since"),
        False,
    ),
)
TABLE_NAMES = tuple(name for name, *_ in _SPEC)
# Tables with one record per person (their progress: people read, of all people).
PER_PERSON = frozenset({"people", "connections", "follows"})


async def batches(
    driver: AsyncDriver, database: str, batch: int = 20_000, streams: int = 3
) -> AsyncIterator[Batch]:
    """Every table's rows, `batch` records (people, or people's groups) at a time, from
    `streams` tables at once: while this process decodes one table's records the store
    is already producing another's (one stream left the store idle half the time)."""
    tables = iter(_SPEC)
    queue: asyncio.Queue[Batch | BaseException | None] = asyncio.Queue(maxsize=2 * streams)

    async def stream() -> None:
        try:
            for spec in tables:  # shared: each stream takes the next table
                async for item in _table(driver, database, batch, *spec):
                    await queue.put(item)
            await queue.put(None)
        except BaseException as error:  # handed to the consumer, which raises it
            await queue.put(error)

    workers = [asyncio.create_task(stream()) for _ in range(streams)]
    finished = 0
    try:
        while finished < streams:
            item = await queue.get()
            if item is None:
                finished += 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item
    finally:
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


async def _table(
    driver: AsyncDriver,
    database: str,
    batch: int,
    table: str,
    statement: LiteralString,
    names: tuple[str, ...],
    grouped: bool,
) -> AsyncIterator[Batch]:
    add = (_grouped if grouped else _flat)(names)
    with translating():
        async with (
            driver.session(
                database=database, default_access_mode=READ_ACCESS, fetch_size=batch
            ) as session,
            await session.begin_transaction() as tx,
        ):
            result = await tx.run(statement)
            columns: Columns = {name: [] for name in names}
            pending = 0
            async for record in result:
                add(columns, record.values())
                pending += 1
                if pending >= batch:
                    yield table, columns, pending
                    columns, pending = {name: [] for name in names}, 0
            if pending:
                yield table, columns, pending


async def block_count(driver: AsyncDriver, database: str) -> int:
    async def read(tx: AsyncManagedTransaction) -> int:
        record = await (await tx.run(q.SNAPSHOT_BLOCKS)).single()
        return int(record["blocks"]) if record else 0

    with translating():
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as s:
            return await s.execute_read(read)


async def person_count(driver: AsyncDriver, database: str) -> int:
    async def read(tx: AsyncManagedTransaction) -> int:
        record = await (await tx.run(q.SNAPSHOT_PERSON_COUNT)).single()
        return int(record["people"]) if record else 0

    with translating():
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as s:
            return await s.execute_read(read)
