"""Subscriptions: the viewer's own events, pushed as they happen, under the same
visibility and block rules as queries.

Each subscription is a `Feed`: checked once when it starts, then asked about each of
the viewer's events (`accept`), which it turns into what the subscription delivers or
drops. Who is hidden from the viewer is read when it starts and again whenever a block
involving the viewer begins or ends (the hub carries that too), so a notification costs
its subscriber no store trip of its own.

Two ways to run a feed, one set of rules:
- Over a WebSocket the connection takes the feed over (`Context.hand_off`): it attaches
  to the hub and asks the feed about each event itself, and nothing waits between
  events. An idle subscription is then a few small objects, not a suspended execution
  (a generator chain, a task and graphql-core's state: two thirds of its memory).
- Anywhere else (in-process callers) the resolver iterates the hub's stream.

Push is best effort: a subscriber that lost events (it reconnected, fell behind, or
the hub lost Redis) catches up through `notifications(since:)`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from graphdb.records import NotificationRecord
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

_CATCH_UP = "Subscribe again, then fetch `notifications(since:)` to catch up."


def unavailable(error: Exception) -> EventsUnavailable:
    """What a subscriber is told when the hub cannot deliver."""
    if isinstance(error, SubscriberLagging):
        return EventsUnavailable(
            f"Events came faster than this subscription read them. {_CATCH_UP}",
            reason="SUBSCRIBER_LAGGING",
        )
    return EventsUnavailable(
        f"The event hub lost its connection to Redis. {_CATCH_UP}", reason="HUB_DOWN"
    )


class Feed:
    """One started subscription of the viewer: what it delivers for each event.
    `present` turns a record into the schema's object for it. It keeps the
    connection's context, not the resolver's info: that holds the whole execution."""

    __slots__ = ("_hidden", "context", "present", "viewer_id")

    def __init__(self, context: Context, viewer_id: str, present: Callable[[Any], Any]) -> None:
        self.context = context
        self.viewer_id = viewer_id
        self.present = present
        self._hidden: frozenset[str] = frozenset()

    async def prime(self) -> None:
        """Read who is hidden from the viewer (after attaching to the hub, so that no
        block slips between the two)."""
        self._hidden = await audience.hidden_from(self.context)

    async def accept(self, event: Event) -> Any | None:
        """The object to deliver for this event, or None."""
        if event.kind == BLOCKS:
            self._hidden = await audience.hidden_from(self.context)
            return None
        if event.kind == NOTIFICATION and event.data["notification"]["actorId"] in self._hidden:
            return None
        record = await self.record(event)
        return None if record is None else self.present(record)

    async def record(self, event: Event) -> Any | None:
        raise NotImplementedError


class _Notifications(Feed):
    __slots__ = ()

    async def record(self, event: Event) -> NotificationRecord | None:
        return NotificationRecord.from_row(event.data) if event.kind == NOTIFICATION else None


class _Messages(Feed):
    __slots__ = ("conversation_id",)

    async def record(self, event: Event) -> Any | None:
        if event.kind != NOTIFICATION:
            return None
        notification = NotificationRecord.from_row(event.data)
        if (
            notification.kind != notifications.MESSAGE_RECEIVED
            or notification.conversation_id != self.conversation_id
        ):
            return None
        # the viewer's loader: messages of their own conversations only
        return await self.context.loaders.message.load(notification.subject_id)


class _Invitations(Feed):
    __slots__ = ()

    async def record(self, event: Event) -> Any | None:
        if event.kind != INVITATION:
            return None
        found = await invitations.visible_invitations(self.context, [event.data["invitationId"]])
        return found[0]


async def notification_added(info: Info, present: Callable[[Any], Any]) -> AsyncIterator[Any]:
    """Each notification the viewer gets from now on."""
    viewer = await info.context.require_viewer()
    async for item in _run(info, _Notifications(info.context, viewer.id, present)):
        yield item


async def message_received(
    info: Info, conversation_global_id: str, present: Callable[[Any], Any]
) -> AsyncIterator[Any]:
    """Messages the other person sends in one of the viewer's conversations."""
    viewer = await info.context.require_viewer()
    conversation_id = node_id_of(conversation_global_id, "Conversation")
    if (await messages.conversations_by_ids(info, [conversation_id]))[0] is None:
        raise NotFound("No conversation of yours has that id.")
    feed = _Messages(info.context, viewer.id, present)
    feed.conversation_id = conversation_id
    async for item in _run(info, feed):
        yield item


async def invitation_changed(info: Info, present: Callable[[Any], Any]) -> AsyncIterator[Any]:
    """The viewer's invitations as they are sent, accepted, ignored (seen by its
    recipient only) or withdrawn, whichever side acted."""
    viewer = await info.context.require_viewer()
    async for item in _run(info, _Invitations(info.context, viewer.id, present)):
        yield item


async def _run(info: Info, feed: Feed) -> AsyncIterator[Any]:
    """Hand the feed to the connection, or iterate it here. However it ends, the
    context lets go of the store handle and loaders it made."""
    ctx: Context = feed.context
    try:
        if ctx.events is None:
            raise EventsUnavailable("Subscriptions are not served here.", reason="NO_HUB")
        if ctx.hand_off is not None:
            await ctx.hand_off(feed, info)  # the connection attaches and primes it
            return
        async for item in _iterate(ctx, feed):
            yield item
    except (HubUnavailable, SubscriberLagging) as e:
        raise unavailable(e) from None
    finally:
        ctx.release()


async def _iterate(ctx: Context, feed: Feed) -> AsyncIterator[Any]:
    assert ctx.events is not None
    async with ctx.events.subscribe(feed.viewer_id) as stream:
        await feed.prime()
        ctx.release()  # nothing of the store is needed while waiting
        async for event in stream:
            ctx.renew()
            item = await feed.accept(event)
            if item is not None:
                yield item
                ctx.release()  # delivered: back to waiting
