"""Network types: how two people relate, second-degree suggestions, paths."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from graphdb.records import NetworkSize as NetworkSizeRecord
from graphdb.records import Suggestion
from resolvers import people
from resolvers.context import Info
from resolvers.results import Listing, RelationshipView, SeparationView
from resolvers.time import maybe_datetime
from schema.invitation import Invitation
from schema.organization import Organization
from schema.pagination import CountedConnection
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_Organization = Annotated["Organization", strawberry.lazy("schema.organization")]
_Invitation = Annotated["Invitation", strawberry.lazy("schema.invitation")]


@strawberry.enum(description="How far a person is from the viewer in connections.")
class NetworkDegree(Enum):
    SELF = "SELF"
    FIRST = "FIRST"
    SECOND = "SECOND"
    THIRD = "THIRD"
    OUT_OF_NETWORK = "OUT_OF_NETWORK"


@strawberry.enum(description="The one action a frontend should offer for this person.")
class PrimaryAction(Enum):
    CONNECT = "CONNECT"
    PENDING = "PENDING"
    ACCEPT = "ACCEPT"
    MESSAGE = "MESSAGE"
    FOLLOW = "FOLLOW"


@strawberry.enum(description="Why the viewer may not send an invitation now.")
class InviteBlock(Enum):
    SELF = "SELF"
    ALREADY_CONNECTED = "ALREADY_CONNECTED"
    INVITATION_PENDING = "INVITATION_PENDING"
    COOLDOWN = "COOLDOWN"
    VIEWER_AT_LIMIT = "VIEWER_AT_LIMIT"
    OTHER_AT_LIMIT = "OTHER_AT_LIMIT"
    SHARED_CONNECTION_REQUIRED = strawberry.enum_value(
        "SHARED_CONNECTION_REQUIRED",
        description="They take invitations only from people who share a connection with them.",
    )


@strawberry.enum
class InvitationDirection(Enum):
    SENT = "SENT"
    RECEIVED = "RECEIVED"


@strawberry.type(description="How the signed-in viewer relates to a person.")
class Relationship:
    person_id: strawberry.Private[str]
    degree: NetworkDegree
    distance: int | None = strawberry.field(
        description="Hops between the two: 0 self, 1, 2 or 3; null beyond 3."
    )
    connected: bool
    following: bool = strawberry.field(description="The viewer follows the person.")
    followed_by: bool = strawberry.field(description="The person follows the viewer.")
    mutual_connection_count: int
    pending_invitation: _Invitation | None = strawberry.field(
        description="The invitation pending between the two, whichever side sent it."
    )
    invitation_direction: InvitationDirection | None
    can_invite: bool
    cannot_invite_reason: InviteBlock | None
    can_invite_after: datetime | None = strawberry.field(
        description="With COOLDOWN: when the viewer may invite again."
    )
    primary_action: PrimaryAction | None = strawberry.field(
        description="Null for the viewer themself."
    )

    @classmethod
    def from_view(cls, view: RelationshipView) -> "Relationship":
        return cls(
            person_id=view.person_id,
            degree=NetworkDegree(view.degree),
            distance=view.distance,
            connected=view.connected,
            following=view.following,
            followed_by=view.followed_by,
            mutual_connection_count=view.mutual_connection_count,
            pending_invitation=Invitation.maybe(view.pending_invitation),
            invitation_direction=_maybe(InvitationDirection, view.invitation_direction),
            can_invite=view.can_invite,
            cannot_invite_reason=_maybe(InviteBlock, view.cannot_invite_reason),
            can_invite_after=maybe_datetime(view.can_invite_after),
            primary_action=_maybe(PrimaryAction, view.primary_action),
        )

    @strawberry.field
    async def person(self, info: Info) -> _Person:
        found = await people.person_by_id(info, self.person_id)
        assert found is not None, "a relationship is only made for a person the viewer sees"
        return Person.from_record(found)


def _maybe(enum: Any, value: str | None) -> Any:
    return enum(value) if value is not None else None


@strawberry.type
class SecondDegreeEdge:
    cursor: str
    node: _Person
    mutual_connection_count: int
    mutual_connections: list[_Person] = strawberry.field(
        description="The first few mutual connections, in name order."
    )
    shared_organizations: list[_Organization] = strawberry.field(
        description="The first few organizations both work or studied at, in name order."
    )


@strawberry.type(description="Second-degree people, most mutual connections first.")
class SecondDegreeConnection(CountedConnection[SecondDegreeEdge]):
    @classmethod
    def of(cls, listing: Listing[Suggestion]) -> "SecondDegreeConnection":
        return cls.from_listing(
            listing,
            lambda row, cursor: SecondDegreeEdge(
                cursor=cursor,
                node=Person.from_record(row.person),
                mutual_connection_count=row.mutual,
                mutual_connections=[Person.from_record(m) for m in row.sample],
                shared_organizations=[Organization.from_record(o) for o in row.organizations],
            ),
        )


@strawberry.type(
    description="How many people a person reaches: connections, and their connections."
)
class NetworkSize:
    first_degree: int = strawberry.field(description="Their connections.")
    second_degree: int = strawberry.field(
        description="People two connections away: connected to a connection, not to them."
    )
    second_degree_is_exact: bool = strawberry.field(
        description="False when some connections' own networks were too large to walk "
        "(the count then goes through the others, so it is a lower bound), as for "
        "secondDegree."
    )

    @classmethod
    def from_record(cls, size: NetworkSizeRecord) -> "NetworkSize":
        return cls(
            first_degree=size.first_degree,
            second_degree=size.second_degree,
            second_degree_is_exact=size.exact,
        )


@strawberry.type(description="How two people are connected, within a depth bound.")
class Separation:
    degree: int | None = strawberry.field(
        description="Length of the shortest connection path; null if none within maxDepth."
    )
    max_depth: int
    path: list[_Person] | None = strawberry.field(
        description="One shortest path, both ends included; null if none within maxDepth."
    )

    @classmethod
    def from_view(cls, view: SeparationView) -> "Separation":
        if view.path is None:
            return cls(degree=None, max_depth=view.max_depth, path=None)
        path = [Person.from_record(p) for p in view.path]
        return cls(degree=len(path) - 1, max_depth=view.max_depth, path=path)
