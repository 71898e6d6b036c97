"""Invitations to connect."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from resolvers import invitations
from resolvers.context import Info
from schema.pagination import CountedConnection

if TYPE_CHECKING:
    from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.enum(description="Where an invitation is in its life.")
class InvitationState(Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    IGNORED = "IGNORED"
    WITHDRAWN = "WITHDRAWN"


@strawberry.type(description="A request to connect. Only its sender and recipient can see it.")
class Invitation(relay.Node):
    id: relay.NodeID[str]
    state: InvitationState
    note: str | None = strawberry.field(description="The sender's personal note.")
    sent_at: datetime
    accepted_at: datetime | None
    ignored_at: datetime | None
    withdrawn_at: datetime | None
    sender_id: strawberry.Private[str]
    recipient_id: strawberry.Private[str]

    @strawberry.field
    async def sender(self, info: Info) -> _Person:
        return await invitations.party(info, self.sender_id)

    @strawberry.field
    async def recipient(self, info: Info) -> _Person:
        return await invitations.party(info, self.recipient_id)


@strawberry.type
class InvitationEdge:
    cursor: str
    node: Invitation


@strawberry.type(description="A page of invitations.")
class InvitationConnection(CountedConnection[InvitationEdge]):
    pass
