"""Subscriptions over WebSocket (graphql-transport-ws at /graphql): the viewer's own
events as they happen. Best effort: the inbox (`viewer.notifications`) is the record,
and every pushed notification carries the cursor to catch up from."""

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from resolvers import subscriptions
from resolvers.context import Info
from schema.invitation import Invitation
from schema.messaging import Message
from schema.notification import NotificationEdge


@strawberry.type(
    description=(
        "Live updates over WebSocket (graphql-transport-ws at /graphql): "
        'authenticate in `connection_init` with `{"Authorization": "Bearer '
        '..."}`.'
    )
)
class Subscription:
    @strawberry.subscription(
        description="Each new notification of the viewer, with its cursor: after a gap "
        "(a reconnect, an EVENTS_UNAVAILABLE error), fetch `viewer { notifications(since: "
        "<last cursor>) }` to catch up."
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[NotificationEdge, None]:
        async for edge in subscriptions.notification_added(info, NotificationEdge.of):
            yield edge

    @strawberry.subscription(
        description="Messages the other person sends in one of the viewer's conversations."
    )
    async def message_received(
        self,
        info: Info,
        conversation_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The global id of one of the viewer's conversations."),
        ],
    ) -> AsyncGenerator[Message, None]:
        async for message in subscriptions.message_received(
            info, conversation_id, Message.from_record
        ):
            yield message

    @strawberry.subscription(
        description="The viewer's invitations, sent or received, each time one is sent, "
        "accepted, ignored (told to its recipient only) or withdrawn."
    )
    async def invitation_changed(self, info: Info) -> AsyncGenerator[Invitation, None]:
        async for invitation in subscriptions.invitation_changed(info, Invitation.from_record):
            yield invitation
