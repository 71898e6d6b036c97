"""Follows in the store."""

from __future__ import annotations

from graphdb.graph import Tx
from graphdb.notifications import event_id
from graphdb.queries import follows as q
from graphdb.records import NotificationRecord


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


async def follow_notifying(
    tx: Tx, follower_id: str, followee_id: str, now: int, kind: str
) -> tuple[int, NotificationRecord | None]:
    """Follow (idempotent), writing the followee's `kind` notification when the follow
    is new. Returns when the follow began, and the notification if one was written."""
    notification_id = event_id(kind, follower_id, followee_id, now)
    rows = await tx.rows(
        q.FOLLOW_NOTIFYING,
        followerId=follower_id,
        followeeId=followee_id,
        key=follow_key(follower_id, followee_id),
        now=now,
        notificationId=notification_id,
        kind=kind,
    )
    since, seq = rows[0]["since"], rows[0]["seq"]
    if seq is None:
        return since, None
    record = NotificationRecord(
        notification_id, kind, followee_id, follower_id, follower_id, None, now, seq
    )
    return since, record


async def unfollow(tx: Tx, follower_id: str, followee_id: str) -> bool:
    """Stop following (idempotent). Returns whether there was a follow to remove."""
    rows = await tx.rows(q.UNFOLLOW, followerId=follower_id, followeeId=followee_id)
    return rows[0]["removed"] > 0
