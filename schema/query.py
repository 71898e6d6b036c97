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
from schema.pagination import After, First
from schema.person import Person, PersonConnection

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_PersonConnection = Annotated["PersonConnection", strawberry.lazy("schema.person")]
_Relationship = Annotated["Relationship", strawberry.lazy("schema.network")]
_Separation = Annotated["Separation", strawberry.lazy("schema.network")]
_Organizations = Annotated["OrganizationConnection", strawberry.lazy("schema.organization")]


@strawberry.type(
    description=(
        "Everything you can read. Anonymous callers see public profiles; a "
        "token shows what its person may see."
    )
)
class Query:
    @strawberry.field(description="Any object by its global id; null if unknown or hidden.")
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="A global id, as any object's `id` gives it."),
        ],
    ) -> relay.Node | None:
        return to_node(await nodes.node(info, id))

    @strawberry.field(description="Objects by global id (at most 100), in the same order.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Up to 100 global ids.")
        ],
    ) -> list[relay.Node | None]:
        return [to_node(record) for record in await nodes.nodes(info, ids)]

    @strawberry.field(description="The signed-in person; null without a token or profile.")
    async def viewer(self, info: Info) -> _Person | None:
        return Person.maybe(await people.viewer(info))

    @strawberry.field(description="A person by global id or by handle (give exactly one).")
    async def person(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Their global id.")
        ] = None,
        handle: Annotated[
            str | None, strawberry.argument(description="Their handle, e.g. `ada-lovelace`.")
        ] = None,
    ) -> _Person | None:
        return Person.maybe(await people.person(info, id, handle))

    @strawberry.field(
        description="People found by `search`: each of its words starts a word of their name, "
        "handle or headline (words under three letters match whole), in name order among "
        "the best 1,000 matches."
    )
    async def people(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text to look for (at most 100 characters); none: everyone."
            ),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> _PersonConnection:
        return PersonConnection.of(await people.search(info, search, first, after))

    @strawberry.field(
        description="The viewer's relationship to each of up to 100 people, in order."
    )
    async def relationships(
        self,
        info: Info,
        person_ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="Up to 100 people's global ids.")
        ],
    ) -> list[_Relationship]:
        return [Relationship.from_view(v) for v in await network.relationships(info, person_ids)]

    @strawberry.field(
        description="Organizations by name: each word of `search` starts a word of the "
        "name (words under three letters match whole), in name order among the best "
        "1,000 matches; no term: every organization."
    )
    async def organizations(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Words to look for in names (at most 100 characters); none: all."
            ),
        ] = None,
        first: First = 20,
        after: After = None,
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
        person_a: Annotated[
            strawberry.ID, strawberry.argument(description="One person's global id.")
        ],
        person_b: Annotated[
            strawberry.ID, strawberry.argument(description="The other's global id.")
        ],
        first: First = 20,
        after: After = None,
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
        to: Annotated[
            strawberry.ID, strawberry.argument(description="The global id of the person to reach.")
        ],
        from_: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                name="from", description="Where the path starts (default: the viewer)."
            ),
        ] = None,
        max_depth: Annotated[
            int, strawberry.argument(description="How many connections deep to search: 1 to 6.")
        ] = 6,
    ) -> _Separation:
        return Separation.from_view(await network.separation(info, from_, to, max_depth))

    @strawberry.field(
        description="Whole-network analytics: runs over snapshots and what they measured. "
        "Only for tokens with the analyst role (FORBIDDEN otherwise)."
    )
    def analytics(self, info: Info) -> Analytics | None:
        return analytics_root(info)
