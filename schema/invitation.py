"""Invitations to connect."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from graphdb.records import InvitationRecord
from resolvers import invitations
from resolvers.context import Info
from resolvers.results import Listing
from resolvers.time import maybe_datetime, to_datetime
from schema.pagination import CURSOR, CountedConnection
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]


@strawberry.enum(description="Where an invitation is in its life.")
class InvitationState(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Waiting for the recipient.")
    ACCEPTED = strawberry.enum_value("ACCEPTED", description="Accepted: the two are connected.")
    IGNORED = strawberry.enum_value("IGNORED", description="Ignored by the recipient.")
    WITHDRAWN = strawberry.enum_value("WITHDRAWN", description="Withdrawn by the sender.")


@strawberry.type(description="A request to connect. Only its sender and recipient can see it.")
class Invitation(relay.Node):
    id: relay.NodeID[str]
    state: InvitationState = strawberry.field(
        description="PENDING until accepted, ignored or withdrawn."
    )
    note: str | None = strawberry.field(description="The sender's personal note.")
    sent_at: datetime = strawberry.field(description="When it was sent.")
    accepted_at: datetime | None = strawberry.field(
        description="When it was accepted (the two became connected)."
    )
    ignored_at: datetime | None = strawberry.field(
        description="When the recipient ignored it (the sender is not told)."
    )
    withdrawn_at: datetime | None = strawberry.field(description="When the sender withdrew it.")
    sender_id: strawberry.Private[str]
    recipient_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: InvitationRecord) -> "Invitation":
        return cls(
            id=record.id,
            state=InvitationState(record.state),
            note=record.note,
            sent_at=to_datetime(record.sent_at),
            accepted_at=maybe_datetime(record.accepted_at),
            ignored_at=maybe_datetime(record.ignored_at),
            withdrawn_at=maybe_datetime(record.withdrawn_at),
            sender_id=record.sender_id,
            recipient_id=record.recipient_id,
        )

    @classmethod
    def maybe(cls, record: InvitationRecord | None) -> "Invitation | None":
        return cls.from_record(record) if record is not None else None

    @strawberry.field(description="Who sent it.")
    async def sender(self, info: Info) -> _Person:
        return Person.from_record(await invitations.party(info, self.sender_id))

    @strawberry.field(description="To whom it was sent.")
    async def recipient(self, info: Info) -> _Person:
        return Person.from_record(await invitations.party(info, self.recipient_id))


@strawberry.type(description="One invitation in a list.")
class InvitationEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Invitation = strawberry.field(description="The invitation.")


@strawberry.type(description="A page of invitations.")
class InvitationConnection(CountedConnection[InvitationEdge]):
    @classmethod
    def of(cls, listing: Listing[InvitationRecord]) -> "InvitationConnection":
        return cls.from_listing(
            listing, lambda r, c: InvitationEdge(cursor=c, node=Invitation.from_record(r))
        )
