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
    # (at the run) is at most this. On the local store at a million people a walk costs
    # about 12 ms per 1,000 rows (2,000: 31 ms at most; 4,000-8,000: 52 ms median, 98
    # at most), and the run's list, merged with what changed since, 13 ms median: so
    # past 2,000 rows the run answers. A store that walks faster (Neo4j) may raise it.
    live_walk: int = 2_000
    mutual_sample: int = 3
    # Operations whose estimated cost (resolvers/query_cost.py) exceeds this are refused.
    max_query_cost: int = 10_000
    # Store statements one request may have in flight at once: well below the driver's
    # pool (100), so one request's many loaders queue instead of starving everyone.
    store_concurrency: int = 8
