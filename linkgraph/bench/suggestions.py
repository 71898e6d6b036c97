"""`linkgraph bench-suggestions`: what suggestions cost, in the run and over HTTP.

Over the store in `--data-dir` with a finished analytics run (`linkgraph analytics run`):
the run's suggestions stage (time, peak memory, the file it wrote), then the real
service's `secondDegree` and `followSuggestions` p50/p99 over HTTP, sequentially, for
typical people (a seeded sample) and for the people with the largest networks (the
largest walks: their connections' connections), each group's first pass apart.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path

from analytics import results as run_results
from analytics.runs import SUCCEEDED
from analytics.suggestion_index import FILE
from linkgraph.analytics_runner import runs_of
from linkgraph.bench.network import Tokens, _client, _post, percentile, serving
from linkgraph.settings import Settings

SECOND = """{ viewer { secondDegree(first: 20) { edges { mutualConnectionCount asOf
  primaryAction node { name headline } mutualConnections { name } } } } }"""
FOLLOW = """{ viewer { followSuggestions(first: 20) { edges { score reason primaryAction
  followedBy { name } node { ... on Person { name } ... on Organization { name } } } } } }"""


def main(data_dir: Path, requests: int, seed: int) -> None:
    settings = Settings.from_env({**os.environ, "LINKGRAPH_DATA_DIR": str(data_dir)})
    runs = runs_of(settings)
    run = next((r for r in runs.all() if r.state == SUCCEEDED), None)
    if run is None:
        raise SystemExit(f"no finished analytics run in {data_dir}: `linkgraph analytics run`")
    results = run_results.load(runs.folder(run.id))
    if results.suggestions is None:
        raise SystemExit(f"run {run.id} predates suggestions: run `linkgraph analytics run`")
    stage = results.summary["timings"].get("suggestions", {})
    size = (runs.folder(run.id) / FILE).stat().st_size
    people = results.summary["snapshot"]["rows"]["people"]
    print(
        f"run {run.id}: {people:,} people; suggestions stage "
        f"{stage.get('seconds', 0):.1f} s, peak RSS {stage.get('peakRssBytes', 0) / 2**30:.1f} GB "
        f"(whole run so far), {FILE} {size / 2**20:,.0f} MB"
    )
    walks = results.suggestions.walks()
    largest = [p for p, _ in sorted(walks.items(), key=lambda kv: -kv[1])[:10]]
    typical = random.Random(seed).sample(sorted(walks), min(200, len(walks)))
    budget = min(settings.second_degree_walk_budget, settings.second_degree_live_walk)
    live = sum(walks[p] <= budget for p in typical)
    print(
        f"typical: {len(typical)} people, {live} walked live (walk <= {budget:,}), the rest "
        "served from the run; "
        f"largest: walks {walks[largest[-1]]:,} to {walks[largest[0]]:,}"
    )
    asyncio.run(_measure(settings, {"typical": typical, "largest 10": largest}, requests))


async def _measure(settings: Settings, groups: dict[str, list[str]], requests: int) -> None:
    """Each group's first pass over its people is timed apart (`cold`: the store reads
    their neighbourhoods for the first time since it started); then `requests` more,
    round the same people again (warm: the steady state of a store that has served
    them before)."""
    tokens = Tokens(settings)
    async with serving(settings) as (url, _), _client(url) as client:
        print(
            f"{'query':<23}{'group':<12}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'cold p50':>10}{'cold p99':>10}{'errors':>8}"
        )
        for name, query in (("secondDegree(20)", SECOND), ("followSuggestions(20)", FOLLOW)):
            for group, people in groups.items():
                cold, warm, errors = [], [], 0
                for i in range(len(people) + requests):
                    person = people[i % len(people)]
                    started = time.perf_counter()
                    payload = await _post(client, {"query": query}, tokens.headers(person))
                    took = (time.perf_counter() - started) * 1000
                    (cold if i < len(people) else warm).append(took)
                    errors += bool(payload.get("errors"))
                print(
                    f"{name:<23}{group:<12}{percentile(warm, 0.5):>9.1f}"
                    f"{percentile(warm, 0.99):>9.1f}{percentile(cold, 0.5):>10.1f}"
                    f"{percentile(cold, 0.99):>10.1f}{errors:>8}"
                )
