"""What every cursor connection shares."""

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry
from strawberry import relay

EdgeType = TypeVar("EdgeType")


@strawberry.type
class CountedConnection(Generic[EdgeType]):
    edges: list[EdgeType]
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits in the list.")
    # Counted only when asked for: a count can cost more than the page itself.
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds.")
    async def total_count(self) -> int:
        return await self.count()
