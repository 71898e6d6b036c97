"""Connections: the list, and removal by either side."""

from __future__ import annotations

from graphdb import connections as connections_db
from graphdb.graph import Tx
from graphdb.records import PersonRecord
from resolvers import audience, people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.pagination import page_info
from resolvers.time import to_datetime
from schema import mutations as mutation_types
from schema import person as person_types


async def connections(
    info: Info, person: PersonRecord, first: int | None, after: str | None
) -> person_types.ConnectedPersonConnection | None:
    """A person's connections, if the viewer may see the list (resolvers/audience.py)."""
    if not await audience.sees_connections(info, person):
        return None
    person_id = person.id
    page = await people.linked_page(
        info, "connections", connections_db.page, person_id, first, after
    )

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
    forget(ctx.loaders.connected, other.id)
    return mutation_types.RemoveConnectionPayload(
        viewer=people.to_person(viewer), person=people.to_person(other), removed=removed
    )
