"""Following: one-way, no approval."""

from __future__ import annotations

from graphdb import follows as follows_db
from resolvers import people
from resolvers.context import Info
from resolvers.loaders import forget
from resolvers.pagination import page_info
from resolvers.time import to_datetime
from schema import mutations as mutation_types
from schema import person as person_types


async def followers(
    info: Info, person_id: str, first: int | None, after: str | None
) -> person_types.FollowConnection:
    return await _follow_list(info, "followers", follows_db.followers_page, person_id, first, after)


async def following(
    info: Info, person_id: str, first: int | None, after: str | None
) -> person_types.FollowConnection:
    return await _follow_list(info, "following", follows_db.following_page, person_id, first, after)


async def _follow_list(
    info: Info,
    name: str,
    fetch: people.PageFetch,
    person_id: str,
    first: int | None,
    after: str | None,
) -> person_types.FollowConnection:
    page = await people.linked_page(info, name, fetch, person_id, first, after)

    async def total() -> int:
        c = await people.counts(info, person_id)
        return c.followers if name == "followers" else c.following

    return person_types.FollowConnection(
        edges=[
            person_types.FollowEdge(
                cursor=cursor, node=people.to_person(row.person), followed_at=to_datetime(row.since)
            )
            for row, cursor in page.items
        ],
        page_info=page_info(page),
        count=total,
    )


async def follow(info: Info, person_id: str) -> mutation_types.FollowPayload:
    """Follow someone (idempotent: following again changes nothing)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="follow")
    now = ctx.clock()
    await ctx.graph.write(lambda tx: follows_db.follow(tx, viewer.id, followee.id, now))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    return mutation_types.FollowPayload(
        viewer=people.to_person(viewer), person=people.to_person(followee), following=True
    )


async def unfollow(info: Info, person_id: str) -> mutation_types.FollowPayload:
    """Stop following (idempotent). A connection, if any, stays."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    followee = await people.target(info, person_id, action="unfollow")
    await ctx.graph.write(lambda tx: follows_db.unfollow(tx, viewer.id, followee.id))
    forget(ctx.loaders.counts, viewer.id, followee.id)
    return mutation_types.FollowPayload(
        viewer=people.to_person(viewer), person=people.to_person(followee), following=False
    )
