"""Prometheus metrics for /metrics: operations, errors, the store and its pool.

One registry per app, so several apps in one process (tests) count separately.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response

# Operation names come from clients: past this many distinct names, "other", so a
# client cannot grow the series without bound.
MAX_OPERATION_NAMES = 200
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """Implements resolvers' OperationObserver and graphdb's StoreObserver."""

    def __init__(self, pool_size: int) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.operations = Histogram(
            "linkgraph_operation_duration_seconds",
            "GraphQL operations by type and name, parse to response.",
            ["type", "operation"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "linkgraph_errors_total", "Errors sent to clients, by code.", ["code"], registry=r
        )
        self.round_trips = Histogram(
            "linkgraph_operation_store_round_trips",
            "Store statements one operation ran.",
            buckets=(0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32),
            registry=r,
        )
        self.statements = Histogram(
            "linkgraph_store_statement_duration_seconds",
            "Store round trips, by access mode.",
            ["access"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.in_use = Gauge(
            "linkgraph_store_connections_in_use",
            "Store connections requests hold right now.",
            registry=r,
        )
        Gauge(
            "linkgraph_store_connections_max",
            "The driver's pool size per store server.",
            registry=r,
        ).set(pool_size)
        self._names: set[str] = set()

    # OperationObserver
    def operation_done(
        self, kind: str, name: str | None, seconds: float, round_trips: int, codes: list[str]
    ) -> None:
        # Error codes are counted where responses are made (answered): some refusals
        # (a document that does not parse) never reach an operation's end.
        self.operations.labels(kind, self._label(name)).observe(seconds)
        self.round_trips.observe(round_trips)

    def answered(self, codes: list[str]) -> None:
        """The error codes of one response, whatever refused it."""
        for code in codes:
            self.errors.labels(code).inc()

    def rejected(self, code: str) -> None:
        """An error answered before GraphQL ran (a bad token, a bad request)."""
        self.errors.labels(code).inc()

    # StoreObserver
    def statement_done(self, access: str, seconds: float) -> None:
        self.statements.labels(access).observe(seconds)

    def connection_taken(self) -> None:
        self.in_use.inc()

    def connection_returned(self) -> None:
        self.in_use.dec()

    def _label(self, name: str | None) -> str:
        if not name:
            return "(anonymous)"
        name = name[:64]
        if name in self._names:
            return name
        if len(self._names) < MAX_OPERATION_NAMES:
            self._names.add(name)
            return name
        return "other"

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
