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
from schema.pagination import CURSOR, CountedConnection, page_info
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
    text: str = strawberry.field(description="What was written.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    visibility: PostVisibility = strawberry.field(description="Who may read it.")
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


@strawberry.type(description="One post in a list.")
class PostEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Post = strawberry.field(description="The post.")


@strawberry.type(description="A page of posts, newest first.")
class PostConnection(CountedConnection[PostEdge]):
    @classmethod
    def of(cls, listing: Listing[PostRecord]) -> "PostConnection":
        return cls.from_listing(listing, lambda r, c: PostEdge(cursor=c, node=Post.from_record(r)))


@strawberry.type(description="One post in the feed, with why it is there.")
class FeedEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Post = strawberry.field(description="The post.")
    reason: FeedReason = strawberry.field(
        description=("Why the post is in the feed: whom the viewer follows or is connected to.")
    )


@strawberry.type(description="A page of the feed, newest first.")
class FeedConnection:
    edges: list[FeedEdge] = strawberry.field(description="This page's posts, newest first.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the feed.")

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
