"""Network types: how two people relate, second-degree suggestions, paths."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import people
from resolvers.context import Info
from schema.pagination import CountedConnection

if TYPE_CHECKING:
    from schema.invitation import Invitation
    from schema.organization import Organization
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

    @strawberry.field
    async def person(self, info: Info) -> _Person:
        found = await people.person_by_id(info, self.person_id)
        assert found is not None, "a relationship is only made for a person the viewer sees"
        return found


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
    pass


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


@strawberry.type(description="How two people are connected, within a depth bound.")
class Separation:
    degree: int | None = strawberry.field(
        description="Length of the shortest connection path; null if none within maxDepth."
    )
    max_depth: int
    path: list[_Person] | None = strawberry.field(
        description="One shortest path, both ends included; null if none within maxDepth."
    )
