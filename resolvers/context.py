"""The request context every resolver receives."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import strawberry
from neo4j import AsyncDriver

from graphdb.graph import DriverSettings, Graph, StoreObserver
from graphdb.records import PersonRecord
from resolvers.errors import Forbidden, Unauthenticated
from resolvers.loaders import Loaders, make_loaders
from resolvers.observability import OperationObserver
from resolvers.rate_limit import RateLimiter


def wall_clock_ms() -> int:
    return int(time.time() * 1000)


@dataclasses.dataclass(frozen=True)
class Policy:
    """The network's rules that operators may tune."""

    invitation_cooldown_ms: int = 21 * 86_400_000
    max_connections: int = 30_000
    # Second degree: friends with more connections than this are no source of
    # suggestions (they still count as mutual connections).
    hub_degree: int = 2_000
    # Second degree of a person with more connections: their most recent ones only.
    max_friends: int = 2_000
    # Second degree walks at most this many connections of the friends it considers
    # (newest friends first; one that would overflow it is skipped): ~150 ms of the
    # local store's time, and what its grouping holds in heap.
    walk_budget: int = 30_000
    # Second-degree counts stop here: counting costs what it counts (network size of a
    # hub's friend would walk the hub), so past this the count reads "10,000+".
    network_size_cap: int = 10_000
    mutual_sample: int = 3
    # Operations whose estimated cost (resolvers/query_cost.py) exceeds this are refused.
    max_query_cost: int = 10_000
    # Store statements one request may have in flight at once: well below the driver's
    # pool (100), so one request's many loaders queue instead of starving everyone.
    store_concurrency: int = 8


@dataclasses.dataclass
class Context:
    graph: Graph
    loaders: Loaders
    viewer_id: str | None
    policy: Policy
    clock: Callable[[], int] = wall_clock_ms
    request_id: str | None = None
    rate_limiter: RateLimiter | None = None
    client_address: str | None = None  # budgets anonymous callers
    observer: OperationObserver | None = None

    def require_viewer_id(self) -> str:
        """The token's subject, or UNAUTHENTICATED."""
        if self.viewer_id is None:
            raise Unauthenticated("Sign in: send `Authorization: Bearer <token>`.")
        return self.viewer_id

    async def require_viewer(self) -> PersonRecord:
        """The signed-in person's profile, or UNAUTHENTICATED / FORBIDDEN."""
        viewer_id = self.require_viewer_id()
        viewer = await self.loaders.person.load(viewer_id)
        if viewer is None:
            raise Forbidden(
                "Create your profile first (the `createProfile` mutation).",
                reason="PROFILE_REQUIRED",
            )
        return viewer


Info = strawberry.Info[Context, None]


def build_context(
    driver: AsyncDriver,
    database: str,
    viewer_id: str | None,
    policy: Policy,
    clock: Callable[[], int] = wall_clock_ms,
    request_id: str | None = None,
    rate_limiter: RateLimiter | None = None,
    client_address: str | None = None,
    observer: OperationObserver | None = None,
    store_observer: StoreObserver | None = None,
    retry_time_s: float = DriverSettings.max_retry_time_s,
) -> Context:
    """A context with its own store handle and loaders: nothing is shared across requests.
    Its store work is bounded: `policy.store_concurrency` statements at a time, all of
    them within `retry_time_s` (STORE_UNAVAILABLE after that, never a longer wait)."""
    graph = Graph(
        driver,
        database,
        store_observer,
        retry_time_s,
        concurrency=policy.store_concurrency,
        deadline_s=retry_time_s,
    )
    loaders = make_loaders(graph, viewer_id, policy.network_size_cap, policy.hub_degree)
    return Context(
        graph, loaders, viewer_id, policy, clock, request_id, rate_limiter, client_address,
        observer,
    )  # fmt: skip
