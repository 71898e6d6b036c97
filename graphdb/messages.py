"""Conversations and messages in the store."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from graphdb.connections import pair_key
from graphdb.graph import Runner, Tx
from graphdb.paging import after_params
from graphdb.queries import messages as q
from graphdb.records import ConversationRecord, Keyset, MessageRecord, PersonRecord, UnreadCounts


def _conversation(row: dict[str, Any]) -> ConversationRecord:
    return ConversationRecord(
        row["id"], row["startedAt"], row["lastMessageAt"], row["otherId"], row["unread"],
        PersonRecord.from_row(row["other"]),
    )  # fmt: skip


async def conversation_of(tx: Tx, a: str, b: str, new_id: str, now: int) -> str:
    """The pair's conversation id, started now if they have none."""
    key = pair_key(a, b)
    rows = await tx.rows(q.CONVERSATION_BY_KEY, key=key)
    if rows:
        return rows[0]["id"]
    rows = await tx.rows(q.START_CONVERSATION, a=a, b=b, id=new_id, key=key, now=now)
    return rows[0]["id"]


async def add(
    tx: Tx, conversation_id: str, message_id: str, sender_id: str, text: str, now: int
) -> MessageRecord:
    rows = await tx.rows(
        q.ADD_MESSAGE,
        conversationId=conversation_id,
        id=message_id,
        senderId=sender_id,
        text=text,
        now=now,
    )
    return MessageRecord.from_row(rows[0])


async def by_id(tx: Tx, message_id: str) -> MessageRecord | None:
    rows = await tx.rows(q.MESSAGE_BY_ID, id=message_id)
    return MessageRecord.from_row(rows[0]) if rows else None


async def mark_read(tx: Tx, person_id: str, conversation_id: str, now: int) -> bool:
    rows = await tx.rows(q.MARK_READ, personId=person_id, id=conversation_id, now=now)
    return bool(rows)


async def by_ids(
    g: Runner, person_id: str, ids: Sequence[str], hidden: Collection[str] = ()
) -> dict[str, ConversationRecord]:
    """`person_id`'s conversations among `ids` (others' are simply not found)."""
    rows = await g.rows(
        q.CONVERSATIONS_BY_IDS, personId=person_id, ids=list(ids), hidden=list(hidden)
    )
    return {row["id"]: _conversation(row) for row in rows}


async def messages_by_ids(
    g: Runner, person_id: str, ids: Sequence[str], hidden: Collection[str] = ()
) -> dict[str, MessageRecord]:
    """Messages among `ids` in `person_id`'s conversations (others' are not found)."""
    rows = await g.rows(q.MESSAGES_BY_IDS, personId=person_id, ids=list(ids), hidden=list(hidden))
    return {row["message"]["id"]: MessageRecord.from_row(row) for row in rows}


async def page(
    g: Runner, person_id: str, after: Keyset | None, limit: int, hidden: Collection[str] = ()
) -> list[ConversationRecord]:
    rows = await g.rows(
        q.CONVERSATIONS_PAGE, personId=person_id, hidden=list(hidden), **after_params(after, limit)
    )
    return [_conversation(row) for row in rows]


async def count(g: Runner, person_id: str, hidden: Collection[str] = ()) -> int:
    rows = await g.rows(q.CONVERSATION_COUNT, personId=person_id, hidden=list(hidden))
    return rows[0]["total"]


async def unread(g: Runner, person_id: str, hidden: Collection[str] = ()) -> UnreadCounts:
    rows = await g.rows(q.UNREAD, personId=person_id, hidden=list(hidden))
    return UnreadCounts(rows[0]["messages"], rows[0]["conversations"]) if rows else UnreadCounts()


async def messages_page(
    g: Runner, conversation_id: str, after: Keyset | None, limit: int
) -> list[MessageRecord]:
    rows = await g.rows(
        q.MESSAGES_PAGE, conversationId=conversation_id, **after_params(after, limit)
    )
    return [MessageRecord.from_row(row) for row in rows]


async def message_count(g: Runner, conversation_id: str) -> int:
    rows = await g.rows(q.MESSAGE_COUNT, conversationId=conversation_id)
    return rows[0]["total"] if rows else 0
