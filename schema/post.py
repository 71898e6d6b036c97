"""Posts and the feed."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from resolvers import posts
from resolvers.context import Info
from schema.pagination import CountedConnection

if TYPE_CHECKING:
    from schema.organization import Organization
    from schema.person import Person

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

    @strawberry.field(description="The person or organization that wrote it.")
    async def author(self, info: Info) -> PostAuthor | None:
        return await posts.author(info, self.author_id, self.by_organization)

    @strawberry.field(description="Whether the viewer may delete it.")
    async def viewer_can_delete(self, info: Info) -> bool:
        return await posts.may_delete(info, self.author_id, self.by_organization)


@strawberry.type
class PostEdge:
    cursor: str
    node: Post


@strawberry.type(description="A page of posts, newest first.")
class PostConnection(CountedConnection[PostEdge]):
    pass


@strawberry.type
class FeedEdge:
    cursor: str
    node: Post
    reason: FeedReason


@strawberry.type(description="A page of the feed, newest first.")
class FeedConnection:
    edges: list[FeedEdge]
    page_info: relay.PageInfo
