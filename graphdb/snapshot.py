"""The snapshot export: the whole network streamed out of the store in column batches.

Each table is one read transaction (routed to a reader on a cluster) whose records the
driver fetches `batch` at a time; the caller (analytics.snapshot) writes each batch out
before the next arrives. Flat tables stay one batch deep whatever the network's size;
the per-person tables hold their relationships as Arrow arrays (about 40 bytes each:
1.7 GB at a million people) until their far ends can be mapped to ids.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Sequence
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
    # follows 23M rows; the connections 10M, with the people and their posts riding)
    ("follows", q.SNAPSHOT_FOLLOWS, ("follower", "followee", "since", "viaConnection"), True),
    ("connections", q.SNAPSHOT_CONNECTIONS, ("a", "b", "since"), True),
    (
        "posts",
        q.SNAPSHOT_ORGANIZATION_POSTS,
        ("id", "author", "authorKind", "createdAt", "visibility"),
        False,
    ),
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


@dataclasses.dataclass(frozen=True)
class Rider:
    """A table whose rows ride on a per-person table's records: each person's own
    fields (a row per person), or lists of their own things (a row per element).
    The driver's cost is per record (12-15 µs of CPU, whatever it holds). At a million
    people, a people scan of its own cost 15 s of this process's time and as much of
    the store's, and the posts, a record each, made 2M records."""

    table: str
    owner: str  # the column the person's id fills
    fields: tuple[str, ...]  # the columns the record's trailing values fill, in order
    lists: bool = False
    constants: tuple[tuple[str, str], ...] = ()


RIDERS = {
    "connections": (
        Rider("people", "id", ("handle", "name", "createdAt", "industry", "location")),
        Rider(
            "posts", "author", ("id", "createdAt", "visibility"), True, (("authorKind", "PERSON"),)
        ),
    )
}
TABLE_NAMES = (*(name for name, *_ in _SPEC), *(r.table for rs in RIDERS.values() for r in rs))
# Tables read a record per person (their progress: people read, of all people; the
# organizations' posts, a few more, are capped at done).
PER_PERSON = frozenset({"people", "connections", "follows", "posts"})


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
    riders = RIDERS.get(table, ())
    rode = _riding(riders)
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
        if riders:
            _ride(riders, rode, person, lists[len(more) :])
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
            for rider in riders:
                yield rider.table, _finished(rider, rode[rider.table]), pending
            rode = _riding(riders)
            pending = 0
    hold()
    if pending:
        yield table, {}, pending
        for rider in riders:
            yield rider.table, _finished(rider, rode[rider.table]), pending

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


def _riding(riders: Sequence[Rider]) -> dict[str, Columns]:
    return {r.table: {name: [] for name in (r.owner, *r.fields)} for r in riders}


def _ride(riders: Sequence[Rider], rode: dict[str, Columns], person: str, values: list) -> None:
    """A record's trailing values into the riding tables' rows."""
    for rider in riders:
        mine, values = values[: len(rider.fields)], values[len(rider.fields) :]
        columns = rode[rider.table]
        if not rider.lists:
            columns[rider.owner].append(person)
            for name, value in zip(rider.fields, mine, strict=True):
                columns[name].append(value)
        elif mine[0]:
            columns[rider.owner].extend([person] * len(mine[0]))
            for name, value in zip(rider.fields, mine, strict=True):
                columns[name].extend(value)


def _finished(rider: Rider, columns: Columns) -> Columns:
    rows = len(columns[rider.owner])
    return {**columns, **{name: [value] * rows for name, value in rider.constants}}


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
