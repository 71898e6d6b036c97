"""Network types: how two people relate, second-degree suggestions, paths."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from graphdb.records import FollowSuggestion, Suggestion
from graphdb.records import NetworkSize as NetworkSizeRecord
from resolvers import people
from resolvers.context import Info
from resolvers.results import Listing, RelationshipView, SeparationView
from resolvers.time import maybe_datetime, to_datetime
from schema.invitation import Invitation
from schema.organization import Organization
from schema.pagination import CountedConnection
from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_Organization = Annotated["Organization", strawberry.lazy("schema.organization")]
_Invitation = Annotated["Invitation", strawberry.lazy("schema.invitation")]


@strawberry.enum(description="How far a person is from the viewer in connections.")
class NetworkDegree(Enum):
    SELF = strawberry.enum_value("SELF", description="The viewer themself.")
    FIRST = strawberry.enum_value("FIRST", description="A connection.")
    SECOND = strawberry.enum_value("SECOND", description="A connection of a connection.")
    THIRD = strawberry.enum_value("THIRD", description="Three connections away.")
    OUT_OF_NETWORK = strawberry.enum_value(
        "OUT_OF_NETWORK", description="Further away, or not reachable through connections."
    )


@strawberry.enum(description="The one action a frontend should offer for this person.")
class PrimaryAction(Enum):
    CONNECT = strawberry.enum_value("CONNECT", description="Invite them to connect.")
    PENDING = strawberry.enum_value(
        "PENDING", description="The viewer's invitation is waiting for them."
    )
    ACCEPT = strawberry.enum_value("ACCEPT", description="They invited the viewer: accept.")
    MESSAGE = strawberry.enum_value("MESSAGE", description="Connected: write to them.")
    FOLLOW = strawberry.enum_value(
        "FOLLOW",
        description=("Follow them (they prefer followers, or an invitation is not possible now)."),
    )


@strawberry.enum(description="Why the viewer may not send an invitation now.")
class InviteBlock(Enum):
    SELF = strawberry.enum_value("SELF", description="That is the viewer.")
    ALREADY_CONNECTED = strawberry.enum_value(
        "ALREADY_CONNECTED", description="The two are already connected."
    )
    INVITATION_PENDING = strawberry.enum_value(
        "INVITATION_PENDING", description="An invitation between them is pending."
    )
    COOLDOWN = strawberry.enum_value(
        "COOLDOWN",
        description=("The viewer withdrew an invitation to them recently (see `canInviteAfter`)."),
    )
    VIEWER_AT_LIMIT = strawberry.enum_value(
        "VIEWER_AT_LIMIT", description="The viewer has as many connections as allowed."
    )
    OTHER_AT_LIMIT = strawberry.enum_value(
        "OTHER_AT_LIMIT", description="The person has as many connections as allowed."
    )
    SHARED_CONNECTION_REQUIRED = strawberry.enum_value(
        "SHARED_CONNECTION_REQUIRED",
        description="They take invitations only from people who share a connection with them.",
    )


@strawberry.enum(
    description=("Which side sent the invitation pending between the viewer and a person.")
)
class InvitationDirection(Enum):
    SENT = strawberry.enum_value("SENT", description="The viewer sent it.")
    RECEIVED = strawberry.enum_value("RECEIVED", description="The viewer received it.")


@strawberry.type(description="How the signed-in viewer relates to a person.")
class Relationship:
    person_id: strawberry.Private[str]
    degree: NetworkDegree = strawberry.field(
        description="SELF, FIRST (connected), SECOND, THIRD or OUT_OF_NETWORK."
    )
    distance: int | None = strawberry.field(
        description="Hops between the two: 0 self, 1, 2 or 3; null beyond 3."
    )
    connected: bool = strawberry.field(
        description=("The two are connected (each then also follows the other, until unfollowed).")
    )
    following: bool = strawberry.field(description="The viewer follows the person.")
    followed_by: bool = strawberry.field(description="The person follows the viewer.")
    mutual_connection_count: int = strawberry.field(
        description="How many connections the two share."
    )
    pending_invitation: _Invitation | None = strawberry.field(
        description="The invitation pending between the two, whichever side sent it."
    )
    invitation_direction: InvitationDirection | None = strawberry.field(
        description="Which side sent the pending invitation, if there is one."
    )
    can_invite: bool = strawberry.field(description="Whether the viewer may invite the person now.")
    cannot_invite_reason: InviteBlock | None = strawberry.field(
        description="Why not, when `canInvite` is false."
    )
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

    @strawberry.field(description="The person the viewer relates to.")
    async def person(self, info: Info) -> _Person:
        found = await people.person_by_id(info, self.person_id)
        assert found is not None, "a relationship is only made for a person the viewer sees"
        return Person.from_record(found)


def _maybe(enum: Any, value: str | None) -> Any:
    return enum(value) if value is not None else None


@strawberry.type(description="A person the viewer may know.")
class SecondDegreeEdge:
    cursor: str = strawberry.field(description="Pass as `after` for the suggestions after it.")
    node: _Person = strawberry.field(description="The person suggested.")
    mutual_connection_count: int = strawberry.field(
        description="Connections the two share: what the list is ranked by."
    )
    mutual_connections: list[_Person] = strawberry.field(
        description="A few of those mutual connections (at most three), in name order."
    )
    shared_organizations: list[_Organization] = strawberry.field(
        description="The first few organizations both work or studied at, in name order."
    )
    primary_action: PrimaryAction = strawberry.field(
        description="CONNECT, or FOLLOW for someone who asked to be followed first or who "
        "is followed by many and connects with few (at least 1,000 followers and ten "
        "times as many followers as connections)."
    )
    as_of: datetime | None = strawberry.field(
        description="Null: ranked by a live walk now. Else the analytics snapshot's time "
        "it was ranked at (for people whose connections' networks take more than a short "
        "walk: 2,000 rows by default), with what changed since merged in."
    )


@strawberry.type(
    description="Second-degree people, most mutual connections first. Ranked live, or "
    "from the newest analytics run for people with larger networks (each edge's "
    "`asOf` says which); from a run, the list holds each person's best 200 and "
    "`totalCount` is the run's exact count."
)
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
                primary_action=PrimaryAction(row.primary_action),
                as_of=maybe_datetime(row.as_of),
            ),
        )


FollowTarget = Annotated[
    _Person | _Organization,
    strawberry.union("FollowTarget", description="A person or an organization to follow."),
]


@strawberry.type(description="Someone or some organization the viewer may want to follow.")
class FollowSuggestionEdge:
    cursor: str = strawberry.field(description="Pass as `after` for the suggestions after it.")
    node: FollowTarget = strawberry.field(description="Whom to follow.")
    followed_by_count: int = strawberry.field(
        description="How many of the viewer's circle (the people they follow and their "
        "connections) chose to follow it (the follows connecting makes do not count)."
    )
    followed_by: list[_Person] = strawberry.field(
        description="A few of them (at most three), in name order."
    )
    reason: str = strawberry.field(
        description='Why, in words: "Followed by 12 people in your network".'
    )
    score: float = strawberry.field(
        description="The ranking's measure: the chance that a two-step random walk from the "
        "viewer (to someone in their circle, then to someone that person chose to follow, "
        "each step uniform) ends here."
    )
    primary_action: PrimaryAction = strawberry.field(
        description="FOLLOW, or CONNECT for a person who takes invitations as usual and is "
        "not followed far more than connected."
    )
    as_of: datetime = strawberry.field(
        description="The analytics snapshot's time it was ranked at; follows, connections "
        "and blocks since then are taken out."
    )


@strawberry.type(
    description="Whom to follow, best first: computed by each analytics run for everyone "
    "(empty until the first run), each person's best 100."
)
class FollowSuggestionConnection(CountedConnection[FollowSuggestionEdge]):
    @classmethod
    def of(cls, listing: Listing[FollowSuggestion]) -> "FollowSuggestionConnection":
        return cls.from_listing(listing, _follow_edge)


def _follow_edge(row: FollowSuggestion, cursor: str) -> FollowSuggestionEdge:
    node: Any
    if row.person is not None:
        node = Person.from_record(row.person)
    else:
        assert row.organization is not None
        node = Organization.from_record(row.organization)
    people_word = "person" if row.followed_by == 1 else "people"
    return FollowSuggestionEdge(
        cursor=cursor,
        node=node,
        followed_by_count=row.followed_by,
        followed_by=[Person.from_record(p) for p in row.sample],
        reason=f"Followed by {row.followed_by} {people_word} in your network",
        score=row.score,
        primary_action=PrimaryAction(row.primary_action),
        as_of=to_datetime(row.as_of),
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
        "and no analytics run has counted it (the count then goes through the others, so "
        "it is a lower bound)."
    )
    second_degree_as_of: datetime | None = strawberry.field(
        description="Null: counted live now. Else the time of the analytics snapshot that "
        "counted it exactly (for people whose connections' networks are too large to walk)."
    )

    @classmethod
    def from_record(cls, size: NetworkSizeRecord) -> "NetworkSize":
        return cls(
            first_degree=size.first_degree,
            second_degree=size.second_degree,
            second_degree_is_exact=size.exact,
            second_degree_as_of=maybe_datetime(size.as_of),
        )


@strawberry.type(description="How two people are connected, within a depth bound.")
class Separation:
    degree: int | None = strawberry.field(
        description="Length of the shortest connection path; null if none within maxDepth."
    )
    max_depth: int = strawberry.field(description="The depth searched.")
    path: list[_Person] | None = strawberry.field(
        description="One shortest path, both ends included; null if none within maxDepth."
    )

    @classmethod
    def from_view(cls, view: SeparationView) -> "Separation":
        if view.path is None:
            return cls(degree=None, max_depth=view.max_depth, path=None)
        path = [Person.from_record(p) for p in view.path]
        return cls(degree=len(path) - 1, max_depth=view.max_depth, path=path)
