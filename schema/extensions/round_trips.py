"""Report how many times an operation went to the store, in `extensions.storeRoundTrips`,
so N+1 patterns show up in the playground, in tests and in benchmarks."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class StoreRoundTrips(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        graph = getattr(self.execution_context.context, "graph", None)
        return {"storeRoundTrips": graph.round_trips} if graph is not None else {}
