"""The notification inbox in the store (see graphdb/queries/notifications.py)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from graphdb.graph import Runner, Tx
from graphdb.queries import notifications as q
from graphdb.records import InboxState, NotificationRecord

# The kinds of notification (the schema's NotificationKind).
INVITATION_RECEIVED = "INVITATION_RECEIVED"
INVITATION_ACCEPTED = "INVITATION_ACCEPTED"
NEW_FOLLOWER = "NEW_FOLLOWER"
MESSAGE_RECEIVED = "MESSAGE_RECEIVED"
KINDS = (INVITATION_RECEIVED, INVITATION_ACCEPTED, NEW_FOLLOWER, MESSAGE_RECEIVED)

# Notification ids derive from the event, so writing one twice finds the first.
_EVENT_IDS = uuid.UUID("8f0c2a4e-3b1d-4e57-9c6a-1d2e3f4a5b6c")


def event_id(kind: str, *parts: str | int) -> str:
    """The id of the notification of one event (a kind and what identifies it)."""
    return str(uuid.uuid5(_EVENT_IDS, ":".join([kind, *map(str, parts)])))


def inbox_key(recipient_id: str, seq: int) -> str:
    return f"{recipient_id}:{seq}"


async def add(
    tx: Tx,
    kind: str,
    recipient_id: str,
    actor_id: str,
    subject_id: str,
    now: int,
    *,
    event: Sequence[str | int],
    conversation_id: str | None = None,
) -> NotificationRecord | None:
    """Write the notification of an event in the change's transaction. None when the
    event's notification already exists or a block stands between the two."""
    rows = await tx.rows(
        q.ADD_NOTIFICATION,
        id=event_id(kind, *event),
        kind=kind,
        recipientId=recipient_id,
        actorId=actor_id,
        subjectId=subject_id,
        conversationId=conversation_id,
        now=now,
    )
    return NotificationRecord.from_row(rows[0]) if rows else None


async def inbox_state(g: Runner, person_id: str) -> InboxState:
    rows = await g.rows(q.INBOX_STATE, id=person_id)
    if not rows:
        return InboxState()
    row = rows[0]
    return InboxState(row["seq"], row["readSeq"], row["floor"], frozenset(row["hidden"]))


async def by_numbers(
    g: Runner, person_id: str, numbers: Sequence[int], hidden: Collection[str] = ()
) -> list[NotificationRecord]:
    """The notifications with these numbers in one inbox, newest first (hidden actors'
    and pruned ones left out)."""
    if not numbers:
        return []
    keys = [inbox_key(person_id, n) for n in numbers]
    rows = await g.rows(q.NOTIFICATIONS_BY_KEYS, keys=keys, hidden=list(hidden))
    return [NotificationRecord.from_row(row) for row in rows]


async def mark_read(tx: Tx, person_id: str, up_to: int | None) -> tuple[int, int]:
    """Mark read up to number `up_to` (everything when None). Returns (read up to, newest)."""
    rows = await tx.rows(q.MARK_NOTIFICATIONS_READ, id=person_id, upTo=up_to)
    return (rows[0]["readSeq"], rows[0]["seq"]) if rows else (0, 0)


async def old_batch(g: Runner, before: int, limit: int) -> list[tuple[str, str, int]]:
    """Up to `limit` notifications written before `before`: (id, recipient id, seq)."""
    rows = await g.rows(q.OLD_NOTIFICATIONS, before=before, limit=limit)
    return [(r["id"], r["recipientId"], r["seq"]) for r in rows]


async def delete(tx: Tx, batch: Sequence[tuple[str, str, int]]) -> None:
    """Delete a batch `old_batch` found, raising each inbox's floor past it first."""
    floors: dict[str, int] = {}
    for _, recipient_id, seq in batch:
        floors[recipient_id] = max(seq, floors.get(recipient_id, 0))
    await tx.rows(q.RAISE_INBOX_FLOORS, floors=[{"id": k, "seq": v} for k, v in floors.items()])
    await tx.rows(q.DELETE_NOTIFICATIONS, ids=[item[0] for item in batch])
