"""Connections: the list, and removal by either side."""

from __future__ import annotations

from graphdb import connections as connections_db
from graphdb.graph import Tx
from graphdb.records import Keyset, LinkedPerson
from resolvers import people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.pagination import decode_cursor, make_page, page_info, page_size
from resolvers.time import to_datetime
from schema import mutations as mutation_types
from schema import person as person_types


async def connections(
    info: Info, person_id: str, first: int | None, after: str | None
) -> person_types.ConnectedPersonConnection:
    limit = page_size(first)
    start = decode_cursor("connections", after)
    rows = await connections_db.page(info.context.graph, person_id, start, limit + 1)
    people.prime(info, [row.person for row in rows])
    page = make_page("connections", rows, limit, _keyset, start)

    async def total() -> int:
        return (await people.counts(info, person_id)).connections

    return person_types.ConnectedPersonConnection(
        edges=[
            person_types.ConnectedPersonEdge(
                cursor=cursor,
                node=people.to_person(row.person),
                connected_at=to_datetime(row.since),
            )
            for row, cursor in page.items
        ],
        page_info=page_info(page),
        count=total,
    )


def _keyset(row: LinkedPerson) -> Keyset:
    return Keyset(row.since, row.person.id)


async def remove(info: Info, person_id: str) -> mutation_types.RemoveConnectionPayload:
    """Remove a connection (idempotent), with the follows the connection created.

    Follows either person chose themselves stay: unfollowing is a separate choice.
    """
    ctx = info.context
    viewer = await ctx.require_viewer()
    other = await people.target(info, person_id, action="remove a connection with")

    async def work(tx: Tx) -> bool:
        await connections_db.lock_pair(tx, viewer.id, other.id)
        return await connections_db.disconnect(tx, viewer.id, other.id)

    removed = await ctx.graph.write(work)
    forget(ctx.loaders.counts, viewer.id, other.id)
    return mutation_types.RemoveConnectionPayload(
        viewer=people.to_person(viewer), person=people.to_person(other), removed=removed
    )
