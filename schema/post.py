"""Posts and the feed."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from graphdb.records import FeedRow, OrganizationRecord, PostRecord
from resolvers import posts
from resolvers.context import Info
from resolvers.pagination import Page
from resolvers.results import Listing
from resolvers.time import to_datetime
from schema.pagination import CountedConnection, page_info
from schema.person import Person

if TYPE_CHECKING:
    from schema.organization import Organization

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_Organization = Annotated["Organization", strawberry.lazy("schema.organization")]


@strawberry.enum(description="Who may see a post.")
class PostVisibility(Enum):
    PUBLIC = strawberry.enum_value("PUBLIC", description="Anyone, followers included.")
    CONNECTIONS = strawberry.enum_value(
        "CONNECTIONS", description="The author's connections only (never mere followers)."
    )


@strawberry.enum(description="Why a post is in the viewer's feed.")
class FeedReason(Enum):
    FOLLOWING = strawberry.enum_value(
        "FOLLOWING", description="The viewer follows its author (a person or organization)."
    )
    CONNECTION = strawberry.enum_value(
        "CONNECTION", description="Its author is the viewer's connection, and followed."
    )


PostAuthor = Annotated[
    _Person | _Organization, strawberry.union("PostAuthor", description="Who wrote a post.")
]


@strawberry.type(description="A post by a person or an organization.")
class Post(relay.Node):
    id: relay.NodeID[str]
    text: str
    created_at: datetime
    visibility: PostVisibility
    author_id: strawberry.Private[str]
    by_organization: strawberry.Private[bool]

    @classmethod
    def from_record(cls, record: PostRecord) -> "Post":
        return cls(
            id=record.id,
            text=record.text,
            created_at=to_datetime(record.created_at),
            visibility=PostVisibility(record.visibility),
            author_id=record.author_id,
            by_organization=record.by_organization,
        )

    @strawberry.field(description="The person or organization that wrote it.")
    async def author(self, info: Info) -> PostAuthor | None:
        from schema.organization import Organization  # it lists its posts: imported here

        found = await posts.author(info, self.author_id, self.by_organization)
        if isinstance(found, OrganizationRecord):
            return Organization.from_record(found)
        return Person.from_record(found) if found is not None else None

    @strawberry.field(description="Whether the viewer may delete it.")
    async def viewer_can_delete(self, info: Info) -> bool:
        return await posts.may_delete(info, self.author_id, self.by_organization)


@strawberry.type
class PostEdge:
    cursor: str
    node: Post


@strawberry.type(description="A page of posts, newest first.")
class PostConnection(CountedConnection[PostEdge]):
    @classmethod
    def of(cls, listing: Listing[PostRecord]) -> "PostConnection":
        return cls.from_listing(listing, lambda r, c: PostEdge(cursor=c, node=Post.from_record(r)))


@strawberry.type
class FeedEdge:
    cursor: str
    node: Post
    reason: FeedReason


@strawberry.type(description="A page of the feed, newest first.")
class FeedConnection:
    edges: list[FeedEdge]
    page_info: relay.PageInfo

    @classmethod
    def of(cls, page: Page[FeedRow]) -> "FeedConnection":
        return cls(
            edges=[
                FeedEdge(cursor=cursor, node=Post.from_record(row.post), reason=_reason(row))
                for row, cursor in page.items
            ],
            page_info=page_info(page),
        )


def _reason(row: FeedRow) -> FeedReason:
    return FeedReason.CONNECTION if row.connected else FeedReason.FOLLOWING
