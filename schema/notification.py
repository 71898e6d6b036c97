"""Notifications: the viewer's inbox of events that concern them."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from graphdb.records import NotificationRecord
from resolvers import invitations, messages, notifications, people
from resolvers.context import Info
from resolvers.time import to_datetime
from schema.invitation import Invitation
from schema.messaging import Message
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.enum(description="What happened.")
class NotificationKind(Enum):
    INVITATION_RECEIVED = strawberry.enum_value(
        notifications.INVITATION_RECEIVED,
        description="Someone invited you to connect (subject: the invitation).",
    )
    INVITATION_ACCEPTED = strawberry.enum_value(
        notifications.INVITATION_ACCEPTED,
        description="Someone accepted your invitation: you are connected (subject: the "
        "invitation).",
    )
    NEW_FOLLOWER = strawberry.enum_value(
        notifications.NEW_FOLLOWER,
        description="Someone started following you: they see your public posts; you are "
        "not connected (subject: the follower).",
    )
    MESSAGE_RECEIVED = strawberry.enum_value(
        notifications.MESSAGE_RECEIVED,
        description="A connection sent you a message (subject: the message).",
    )


NotificationSubject = Annotated[
    Invitation | Message | Person,
    strawberry.union(
        "NotificationSubject", description="What a notification is about, by its kind."
    ),
]


@strawberry.type(description="An event that concerns the viewer.")
class Notification:
    id: strawberry.ID = strawberry.field(description="The notification's global id.")
    kind: NotificationKind = strawberry.field(description="What happened.")
    created_at: datetime = strawberry.field(description="When it happened.")
    read: bool = strawberry.field(
        description="Whether it was marked read (`markNotificationsRead`)."
    )
    actor_id: strawberry.Private[str]
    subject_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: NotificationRecord, read_up_to: int) -> "Notification":
        return cls(
            id=strawberry.ID(record.id),
            kind=NotificationKind(record.kind),
            created_at=to_datetime(record.at),
            read=record.seq <= read_up_to,
            actor_id=record.actor_id,
            subject_id=record.subject_id,
        )

    @strawberry.field(description="Who did it; null if no longer visible to you.")
    async def actor(self, info: Info) -> _Person | None:
        return Person.maybe(await people.person_by_id(info, self.actor_id))

    @strawberry.field(description="What it is about; null if no longer visible to you.")
    async def subject(self, info: Info) -> NotificationSubject | None:
        if self.kind is NotificationKind.NEW_FOLLOWER:
            return Person.maybe(await people.person_by_id(info, self.subject_id))
        if self.kind is NotificationKind.MESSAGE_RECEIVED:
            found = (await messages.messages_by_ids(info, [self.subject_id]))[0]
            return Message.from_record(found) if found else None
        return Invitation.maybe((await invitations.invitations_by_ids(info, [self.subject_id]))[0])


@strawberry.type(description="One notification in the inbox.")
class NotificationEdge:
    cursor: str = strawberry.field(
        description="Its place in the inbox: `after` pages on from it, `since` keeps only "
        "newer ones, `upTo` marks read up to it."
    )
    node: Notification = strawberry.field(description="The notification.")

    @classmethod
    def of(cls, record: NotificationRecord, read_up_to: int = 0) -> "NotificationEdge":
        return cls(cursor=notifications.cursor_of(record), node=Notification.from_record(
            record, read_up_to
        ))  # fmt: skip


@strawberry.type(
    description="A page of notifications, newest first. It has no total: an inbox can "
    "hold more than is worth counting (see `unreadNotificationCount`)."
)
class NotificationConnection:
    edges: list[NotificationEdge] = strawberry.field(
        description="This page's notifications, newest first."
    )
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the list.")

    @classmethod
    def of(cls, page: notifications.NotificationPage) -> "NotificationConnection":
        return cls(
            edges=[
                NotificationEdge(cursor=c, node=Notification.from_record(r, page.read_up_to))
                for r, c in page.items
            ],
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
        )
