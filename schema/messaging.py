"""Direct messages between connected people."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from resolvers import messages
from resolvers.context import Info
from schema.pagination import CountedConnection

if TYPE_CHECKING:
    from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.type(description="A message in a conversation.")
class Message(relay.Node):
    id: relay.NodeID[str]
    text: str
    sent_at: datetime
    sender_id: strawberry.Private[str]

    @strawberry.field
    async def sender(self, info: Info) -> _Person | None:
        return await messages.person(info, self.sender_id)

    @strawberry.field(description="Whether the viewer sent it.")
    def is_mine(self, info: Info) -> bool:
        return info.context.viewer_id == self.sender_id


@strawberry.type
class MessageEdge:
    cursor: str
    node: Message


@strawberry.type(description="A page of messages, newest first.")
class MessageConnection(CountedConnection[MessageEdge]):
    pass


@strawberry.type(description="The viewer's messages with one other person.")
class Conversation(relay.Node):
    id: relay.NodeID[str]
    started_at: datetime
    last_message_at: datetime
    unread_count: int = strawberry.field(description="Messages the viewer has not read.")
    other_id: strawberry.Private[str]

    @strawberry.field(description="The other person in it.")
    async def participant(self, info: Info) -> _Person | None:
        return await messages.person(info, self.other_id)

    @strawberry.field(
        description="Whether the viewer may send a message now (only to a connection)."
    )
    async def can_send(self, info: Info) -> bool:
        return await messages.can_send(info, self.other_id)

    @strawberry.field(description="Its messages, newest first.")
    async def messages(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> MessageConnection:
        return await messages.messages(info, self.id, first, after)


@strawberry.type
class ConversationEdge:
    cursor: str
    node: Conversation


@strawberry.type(description="A page of conversations, latest message first.")
class ConversationConnection(CountedConnection[ConversationEdge]):
    pass


@strawberry.type
class UnreadMessages:
    messages: int
    conversations: int = strawberry.field(description="Conversations with unread messages.")
