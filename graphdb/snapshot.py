"""The snapshot export: the whole network streamed out of the store in column batches.

Each table is one read transaction (routed to a reader on a cluster) whose records the
driver fetches `batch` at a time; the caller (analytics.snapshot) writes each batch out
before the next arrives, so memory stays one batch deep whatever the network's size.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction, AsyncTransaction

from graphdb.errors import translating
from graphdb.queries import snapshot as q

# A batch's columns: lists of values, or Arrow arrays (the grouped tables' mapped ends)
Columns = dict[str, Any]
# (table, columns of one batch, how many records it came from)
Batch = tuple[str, Columns, int]


def _flat(names: tuple[str, ...]) -> Callable[[Columns, list[Any]], int]:
    def add(columns: Columns, values: list[Any]) -> int:
        for name, value in zip(names, values, strict=True):
            columns[name].append(value)
        return 1

    return add


_SPEC: tuple[tuple[str, LiteralString, tuple[str, ...], bool], ...] = (
    # the costliest first, so that the streams finish together (a million people: the
    # follows 23M rows, posts 2M but each a record of its own, connections 10M)
    ("follows", q.SNAPSHOT_FOLLOWS, ("follower", "followee", "since", "viaConnection"), True),
    ("posts", q.SNAPSHOT_POSTS, ("id", "author", "authorKind", "createdAt", "visibility"), False),
    ("connections", q.SNAPSHOT_CONNECTIONS, ("a", "b", "since"), True),
    (
        "invitations",
        q.SNAPSHOT_INVITATIONS,
        ("id", "sender", "recipient", "state", "sentAt", "acceptedAt", "ignoredAt", "withdrawnAt"),
        False,
    ),
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
# The people come with their connections: one scan, and each person's fields ride on
# the record it makes anyway (at a million people, a people scan of its own cost 15 s
# of this process's time and as much of the store's).
PEOPLE = ("people", ("id", "handle", "name", "createdAt", "industry", "location"))
OWNERS = {"connections": PEOPLE}
TABLE_NAMES = (*(name for name, *_ in _SPEC), PEOPLE[0])
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
    with translating():
        async with (
            driver.session(
                database=database, default_access_mode=READ_ACCESS, fetch_size=batch
            ) as session,
            await session.begin_transaction() as tx,
        ):
            if grouped:
                async for item in _grouped(tx, batch, table, statement, names):
                    yield item
                return
            add = _flat(names)
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


async def _grouped(
    tx: AsyncTransaction, batch: int, table: str, statement: LiteralString, names: tuple[str, ...]
) -> AsyncIterator[Batch]:
    """A per-person table (`owner, other, *more`): each person's record of parallel
    lists becomes a row per relationship. The far ends arrive as element ids and are
    mapped to ids once the scan has seen every person, so the rows are held (as Arrow
    arrays, about 40 bytes a relationship) until the end; batches with no columns
    tell the progress meanwhile."""
    import pyarrow as pa
    import pyarrow.compute as compute

    pc: Any = compute  # generated at import: the type checker cannot see its functions

    owner, other, *more = names
    eids: list[str] = []  # every person seen, in scan order
    ids: list[str] = []
    owners, fields = OWNERS.get(table, ("", ()))
    owned: Columns = {name: [] for name in fields}  # the owners' own rows, if asked
    held: list[dict[str, pa.Array]] = []
    rows: dict[str, list[Any]] = {name: [] for name in names}
    pending = 0

    def hold() -> None:
        types = {owner: pa.int64(), other: pa.string()}
        held.append({name: pa.array(values, types.get(name)) for name, values in rows.items()})
        for values in rows.values():
            values.clear()

    result = await tx.run(statement)
    async for record in result:
        eid, person, others, *lists = record.values()
        eids.append(eid)
        ids.append(person)
        if fields:
            for name, value in zip(fields, (person, *lists[len(more) :]), strict=True):
                owned[name].append(value)
            lists = lists[: len(more)]
        if others:
            rows[owner].extend([len(ids) - 1] * len(others))
            rows[other].extend(others)
            for name, values in zip(more, lists, strict=True):
                rows[name].extend(values)
        pending += 1
        if pending >= batch:
            hold()
            yield table, {}, pending
            if fields:
                yield owners, owned, pending
                owned = {name: [] for name in fields}
            pending = 0
    hold()
    if pending:
        yield table, {}, pending
        if fields:
            yield owners, owned, pending

    # one hash of everyone's element ids for all the ends at once (each call hashes
    # its value set anew: a million people, per batch, was a tenth of the snapshot)
    ends = pa.concat_arrays([piece[other] for piece in held])
    at = pc.index_in(ends, value_set=pa.array(eids, pa.string()))
    if at.null_count:  # ends who joined after the scan passed them: looked up
        unseen = pc.unique(ends.filter(pc.is_null(at)))
        found = await tx.run(q.SNAPSHOT_PEOPLE_BY_ELEMENT_ID, eids=unseen.to_pylist())
        async for record in found:
            eids.append(record["eid"])
            ids.append(record["id"])
        at = pc.index_in(ends, value_set=pa.array(eids, pa.string()))
    del ends
    people = pa.array(ids, pa.string())
    offset = 0
    while held:
        piece = held.pop(0)
        ends_at = at.slice(offset, len(piece[other]))
        offset += len(ends_at)
        known = pc.is_valid(ends_at)  # an end not found had left before the lookup
        columns: Columns = {
            owner: people.take(piece[owner].filter(known)),
            other: people.take(ends_at.filter(known)),
        }
        for name in more:
            columns[name] = piece[name].filter(known)
        yield table, columns, 0


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
