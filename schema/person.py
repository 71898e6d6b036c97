"""People and the lists of people around them."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from resolvers import connections, follows, invitations, network, people
from resolvers.context import Info
from schema.pagination import CountedConnection

if TYPE_CHECKING:
    from schema.invitation import InvitationConnection, InvitationState
    from schema.network import NetworkSize, Relationship, SecondDegreeConnection

_InvitationConnection = Annotated["InvitationConnection", strawberry.lazy("schema.invitation")]
_InvitationState = Annotated["InvitationState", strawberry.lazy("schema.invitation")]
_Relationship = Annotated["Relationship", strawberry.lazy("schema.network")]
_SecondDegree = Annotated["SecondDegreeConnection", strawberry.lazy("schema.network")]
_NetworkSize = Annotated["NetworkSize", strawberry.lazy("schema.network")]

PAGE_ARGS_HELP = "Page size: default 20, at most 100."


@strawberry.type(description="A member of the network and their public profile.")
class Person(relay.Node):
    id: relay.NodeID[str]
    handle: str = strawberry.field(description="Unique, URL-safe name, e.g. `ada-lovelace`.")
    name: str
    headline: str | None
    about: str | None
    location: str | None
    industry: str | None
    created_at: datetime = strawberry.field(description="When the profile was created.")
    updated_at: datetime = strawberry.field(description="When the profile last changed.")

    @strawberry.field(description="Whether this is the signed-in person.")
    def is_viewer(self, info: Info) -> bool:
        return people.is_viewer(info, self.id)

    @strawberry.field(description="How many people follow this person.")
    async def follower_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).followers

    @strawberry.field(description="How many people this person follows.")
    async def following_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).following

    @strawberry.field(description="How many connections this person has.")
    async def connection_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).connections

    @strawberry.field(description="People who follow this person, newest follow first.")
    async def followers(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> "FollowConnection":
        return await follows.followers(info, self.id, first, after)

    @strawberry.field(description="People this person follows, newest follow first.")
    async def following(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> "FollowConnection":
        return await follows.following(info, self.id, first, after)

    @strawberry.field(description="This person's connections, newest first.")
    async def connections(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> "ConnectedPersonConnection":
        return await connections.connections(info, self.id, first, after)

    @strawberry.field(
        description="How the signed-in viewer relates to this person (batched across a "
        "page). Null without a signed-in profile."
    )
    async def relationship(self, info: Info) -> _Relationship | None:
        return await network.relationship(info, self.id)

    @strawberry.field(
        description="Connections this person shares with the viewer, in name order. "
        "Null without a signed-in viewer, or on the viewer's own profile."
    )
    async def mutual_connections(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> "PersonConnection | None":
        return await network.viewer_mutual_connections(info, self.id, first, after)

    @strawberry.field(
        description="Connections of this person's connections whom they are neither "
        "connected to nor have an invitation pending with, most mutual connections first."
    )
    async def second_degree(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> _SecondDegree:
        return await network.second_degree(info, self.id, first, after)

    @strawberry.field(description="How many people are one and two connections away.")
    async def network_size(self, info: Info) -> _NetworkSize:
        return await network.network_size(info, self.id)

    @strawberry.field(
        description="Invitations this person received, newest first. Only the person "
        "themself sees them: null for anyone else."
    )
    async def received_invitations(
        self,
        info: Info,
        state: _InvitationState | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> _InvitationConnection | None:
        return await invitations.listing(info, self.id, "received", state, first, after)

    @strawberry.field(
        description="Invitations this person sent, newest first. Only the person "
        "themself sees them: null for anyone else."
    )
    async def sent_invitations(
        self,
        info: Info,
        state: _InvitationState | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> _InvitationConnection | None:
        return await invitations.listing(info, self.id, "sent", state, first, after)


@strawberry.type
class PersonEdge:
    cursor: str
    node: Person


@strawberry.type(description="A page of people.")
class PersonConnection(CountedConnection[PersonEdge]):
    pass


@strawberry.type
class FollowEdge:
    cursor: str
    node: Person
    followed_at: datetime = strawberry.field(description="When the follow began.")


@strawberry.type(description="A page of followers or followed people.")
class FollowConnection(CountedConnection[FollowEdge]):
    pass


@strawberry.type
class ConnectedPersonEdge:
    cursor: str
    node: Person
    connected_at: datetime = strawberry.field(description="When the two connected.")


@strawberry.type(description="A page of a person's connections.")
class ConnectedPersonConnection(CountedConnection[ConnectedPersonEdge]):
    pass
