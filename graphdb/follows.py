"""Follows in the store."""

from __future__ import annotations

from collections.abc import Collection

from graphdb.graph import Runner, Tx
from graphdb.paging import after_params
from graphdb.queries import follows as q
from graphdb.records import Keyset, LinkedPerson, PersonRecord


def follow_key(follower_id: str, followee_id: str) -> str:
    return f"{follower_id}>{followee_id}"


async def follow(tx: Tx, follower_id: str, followee_id: str, now: int) -> int:
    """Follow (idempotent). Returns when the follow began."""
    rows = await tx.rows(
        q.FOLLOW,
        followerId=follower_id,
        followeeId=followee_id,
        key=follow_key(follower_id, followee_id),
        now=now,
    )
    return rows[0]["since"]


async def unfollow(tx: Tx, follower_id: str, followee_id: str) -> bool:
    """Stop following (idempotent). Returns whether there was a follow to remove."""
    rows = await tx.rows(q.UNFOLLOW, followerId=follower_id, followeeId=followee_id)
    return rows[0]["removed"] > 0


async def followers_page(
    g: Runner, person_id: str, after: Keyset | None, limit: int, hidden: Collection[str] = ()
) -> list[LinkedPerson]:
    rows = await g.rows(
        q.FOLLOWERS_PAGE, id=person_id, **after_params(after, limit), hidden=list(hidden)
    )
    return [LinkedPerson(PersonRecord.from_row(r["person"]), r["since"]) for r in rows]


async def following_page(
    g: Runner, person_id: str, after: Keyset | None, limit: int, hidden: Collection[str] = ()
) -> list[LinkedPerson]:
    rows = await g.rows(
        q.FOLLOWING_PAGE, id=person_id, **after_params(after, limit), hidden=list(hidden)
    )
    return [LinkedPerson(PersonRecord.from_row(r["person"]), r["since"]) for r in rows]
