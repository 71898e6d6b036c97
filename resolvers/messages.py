"""Direct messages: only between connected people.

Sending takes the pair's lock (graphdb.connections.lock_pair) and checks the
connection inside the same transaction, so a message racing the removal of the
connection is either in before the removal or refused after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from graphdb import connections as connections_db
from graphdb import messages as messages_db
from graphdb.graph import Tx
from graphdb.records import (
    ConversationRecord,
    Keyset,
    MessageRecord,
    NotificationRecord,
    PersonRecord,
    UnreadCounts,
)
from resolvers import audience, notifications, people, validation
from resolvers.context import Info
from resolvers.errors import Forbidden, NotFound
from resolvers.ids import node_id_of
from resolvers.loaders import forget
from resolvers.pagination import fetch_page
from resolvers.results import Listing, MessageSent

_CLIENT_IDS = uuid.UUID("5d1c3f2e-8b7a-4c65-9e1f-2a6b0c4d8e73")  # namespace for uuid5


async def person(info: Info, person_id: str) -> PersonRecord | None:
    return await people.person_by_id(info, person_id)


async def can_send(info: Info, other_id: str) -> bool:
    return await audience.standing(info, other_id) is audience.Standing.CONNECTION


async def conversations_by_ids(info: Info, ids: Sequence[str]) -> list[ConversationRecord | None]:
    """The viewer's conversations by id; null for anyone else's."""
    records = await info.context.loaders.conversation.load_many(ids)
    _prime_others(info, [r for r in records if r is not None])
    return records


def _prime_others(info: Info, records: Sequence[ConversationRecord]) -> None:
    """Each conversation brings its other member whole: no trip to show who it is with."""
    for record in records:
        if record.other is not None:
            info.context.loaders.person.prime(record.other_id, record.other)


async def messages_by_ids(info: Info, ids: Sequence[str]) -> list[MessageRecord | None]:
    """Messages by id, in the viewer's own conversations only; null for anyone else's."""
    records = await info.context.loaders.message.load_many(ids)
    return records


async def conversations(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[ConversationRecord] | None:
    """The person's conversations, latest message first: theirs alone to see."""
    if not audience.is_owner(info, person_id):
        return None
    graph = info.context.graph
    hidden = await audience.hidden(info)

    async def fetch(start: Keyset | None, limit: int) -> list[ConversationRecord]:
        rows = await messages_db.page(graph, person_id, start, limit, hidden)
        for row in rows:
            info.context.loaders.conversation.prime(row.id, row)
        _prime_others(info, rows)
        return rows

    page = await fetch_page(
        "conversations", first, after, fetch, lambda r: Keyset(r.last_message_at, r.id)
    )

    async def total() -> int:
        return await messages_db.count(graph, person_id, hidden)

    return Listing(page, total)


async def unread(info: Info, person_id: str) -> UnreadCounts | None:
    if not audience.is_owner(info, person_id):
        return None
    return await info.context.loaders.unread.load(person_id)


async def messages(
    info: Info, conversation_id: str, first: int | None, after: str | None
) -> Listing[MessageRecord]:
    """A conversation's messages, newest first (the caller already holds the
    conversation, so the viewer is in it)."""
    graph = info.context.graph
    page = await fetch_page(
        "messages",
        first,
        after,
        lambda start, limit: messages_db.messages_page(graph, conversation_id, start, limit),
        lambda r: Keyset(r.sent_at, r.id),
    )

    async def total() -> int:
        return await messages_db.message_count(graph, conversation_id)

    return Listing(page, total)


async def send(info: Info, input: Any) -> MessageSent:
    """Send a message to a connection; FORBIDDEN to anyone else."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    other = await people.target(info, input.person_id, action="message")
    text = validation.text("message", input.text, required=True) or ""
    client_id = validation.text("client_message_id", input.client_message_id)
    # The sender's own id for the message makes a retried send find the first one.
    message_id = str(
        uuid.uuid5(_CLIENT_IDS, f"{viewer.id}:{client_id}") if client_id else uuid.uuid4()
    )
    new_conversation_id, now = str(uuid.uuid4()), ctx.clock()

    async def work(tx: Tx) -> tuple[MessageRecord, NotificationRecord | None]:
        await connections_db.lock_pair(tx, viewer.id, other.id)
        sent = await messages_db.by_id(tx, message_id) if client_id else None
        if sent is not None:
            return sent, None  # the same send again
        pair = await connections_db.pair_state(tx, viewer.id, other.id)
        if pair.connected_since is None:
            raise Forbidden(
                f"You can only message your connections; {other.name} is not one.",
                reason="NOT_CONNECTED",
            )
        conversation_id = await messages_db.conversation_of(
            tx, viewer.id, other.id, new_conversation_id, now
        )
        message = await messages_db.add(tx, conversation_id, message_id, viewer.id, text, now)
        note = await notifications.received_message(
            tx, message.id, conversation_id, viewer.id, other.id, now
        )
        return message, note

    message, note = await ctx.graph.write(work)
    await notifications.announce(ctx, [note])
    forget(ctx.loaders.conversation, message.conversation_id)
    forget(ctx.loaders.unread, viewer.id)
    return MessageSent(message, (await conversations_by_ids(info, [message.conversation_id]))[0])


async def mark_read(info: Info, conversation_global_id: str) -> ConversationRecord | None:
    """Mark everything in a conversation read (idempotent)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    conversation_id = node_id_of(conversation_global_id, "Conversation")
    if await ctx.loaders.conversation.load(conversation_id) is None:
        raise NotFound("No conversation of yours has that id.")
    now = ctx.clock()
    await ctx.graph.write(lambda tx: messages_db.mark_read(tx, viewer.id, conversation_id, now))
    forget(ctx.loaders.conversation, conversation_id)
    forget(ctx.loaders.unread, viewer.id)
    return (await conversations_by_ids(info, [conversation_id]))[0]
