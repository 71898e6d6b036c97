"""Following: one-way, no approval."""

from __future__ import annotations

from graphdb import follows as follows_db
from graphdb.records import LinkedPerson
from resolvers import notifications, people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.results import Followed, Listing


async def followers(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[LinkedPerson]:
    async def total() -> int:
        return (await people.counts(info, person_id)).followers

    return await people.linked_listing(info, "followers", person_id, first, after, total)


async def following(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[LinkedPerson]:
    async def total() -> int:
        return (await people.counts(info, person_id)).following

    return await people.linked_listing(info, "following", person_id, first, after, total)


async def follow(info: Info, person_id: str) -> Followed:
    """Follow someone (idempotent: following again changes nothing)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="follow")
    now = ctx.clock()

    note = await ctx.graph.write(lambda tx: notifications.follow(tx, viewer.id, followee.id, now))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    await notifications.announce(ctx, [note])
    return Followed(viewer, followee, following=True)


async def unfollow(info: Info, person_id: str) -> Followed:
    """Stop following (idempotent). A connection, if any, stays."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="unfollow")
    await ctx.graph.write(lambda tx: follows_db.unfollow(tx, viewer.id, followee.id))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    return Followed(viewer, followee, following=False)
