"""The root query."""

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from resolvers import nodes, people
from resolvers.context import Info

if TYPE_CHECKING:
    from schema.person import Person, PersonConnection

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_PersonConnection = Annotated["PersonConnection", strawberry.lazy("schema.person")]


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id; null if unknown or hidden.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await nodes.node(info, id)

    @strawberry.field(description="Objects by global id (at most 100), in the same order.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return await nodes.nodes(info, ids)

    @strawberry.field(description="The signed-in person; null without a token or profile.")
    async def viewer(self, info: Info) -> _Person | None:
        return await people.viewer(info)

    @strawberry.field(description="A person by global id or by handle (give exactly one).")
    async def person(
        self, info: Info, id: strawberry.ID | None = None, handle: str | None = None
    ) -> _Person | None:
        return await people.person(info, id, handle)

    @strawberry.field(description="People whose name, handle or headline contains `search`.")
    async def people(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> _PersonConnection:
        return await people.search(info, search, first, after)
