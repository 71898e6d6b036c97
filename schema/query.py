"""The root query."""

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers import network, nodes, organizations, people
from resolvers.context import Info
from schema.analytics import Analytics, analytics_root
from schema.network import Relationship, Separation
from schema.nodes import to_node
from schema.organization import OrganizationConnection
from schema.person import Person, PersonConnection

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_PersonConnection = Annotated["PersonConnection", strawberry.lazy("schema.person")]
_Relationship = Annotated["Relationship", strawberry.lazy("schema.network")]
_Separation = Annotated["Separation", strawberry.lazy("schema.network")]
_Organizations = Annotated["OrganizationConnection", strawberry.lazy("schema.organization")]


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id; null if unknown or hidden.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return to_node(await nodes.node(info, id))

    @strawberry.field(description="Objects by global id (at most 100), in the same order.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return [to_node(record) for record in await nodes.nodes(info, ids)]

    @strawberry.field(description="The signed-in person; null without a token or profile.")
    async def viewer(self, info: Info) -> _Person | None:
        return Person.maybe(await people.viewer(info))

    @strawberry.field(description="A person by global id or by handle (give exactly one).")
    async def person(
        self, info: Info, id: strawberry.ID | None = None, handle: str | None = None
    ) -> _Person | None:
        return Person.maybe(await people.person(info, id, handle))

    @strawberry.field(description="People whose name, handle or headline contains `search`.")
    async def people(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> _PersonConnection:
        return PersonConnection.of(await people.search(info, search, first, after))

    @strawberry.field(
        description="The viewer's relationship to each of up to 100 people, in order."
    )
    async def relationships(
        self, info: Info, person_ids: list[strawberry.ID]
    ) -> list[_Relationship]:
        return [Relationship.from_view(v) for v in await network.relationships(info, person_ids)]

    @strawberry.field(description="Organizations whose name contains `search`, by name.")
    async def organizations(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> _Organizations:
        return OrganizationConnection.of(await organizations.search(info, search, first, after))

    @strawberry.field(
        description="Connections two people share, in name order. Either of the two may "
        "ask, and so may anyone who may see both their connections lists (FORBIDDEN "
        "otherwise)."
    )
    async def mutual_connections(
        self,
        info: Info,
        person_a: strawberry.ID,
        person_b: strawberry.ID,
        first: int | None = 20,
        after: str | None = None,
    ) -> _PersonConnection:
        listing = await network.mutual_connections(info, person_a, person_b, first, after)
        return PersonConnection.of(listing)

    @strawberry.field(
        description="Degrees of separation: the shortest connection path between two "
        "people (`from` defaults to the viewer), searched up to `maxDepth` (at most 6). "
        "A `from` other than the viewer needs their connections list visible to the viewer. "
        "The path never passes through anyone hidden from the viewer by a block."
    )
    async def separation(
        self,
        info: Info,
        to: strawberry.ID,
        from_: Annotated[strawberry.ID | None, strawberry.argument(name="from")] = None,
        max_depth: int = 6,
    ) -> _Separation:
        return Separation.from_view(await network.separation(info, from_, to, max_depth))

    @strawberry.field(
        description="Whole-network analytics: runs over snapshots and what they measured. "
        "Only for tokens with the analyst role (FORBIDDEN otherwise)."
    )
    def analytics(self, info: Info) -> Analytics | None:
        return analytics_root(info)
