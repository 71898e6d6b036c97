"""What every cursor connection shares, and how one builds itself from a listing."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, Self, TypeVar

import strawberry
from strawberry import relay

from resolvers.pagination import Page
from resolvers.results import Listing

EdgeType = TypeVar("EdgeType")

# What every list's arguments and edges mean, said once.
First = Annotated[
    int | None, strawberry.argument(description="Page size: default 20, at most 100.")
]
After = Annotated[
    str | None,
    strawberry.argument(description="Start after this cursor: the previous page's `endCursor`."),
]
CURSOR = "Where this item sits in the list: pass it as `after` to continue after it."


def page_info(page: Page[Any]) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.start_cursor,
        end_cursor=page.end_cursor,
    )


@strawberry.type
class CountedConnection(Generic[EdgeType]):
    edges: list[EdgeType] = strawberry.field(description="This page's items, in list order.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the list.")
    # Counted only when asked for: a count can cost more than the page itself.
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds.")
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_listing(cls, listing: Listing[Any], edge: Callable[[Any, str], EdgeType]) -> Self:
        """The connection of a listing, each row made an edge by `edge(row, cursor)`."""
        return cls(
            edges=[edge(row, cursor) for row, cursor in listing.page.items],
            page_info=page_info(listing.page),
            count=listing.count,
        )
