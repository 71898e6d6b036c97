"""Report how many times an operation went to the store, in `extensions.storeRoundTrips`,
so N+1 patterns show up in the playground, in tests and in benchmarks."""

from __future__ import annotations

from typing import Any


def round_trips_result(execution: Any) -> dict[str, Any]:
    """The response's `extensions.storeRoundTrips`."""
    # the count, not the handle: reading `graph` would make one for a subscription
    trips = getattr(execution.context, "round_trips", None)
    return {"storeRoundTrips": trips} if trips is not None else {}
