"""The network's rules that operators may tune (linkgraph.settings reads them)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Policy:
    """The network's rules that operators may tune."""

    invitation_cooldown_ms: int = 21 * 86_400_000
    max_connections: int = 30_000
    # Relationship's mutual count: a person with more connections than this is
    # counted from the viewer's side (the counts are the same either way).
    hub_degree: int = 2_000
    # Second degree of a person with more connections: their most recent ones only.
    max_friends: int = 2_000
    # Second degree walks at most this many connections of the friends it considers
    # (the largest friends sampled to fit): ~150 ms of the local store's time, and what
    # its grouping holds in heap. Past it, the newest analytics run serves the list.
    walk_budget: int = 30_000
    # With an analytics run, second degree is walked live only for people whose walk
    # (at the run) is at most this: 8,000 rows cost the local store about 40 ms, and the
    # run's exact list, merged with what changed since, is faster past that.
    live_walk: int = 8_000
    mutual_sample: int = 3
    # Operations whose estimated cost (resolvers/query_cost.py) exceeds this are refused.
    max_query_cost: int = 10_000
    # Store statements one request may have in flight at once: well below the driver's
    # pool (100), so one request's many loaders queue instead of starving everyone.
    store_concurrency: int = 8
