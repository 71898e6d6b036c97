"""Following: one-way, no approval."""

from __future__ import annotations

from graphdb import follows as follows_db
from graphdb.records import LinkedPerson
from resolvers import people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.results import Followed, Listing


async def followers(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[LinkedPerson]:
    return await _follow_list(info, "followers", follows_db.followers_page, person_id, first, after)


async def following(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[LinkedPerson]:
    return await _follow_list(info, "following", follows_db.following_page, person_id, first, after)


async def _follow_list(
    info: Info,
    name: str,
    fetch: people.PageFetch,
    person_id: str,
    first: int | None,
    after: str | None,
) -> Listing[LinkedPerson]:
    page = await people.linked_page(info, name, fetch, person_id, first, after)

    async def total() -> int:
        c = await people.counts(info, person_id)
        return c.followers if name == "followers" else c.following

    return Listing(page, total)


async def follow(info: Info, person_id: str) -> Followed:
    """Follow someone (idempotent: following again changes nothing)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="follow")
    now = ctx.clock()
    await ctx.graph.write(lambda tx: follows_db.follow(tx, viewer.id, followee.id, now))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    return Followed(viewer, followee, following=True)


async def unfollow(info: Info, person_id: str) -> Followed:
    """Stop following (idempotent). A connection, if any, stays."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="unfollow")
    await ctx.graph.write(lambda tx: follows_db.unfollow(tx, viewer.id, followee.id))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    return Followed(viewer, followee, following=False)
