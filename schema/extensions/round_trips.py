"""Report how many times an operation went to the store, in `extensions.storeRoundTrips`,
so N+1 patterns show up in the playground, in tests and in benchmarks."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class StoreRoundTrips(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        # the count, not the handle: reading `graph` would make one for a subscription
        context = self.execution_context.context
        trips = getattr(context, "round_trips", None)
        return {"storeRoundTrips": trips} if trips is not None else {}
