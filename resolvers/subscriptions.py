"""Subscriptions: the viewer's own events, pushed as they happen, under the same
visibility and block rules as queries. Each reads the hub the context hands it and
renews the context's store handle and loaders for every event it delivers.

Who is hidden from the viewer is read once when a subscription starts and again
whenever a block involving the viewer begins or ends (the hub carries that too), so
a notification costs its subscriber no store trip of its own.

Push is best effort: a subscriber that lost events (it reconnected, fell behind, or
the hub lost Redis) catches up through `notifications(since:)`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from graphdb.records import InvitationRecord, MessageRecord, NotificationRecord
from resolvers import audience, invitations, messages, notifications
from resolvers.context import Context, Info
from resolvers.errors import EventsUnavailable, NotFound
from resolvers.events import (
    BLOCKS,
    INVITATION,
    NOTIFICATION,
    Event,
    HubUnavailable,
    SubscriberLagging,
)
from resolvers.ids import node_id_of

T = TypeVar("T")

_CATCH_UP = "Subscribe again, then fetch `notifications(since:)` to catch up."


class _Visible:
    """The viewer's events, less those from people hidden from them."""

    def __init__(self, info: Info, stream: AsyncIterator[Event]) -> None:
        self.info = info
        self.stream = stream

    async def __aiter__(self) -> AsyncIterator[Event]:
        ctx = self.info.context
        hidden = await audience.hidden(self.info)
        ctx.release()  # nothing of the store is needed while waiting
        async for event in self.stream:
            ctx.renew()
            if event.kind == BLOCKS:
                hidden = await audience.hidden(self.info)
            elif event.kind != NOTIFICATION or event.data["notification"]["actorId"] not in hidden:
                yield event
                ctx.release()  # delivered: back to waiting


@contextlib.asynccontextmanager
async def _events(info: Info, person_id: str) -> AsyncIterator[_Visible]:
    """The person's visible events, with the hub's failures as GraphQL errors."""
    ctx: Context = info.context
    if ctx.events is None:
        raise EventsUnavailable("Subscriptions are not served here.", reason="NO_HUB")
    try:
        async with ctx.events.subscribe(person_id) as stream:
            yield _Visible(info, aiter(stream))
    except HubUnavailable:
        raise EventsUnavailable(
            f"The event hub lost its connection to Redis. {_CATCH_UP}", reason="HUB_DOWN"
        ) from None
    except SubscriberLagging:
        raise EventsUnavailable(
            f"Events came faster than this subscription read them. {_CATCH_UP}",
            reason="SUBSCRIBER_LAGGING",
        ) from None


def _released(
    subscription: Callable[..., AsyncIterator[T]],
) -> Callable[..., AsyncIterator[T]]:
    """However a subscription ends (refused at start, failed, done), its connection's
    context lets go of the store handle and loaders it made."""

    @functools.wraps(subscription)
    async def run(info: Info, *args: Any) -> AsyncIterator[T]:
        try:
            async for item in subscription(info, *args):
                yield item
        finally:
            info.context.release()

    return run


@_released
async def notification_added(info: Info) -> AsyncIterator[NotificationRecord]:
    """Each notification the viewer gets from now on."""
    viewer = await info.context.require_viewer()
    async with _events(info, viewer.id) as events:
        async for event in events:
            if event.kind == NOTIFICATION:
                yield NotificationRecord.from_row(event.data)


@_released
async def message_received(info: Info, conversation_global_id: str) -> AsyncIterator[MessageRecord]:
    """Messages the other person sends in one of the viewer's conversations."""
    viewer = await info.context.require_viewer()
    conversation_id = node_id_of(conversation_global_id, "Conversation")
    if (await messages.conversations_by_ids(info, [conversation_id]))[0] is None:
        raise NotFound("No conversation of yours has that id.")
    async with _events(info, viewer.id) as events:
        async for event in events:
            if event.kind != NOTIFICATION:
                continue
            record = NotificationRecord.from_row(event.data)
            if (
                record.kind == notifications.MESSAGE_RECEIVED
                and record.conversation_id == conversation_id
            ):
                found = (await messages.messages_by_ids(info, [record.subject_id]))[0]
                if found is not None:
                    yield found


@_released
async def invitation_changed(info: Info) -> AsyncIterator[InvitationRecord]:
    """The viewer's invitations as they are sent, accepted, ignored (seen by its
    recipient only) or withdrawn, whichever side acted."""
    viewer = await info.context.require_viewer()
    async with _events(info, viewer.id) as events:
        async for event in events:
            if event.kind == INVITATION:
                found = await invitations.invitations_by_ids(info, [event.data["invitationId"]])
                if found[0] is not None:
                    yield found[0]
