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
from schema.pagination import CURSOR, After, CountedConnection, First
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.type(description="A message in a conversation.")
class Message(relay.Node):
    id: relay.NodeID[str]
    text: str = strawberry.field(description="What was written, at most 4,000 characters.")
    sent_at: datetime = strawberry.field(description="When it was sent.")
    sender_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: MessageRecord) -> "Message":
        return cls(
            id=record.id,
            text=record.text,
            sent_at=to_datetime(record.sent_at),
            sender_id=record.sender_id,
        )

    @strawberry.field(description="Who wrote it.")
    async def sender(self, info: Info) -> _Person | None:
        return Person.maybe(await messages.person(info, self.sender_id))

    @strawberry.field(description="Whether the viewer sent it.")
    def is_mine(self, info: Info) -> bool:
        return info.context.viewer_id == self.sender_id


@strawberry.type(description="One message in a conversation.")
class MessageEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Message = strawberry.field(description="The message.")


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
    started_at: datetime = strawberry.field(description="When its first message was sent.")
    last_message_at: datetime = strawberry.field(description="When its latest message was sent.")
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
        self, info: Info, first: First = 20, after: After = None
    ) -> MessageConnection:
        return MessageConnection.of(await messages.messages(info, self.id, first, after))


@strawberry.type(description="One conversation in a list.")
class ConversationEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Conversation = strawberry.field(description="The conversation.")


@strawberry.type(description="A page of conversations, latest message first.")
class ConversationConnection(CountedConnection[ConversationEdge]):
    @classmethod
    def of(cls, listing: Listing[ConversationRecord]) -> "ConversationConnection":
        return cls.from_listing(
            listing, lambda r, c: ConversationEdge(cursor=c, node=Conversation.from_record(r))
        )


@strawberry.type(description="Unread messages in the viewer's conversations.")
class UnreadMessages:
    messages: int = strawberry.field(description="Messages not yet read.")
    conversations: int = strawberry.field(description="Conversations with unread messages.")

    @classmethod
    def from_counts(cls, counts: UnreadCounts) -> "UnreadMessages":
        return cls(messages=counts.messages, conversations=counts.conversations)
