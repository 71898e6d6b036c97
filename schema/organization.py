"""Organizations: companies and schools."""

from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from graphdb.records import Affiliation as AffiliationRecord
from graphdb.records import Keyset, OrganizationRecord
from resolvers import organizations, posts
from resolvers.context import Info
from resolvers.results import Listing
from schema.pagination import CURSOR, After, CountedConnection, First
from schema.post import PostConnection

_PostConnection = Annotated["PostConnection", strawberry.lazy("schema.post")]


@strawberry.enum(description="What sort of organization it is.")
class OrganizationKind(Enum):
    COMPANY = strawberry.enum_value("COMPANY", description="A company.")
    SCHOOL = strawberry.enum_value("SCHOOL", description="A school or university.")


@strawberry.enum(description="How a person is affiliated with an organization.")
class AffiliationRole(Enum):
    WORK = strawberry.enum_value("WORK", description="Works or worked there.")
    STUDY = strawberry.enum_value("STUDY", description="Studies or studied there.")


@strawberry.type(description="A company or school people follow, work at or study at.")
class Organization(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Its name.")
    kind: OrganizationKind = strawberry.field(description="A company or a school.")
    url: str | None = strawberry.field(description="Its website, when known.")

    @classmethod
    def from_record(cls, record: OrganizationRecord) -> "Organization":
        return cls(
            id=record.id, name=record.name, kind=OrganizationKind(record.kind), url=record.url
        )

    @strawberry.field(description="How many people follow it.")
    async def follower_count(self, info: Info) -> int:
        return (await organizations.counts(info, self.id))[0]

    @strawberry.field(description="How many people work or study there.")
    async def affiliated_count(self, info: Info) -> int:
        return (await organizations.counts(info, self.id))[1]

    @strawberry.field(description="Whether the viewer follows it; null when signed out.")
    async def viewer_is_following(self, info: Info) -> bool | None:
        return await organizations.viewer_follows(info, self.id)

    @strawberry.field(description="Whether the viewer may post for it.")
    async def viewer_is_admin(self, info: Info) -> bool:
        return await organizations.viewer_administers(info, self.id)

    @strawberry.field(description="Its updates, newest first.")
    async def posts(self, info: Info, first: First = 20, after: After = None) -> _PostConnection:
        return PostConnection.of(await posts.organization_posts(info, self.id, first, after))


@strawberry.type(description="One organization in a list.")
class OrganizationEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Organization = strawberry.field(description="The organization.")


@strawberry.type(description="A page of organizations.")
class OrganizationConnection(CountedConnection[OrganizationEdge]):
    @classmethod
    def of(cls, listing: Listing[tuple[OrganizationRecord, Keyset]]) -> "OrganizationConnection":
        return cls.from_listing(
            listing,
            lambda row, c: OrganizationEdge(cursor=c, node=Organization.from_record(row[0])),
        )


@strawberry.type(description="Where a person works or studied.")
class Affiliation:
    organization: Organization = strawberry.field(description="The organization.")
    role: AffiliationRole = strawberry.field(description="Works there or studied there.")
    year: int | None = strawberry.field(description="The year it began, when known.")

    @classmethod
    def from_record(cls, record: AffiliationRecord) -> "Affiliation":
        return cls(
            organization=Organization.from_record(record.organization),
            role=AffiliationRole(record.role),
            year=record.year,
        )
