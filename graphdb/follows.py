"""Follows in the store."""

from __future__ import annotations

from graphdb.graph import Tx
from graphdb.queries import follows as q


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
