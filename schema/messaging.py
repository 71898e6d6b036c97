"""Direct messages between connected people."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from graphdb.records import ConversationRecord, MessageRecord, UnreadCounts
from resolvers import messages
from resolvers.context import Info
from resolvers.results import Listing
from resolvers.time import to_datetime
from schema.pagination import CountedConnection
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.type(description="A message in a conversation.")
class Message(relay.Node):
    id: relay.NodeID[str]
    text: str
    sent_at: datetime
    sender_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: MessageRecord) -> "Message":
        return cls(
            id=record.id,
            text=record.text,
            sent_at=to_datetime(record.sent_at),
            sender_id=record.sender_id,
        )

    @strawberry.field
    async def sender(self, info: Info) -> _Person | None:
        return Person.maybe(await messages.person(info, self.sender_id))

    @strawberry.field(description="Whether the viewer sent it.")
    def is_mine(self, info: Info) -> bool:
        return info.context.viewer_id == self.sender_id


@strawberry.type
class MessageEdge:
    cursor: str
    node: Message


@strawberry.type(description="A page of messages, newest first.")
class MessageConnection(CountedConnection[MessageEdge]):
    @classmethod
    def of(cls, listing: Listing[MessageRecord]) -> "MessageConnection":
        return cls.from_listing(
            listing, lambda r, c: MessageEdge(cursor=c, node=Message.from_record(r))
        )


@strawberry.type(description="The viewer's messages with one other person.")
class Conversation(relay.Node):
    id: relay.NodeID[str]
    started_at: datetime
    last_message_at: datetime
    unread_count: int = strawberry.field(description="Messages the viewer has not read.")
    other_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: ConversationRecord) -> "Conversation":
        return cls(
            id=record.id,
            started_at=to_datetime(record.started_at),
            last_message_at=to_datetime(record.last_message_at),
            unread_count=record.unread,
            other_id=record.other_id,
        )

    @classmethod
    def maybe(cls, record: ConversationRecord | None) -> "Conversation | None":
        return cls.from_record(record) if record is not None else None

    @strawberry.field(description="The other person in it.")
    async def participant(self, info: Info) -> _Person | None:
        return Person.maybe(await messages.person(info, self.other_id))

    @strawberry.field(
        description="Whether the viewer may send a message now (only to a connection)."
    )
    async def can_send(self, info: Info) -> bool:
        return await messages.can_send(info, self.other_id)

    @strawberry.field(description="Its messages, newest first.")
    async def messages(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> MessageConnection:
        return MessageConnection.of(await messages.messages(info, self.id, first, after))


@strawberry.type
class ConversationEdge:
    cursor: str
    node: Conversation


@strawberry.type(description="A page of conversations, latest message first.")
class ConversationConnection(CountedConnection[ConversationEdge]):
    @classmethod
    def of(cls, listing: Listing[ConversationRecord]) -> "ConversationConnection":
        return cls.from_listing(
            listing, lambda r, c: ConversationEdge(cursor=c, node=Conversation.from_record(r))
        )


@strawberry.type
class UnreadMessages:
    messages: int
    conversations: int = strawberry.field(description="Conversations with unread messages.")

    @classmethod
    def from_counts(cls, counts: UnreadCounts) -> "UnreadMessages":
        return cls(messages=counts.messages, conversations=counts.conversations)
