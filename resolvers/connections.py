"""Connections: the list, and removal by either side."""

from __future__ import annotations

from graphdb import connections as connections_db
from graphdb.graph import Tx
from graphdb.records import LinkedPerson, PersonRecord
from resolvers import audience, people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.results import Disconnected, Listing


async def connections(
    info: Info, person: PersonRecord, first: int | None, after: str | None
) -> Listing[LinkedPerson] | None:
    """A person's connections, if the viewer may see the list (resolvers/audience.py)."""
    if not await audience.sees_connections(info, person):
        return None

    async def total() -> int:
        return (await people.counts(info, person.id)).connections

    return await people.linked_listing(info, "connections", person.id, first, after, total)


async def remove(info: Info, person_id: str) -> Disconnected:
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
    return Disconnected(viewer, other, removed)
