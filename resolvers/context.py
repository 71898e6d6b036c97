"""The request context every resolver receives."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

import strawberry

from graphdb.graph import Driver, DriverSettings, Graph, StoreObserver
from graphdb.records import PersonRecord
from resolvers.errors import Forbidden, Unauthenticated
from resolvers.loaders import Loaders, make_loaders
from resolvers.policy import Policy
from resolvers.rate_limit import RateLimiter

if TYPE_CHECKING:
    from resolvers.analytics import AnalyticsBackend
    from resolvers.events import Events


# An unused store handle is kept this long: well inside its deadline (the retry time).
_UNUSED_HANDLE_S = 1.0


def wall_clock_ms() -> int:
    return int(time.time() * 1000)


@dataclasses.dataclass
class Context:
    # Made when first used on a WebSocket connection (see `store_factory`): an idle
    # subscription holds neither (they were a third of its memory).
    _graph: Graph | None
    _loaders: Loaders | None
    viewer_id: str | None
    policy: Policy
    clock: Callable[[], int] = wall_clock_ms
    request_id: str | None = None
    rate_limiter: RateLimiter | None = None
    client_address: str | None = None  # budgets anonymous callers
    observer: OperationObserver | None = None
    # Pages fetched ahead with the object they belong to (resolvers/people.py), keyed by
    # the list, its owner and its arguments: taken once by the field that asks.
    pages: dict[tuple, Any] = dataclasses.field(default_factory=dict)
    # What fields of the document ask for (resolvers/lookahead.py), by their nodes' ids.
    lookahead: dict[tuple[Any, ...], Any] = dataclasses.field(default_factory=dict)
    roles: frozenset[str] = frozenset()  # granted by the token (`analyst`)
    analytics: AnalyticsBackend | None = None
    events: Events | None = None  # where subscriptions read and changes publish
    # A WebSocket connection's context lives as long as the connection: its store
    # handle (with its deadline) and loaders (with their caches) are made again for
    # each event a subscription delivers. None for an HTTP request's context.
    store_factory: Callable[[str | None], tuple[Graph, Loaders]] | None = None
    connection_params: dict[str, Any] | None = None  # the WebSocket's connection_init
    # Set by a WebSocket connection: it takes a started subscription (a Feed,
    # resolvers/subscriptions.py) over and delivers its events itself.
    hand_off: Callable[[Any, Any], Awaitable[None]] | None = None

    renewed_at: float = 0.0  # monotonic seconds

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._make()
        assert self._graph is not None
        return self._graph

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._make()
        assert self._loaders is not None
        return self._loaders

    @property
    def round_trips(self) -> int:
        """Store statements sent through the current handle (none made: none sent)."""
        return self._graph.round_trips if self._graph is not None else 0

    def _make(self) -> None:
        assert self.store_factory is not None, "an HTTP request's context is made whole"
        self._graph, self._loaders = self.store_factory(self.viewer_id)
        self.renewed_at = time.monotonic()

    def renew(self) -> None:
        """Let the next use make a fresh store handle and fresh loaders (a long-lived
        WebSocket context), unless the current ones are unused and young: most events are
        delivered without a store trip, and making loaders for each cost a third of
        delivery."""
        if self.store_factory is None or self._graph is None:
            return
        if self._graph.round_trips == 0 and time.monotonic() - self.renewed_at < _UNUSED_HANDLE_S:
            return
        self.release()

    def release(self) -> None:
        """Drop the store handle and loaders of a WebSocket context until next used:
        a subscription waiting for events needs neither."""
        if self.store_factory is not None:
            self._graph = self._loaders = None
            self.pages = {}
            self.lookahead = {}

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


class OperationObserver(Protocol):
    """Told of every operation when it ends (linkgraph.metrics)."""

    def operation_done(
        self, kind: str, name: str | None, seconds: float, round_trips: int, codes: list[str]
    ) -> None: ...


def build_context(
    driver: Driver,
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
    roles: frozenset[str] = frozenset(),
    analytics: AnalyticsBackend | None = None,
    events: Events | None = None,
    renewable: bool = False,
) -> Context:
    """A context with its own store handle and loaders: nothing is shared across requests.
    Its store work is bounded: `policy.store_concurrency` statements at a time, all of
    them within `retry_time_s` (STORE_UNAVAILABLE after that, never a longer wait)."""

    def store(viewer: str | None) -> tuple[Graph, Loaders]:
        graph = Graph(
            driver,
            database,
            store_observer,
            retry_time_s,
            concurrency=policy.store_concurrency,
            deadline_s=retry_time_s,
        )
        return graph, make_loaders(graph, viewer, policy)

    # a WebSocket connection's context makes its store handle when first used
    graph, loaders = (None, None) if renewable else store(viewer_id)
    return Context(
        graph, loaders, viewer_id, policy, clock, request_id, rate_limiter, client_address,
        observer, roles=roles, analytics=analytics, events=events,
        store_factory=store if renewable else None,
    )  # fmt: skip
