"""Blocking: either side of a block stops existing for the other.

Blocking ends the connection, every follow between the two and any pending
invitation, in one transaction that takes the pair's lock (so it serialises with
invitations, acceptances and messages racing it). The blocked person is not told:
to them the blocker simply is not there, as if unknown.
"""

from __future__ import annotations

from graphdb import blocks as blocks_db
from graphdb import connections as connections_db
from graphdb.graph import Graph, Tx
from graphdb.records import Keyset, LinkedPerson
from resolvers import people
from resolvers.context import Info
from resolvers.errors import LimitReached
from resolvers.events import BLOCKS, Event
from resolvers.loaders import forget
from resolvers.results import Blocked, Listing

# Blocks one person may hold: each is checked on every list they read.
MAX_BLOCKS = 1_000


async def block(info: Info, person_id: str) -> Blocked:
    ctx = info.context
    viewer = await ctx.require_viewer()
    # Blocking again someone one blocked is harmless, not NOT_FOUND; someone who blocked
    # the viewer is NOT_FOUND, exactly as an unknown id, so the block does not show.
    other = await people.target(info, person_id, action="block", blocked_by_viewer=True)
    if await blocks_db.count(ctx.graph, viewer.id) >= MAX_BLOCKS:
        raise LimitReached(
            f"You can block at most {MAX_BLOCKS} people.", reason="BLOCKS", limit=MAX_BLOCKS
        )
    now = ctx.clock()

    async def work(tx: Tx) -> None:
        await connections_db.lock_pair(tx, viewer.id, other.id)
        await blocks_db.block(tx, viewer.id, other.id, now)

    await ctx.graph.write(work)
    _forget(info, viewer.id, other.id)
    await _announce(info, viewer.id, other.id)
    return Blocked(viewer, blocked=True)


async def unblock(info: Info, person_id: str) -> Blocked:
    """Unblock (idempotent). Nothing the block ended comes back by itself."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    other = await people.target(info, person_id, action="unblock", blocked_by_viewer=True)
    await ctx.graph.write(lambda tx: blocks_db.unblock(tx, viewer.id, other.id))
    _forget(info, viewer.id, other.id)
    await _announce(info, viewer.id, other.id)
    return Blocked(viewer, blocked=False)


async def _announce(info: Info, *parties: str) -> None:
    """Both sides' subscriptions read who is hidden from them again."""
    ctx = info.context
    if ctx.events is not None:
        now = ctx.clock()
        await ctx.events.publish([Event(p, BLOCKS, {}, now) for p in parties])


def _forget(info: Info, viewer_id: str, other_id: str) -> None:
    loaders = info.context.loaders
    forget(loaders.hidden, viewer_id)
    forget(loaders.counts, viewer_id, other_id)
    forget(loaders.connected, other_id)


async def blocked_people(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[LinkedPerson] | None:
    """The people this person blocked, newest first: theirs alone to see."""
    if info.context.viewer_id != person_id:
        return None
    page = await people.linked_page(info, "blocked", _blocked_page, person_id, first, after)

    async def total() -> int:
        return await blocks_db.count(info.context.graph, person_id)

    return Listing(page, total)


async def _blocked_page(
    graph: Graph, person_id: str, after: Keyset | None, limit: int, hidden: frozenset[str]
) -> list[LinkedPerson]:
    # The block list is the one place the people it hides are shown.
    return await blocks_db.page(graph, person_id, after, limit)
