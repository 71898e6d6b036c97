"""Subscriptions: the viewer's own events, pushed as they happen, under the same
visibility and block rules as queries. Each reads the hub the context hands it and
renews the context's store handle and loaders for every event it delivers.

Push is best effort: a subscriber that lost events (it reconnected, fell behind, or
the hub lost Redis) catches up through `notifications(since:)`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from graphdb.records import InvitationRecord, MessageRecord, NotificationRecord
from resolvers import audience, invitations, messages, notifications
from resolvers.context import Context, Info
from resolvers.errors import EventsUnavailable, NotFound
from resolvers.events import INVITATION, NOTIFICATION, Event, HubUnavailable, SubscriberLagging
from resolvers.ids import node_id_of

_CATCH_UP = "Subscribe again, then fetch `notifications(since:)` to catch up."


@contextlib.asynccontextmanager
async def _events(ctx: Context, person_id: str) -> AsyncIterator[AsyncIterator[Event]]:
    """The person's events, with the hub's failures as GraphQL errors."""
    if ctx.events is None:
        raise EventsUnavailable("Subscriptions are not served here.", reason="NO_HUB")

    async def delivered(stream: AsyncIterator[Event]) -> AsyncIterator[Event]:
        try:
            async for event in stream:
                ctx.renew()
                yield event
        except HubUnavailable:
            raise EventsUnavailable(
                f"The event hub lost its connection. {_CATCH_UP}", reason="HUB_DOWN"
            ) from None
        except SubscriberLagging:
            raise EventsUnavailable(
                f"Events came faster than this subscription read them. {_CATCH_UP}",
                reason="SUBSCRIBER_LAGGING",
            ) from None

    try:
        async with ctx.events.subscribe(person_id) as stream:
            yield delivered(aiter(stream))
    except HubUnavailable:
        raise EventsUnavailable(
            f"The event hub is not connected. {_CATCH_UP}", reason="HUB_DOWN"
        ) from None


async def notification_added(info: Info) -> AsyncIterator[NotificationRecord]:
    """Each notification the viewer gets from now on."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    async with _events(ctx, viewer.id) as events:
        async for event in events:
            if event.kind != NOTIFICATION:
                continue
            record = NotificationRecord.from_row(event.data)
            if not await audience.is_hidden(info, record.actor_id):
                yield record


async def message_received(info: Info, conversation_global_id: str) -> AsyncIterator[MessageRecord]:
    """Messages the other person sends in one of the viewer's conversations."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    conversation_id = node_id_of(conversation_global_id, "Conversation")
    if (await messages.conversations_by_ids(info, [conversation_id]))[0] is None:
        raise NotFound("No conversation of yours has that id.")
    async with _events(ctx, viewer.id) as events:
        async for event in events:
            if event.kind != NOTIFICATION:
                continue
            record = NotificationRecord.from_row(event.data)
            if (
                record.kind != notifications.MESSAGE_RECEIVED
                or record.conversation_id != conversation_id
            ):
                continue
            found = (await messages.messages_by_ids(info, [record.subject_id]))[0]
            if found is not None:
                yield found


async def invitation_changed(info: Info) -> AsyncIterator[InvitationRecord]:
    """The viewer's invitations as they are sent, accepted, ignored (seen by its
    recipient only) or withdrawn, whichever side acted."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    async with _events(ctx, viewer.id) as events:
        async for event in events:
            if event.kind != INVITATION:
                continue
            found = (await invitations.invitations_by_ids(info, [event.data["invitationId"]]))[0]
            if found is not None:
                yield found
