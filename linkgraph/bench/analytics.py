"""`linkgraph bench-analytics`: what an analytics run costs, and what it costs the service.

Two modes:
- over the store in `--data-dir` (a network loaded with `linkgraph generate`): the real
  service is started, its idle latency measured, a fresh run started through GraphQL and
  the same latency measured while it goes; then the run's figures (snapshot rate, each
  measure's time and peak memory) and the p50 of analytics queries on the finished run;
- `--synthetic N`: the generator's network of N people written straight into a snapshot
  (no store), then measured: the measures' own time and memory at sizes whose load into
  the local store takes an hour.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from analytics import snapshot as snapshots
from analytics.compute import compute
from linkgraph.auth import ANALYST, authenticator_from, new_subject
from linkgraph.bench.network import percentile, serving
from linkgraph.settings import Settings

PROBE = "query($id: ID!) { node(id: $id) { ... on Person { name headline connectionCount } } }"
SAMPLE = "{ people(first: 100) { edges { node { id } } } }"
START = "mutation { startAnalyticsRun(input: {fresh: true}) { id } }"
STATE = "query($id: ID!) { analytics { run(id: $id) { state progress stage error } } }"
QUERIES = {
    "overview": "query($run: ID!) { analytics { run(id: $run) { overview { people connections "
    "triangles averageClustering maxCore effectiveDiameter } } } }",
    "influencers page of 20 (with people)": "query($run: ID!) { analytics { run(id: $run) { "
    "influencers(first: 20) { edges { analytics { rank pagerank community } "
    "node { name } } } } } }",
    "communities page of 10 (top members)": "query($run: ID!) { analytics { run(id: $run) { "
    "communities(first: 10) { edges { node { size density topMembers { name } } } } } } }",
    "Person.analytics": "query($person: ID!) { node(id: $person) { ... on Person { analytics { "
    "rank pagerank community coreNumber clustering betweenness } } } }",
    "following vs connecting": "query($run: ID!) { analytics { run(id: $run) { "
    "followingVersusConnecting { oneWayShare connectionsFollowingNeither "
    "followNotConnect(first: 10) { edges { ratio } } } } } }",
}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _print_run(results: dict[str, Any], elapsed_s: float | None = None) -> None:
    rows = results["snapshot"]["rows"]
    print(
        f"snapshot {results['snapshot']['id']}: " + ", ".join(f"{k} {v:,}" for k, v in rows.items())
    )
    print(f"{'stage':<16}{'seconds':>10}{'peak RSS MB':>14}")
    for stage, t in results["timings"].items():
        print(f"{stage:<16}{t['seconds']:>10.1f}{t['peakRssBytes'] / 2**20:>14.0f}")
    measured = sum(t["seconds"] for t in results["timings"].values())
    print(f"{'measures':<16}{measured:>10.1f}")
    if elapsed_s is not None:
        print(f"{'whole run':<16}{elapsed_s:>10.1f}   (snapshot included)")


def synthetic(people: int, seed: int, keep: Path | None = None) -> None:
    """`keep`: write the snapshot into that data dir's analytics folder (to measure
    again with `linkgraph analytics run`) instead of a temporary one."""
    from graphdb import generate

    started = time.perf_counter()
    network = generate.generate(people, seed=seed, posts_per_person=2.0, now_ms=1_767_225_600_000)
    print(f"generated {people:,} people in {time.perf_counter() - started:.0f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        root = keep / "analytics" / "snapshots" if keep else Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        writer = snapshots.SnapshotWriter(root, int(time.time() * 1000))
        _write_network(writer, network)
        del network
        snapshot = writer.finish(blocks=0)
        started = time.perf_counter()
        results = compute(snapshot, Path(folder) / "run", lambda stage, done: None)
        _print_run(results)
        print(
            f"peak RSS of this process (generator included): "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GB"
        )


def _write_network(writer: snapshots.SnapshotWriter, network: Any) -> None:
    step = 500_000
    p = network.people
    for i in range(0, len(p), step):
        chunk = p[i : i + step]
        writer.write(
            "people",
            {
                "id": [r["id"] for r in chunk],
                "handle": [r.get("handle") for r in chunk],
                "name": [r.get("name") for r in chunk],
                "createdAt": [r["createdAt"] for r in chunk],
                "industry": [r.get("industry") for r in chunk],
                "location": [r.get("location") for r in chunk],
            },
        )
    c = network.connections
    for i in range(0, len(c), step):
        chunk = c[i : i + step]
        low, high, since = (
            [r["lowId"] for r in chunk],
            [r["highId"] for r in chunk],
            [r["since"] for r in chunk],
        )
        writer.write("connections", {"a": low, "b": high, "since": since})
        # connecting made both follows
        writer.write(
            "follows",
            {
                "follower": low + high,
                "followee": high + low,
                "since": since + since,
                "viaConnection": [True] * 2 * len(chunk),
            },
        )
    f = network.follows
    for i in range(0, len(f), step):
        chunk = f[i : i + step]
        writer.write(
            "follows",
            {
                "follower": [r["followerId"] for r in chunk],
                "followee": [r["followeeId"] for r in chunk],
                "since": [r["since"] for r in chunk],
                "viaConnection": [False] * len(chunk),
            },
        )
    inv = network.invitations
    writer.write(
        "invitations",
        {
            "id": [r["id"] for r in inv],
            "sender": [r["senderId"] for r in inv],
            "recipient": [r["recipientId"] for r in inv],
            "state": [r["state"] for r in inv],
            "sentAt": [r["sentAt"] for r in inv],
            "acceptedAt": [r["acceptedAt"] for r in inv],
            "ignoredAt": [r["ignoredAt"] for r in inv],
            "withdrawnAt": [r["withdrawnAt"] for r in inv],
        },
    )
    posts = network.posts
    for i in range(0, len(posts), step):
        chunk = posts[i : i + step]
        writer.write(
            "posts",
            {
                "id": [r["id"] for r in chunk],
                "author": [r["authorId"] for r in chunk],
                "authorKind": ["PERSON"] * len(chunk),
                "createdAt": [r["createdAt"] for r in chunk],
                "visibility": [r["visibility"] for r in chunk],
            },
        )
    for table in ("organizations", "affiliations"):
        writer.write(table, {name: [] for name in snapshots.TABLES[table].names})


async def _post(
    client: aiohttp.ClientSession, query: str, variables: dict[str, Any], token: str | None = None
) -> tuple[dict[str, Any], float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.perf_counter()
    async with client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    ) as response:
        body = await response.json()
    elapsed = time.perf_counter() - started
    if body.get("errors"):
        raise RuntimeError(f"{query[:60]}...: {body['errors'][0]['message']}")
    return body["data"], elapsed


async def _latency(
    client: aiohttp.ClientSession,
    ids: list[str],
    rng: random.Random,
    seconds: float | None = None,
    n: int = 300,
    until: Any = None,
) -> list[float]:
    """Sequential person-by-id reads, with a short pause between (a steady, light load)."""
    samples: list[float] = []
    while True:
        _, elapsed = await _post(client, PROBE, {"id": rng.choice(ids)})
        samples.append(elapsed)
        if until is not None:
            if await until():
                return samples
        elif len(samples) >= n:
            return samples
        await asyncio.sleep(0.02)


async def over_store(data_dir: Path, requests: int) -> None:
    settings = Settings.from_env({**os.environ, "LINKGRAPH_DATA_DIR": str(data_dir)})
    token = authenticator_from(settings).mint(new_subject(), roles=(ANALYST,))
    rng = random.Random(1)
    async with serving(settings) as (url, _pid), aiohttp.ClientSession(url) as client:
        ids = [e["node"]["id"] for e in (await _post(client, SAMPLE, {}))[0]["people"]["edges"]]
        await _latency(client, ids, rng, n=100)  # warm-up: first requests pay for imports
        idle = await _latency(client, ids, rng, n=requests)
        run_id = (await _post(client, START, {}, token))[0]["startAnalyticsRun"]["id"]
        started = time.perf_counter()
        last = {"state": "QUEUED"}

        async def finished() -> bool:
            last.update((await _post(client, STATE, {"id": run_id}, token))[0]["analytics"]["run"])
            return last["state"] not in ("QUEUED", "RUNNING")

        phases: list[str] = []

        async def tagged() -> bool:
            done = await finished()
            phases.append(
                "snapshot" if str(last.get("stage", "")).startswith("snapshot") else "measures"
            )
            return done

        busy = await _latency(client, ids, rng, until=tagged)
        elapsed = time.perf_counter() - started
        if last["state"] != "SUCCEEDED":
            raise RuntimeError(f"the run ended {last['state']}: {last.get('error')}")
        results = json.loads(
            (settings.analytics_dir / "runs" / run_id / "results.json").read_text()
        )
        _print_run(results, elapsed)
        rows = sum(results["snapshot"]["rows"].values())
        snapshot_s = elapsed - sum(t["seconds"] for t in results["timings"].values())
        print(
            f"snapshot: {rows:,} rows in about {snapshot_s:.0f} s "
            f"({rows / snapshot_s:,.0f} rows/s, "
            "worker start-up included)"
        )
        print(
            f"\nserving (person by id, sequential): idle p50 {_ms(statistics.median(idle))} ms "
            f"p99 {_ms(percentile(idle, 99))} ms over {len(idle)}; during the run p50 "
            f"{_ms(statistics.median(busy))} ms p99 {_ms(percentile(busy, 99))} ms over "
            f"{len(busy)}; p99 ratio {percentile(busy, 99) / percentile(idle, 99):.2f}"
        )
        for phase in ("snapshot", "measures"):
            part = [t for t, p in zip(busy, phases, strict=True) if p == phase]
            if part:
                print(
                    f"  while taking the {phase}: p50 {_ms(statistics.median(part))} ms "
                    f"p99 {_ms(percentile(part, 99))} ms over {len(part)}"
                )
        print(f"\n{'analytics query on the finished run':<40}{'p50 ms':>8}{'p99 ms':>8}")
        for name, query in QUERIES.items():
            times = []
            for i in range(max(requests // 5, 20)):
                variables = {"run": run_id, "person": ids[i % len(ids)]}
                used = {k: v for k, v in variables.items() if f"${k}" in query}
                times.append((await _post(client, query, used, token))[1])
            print(f"{name:<40}{_ms(statistics.median(times)):>8}{_ms(percentile(times, 99)):>8}")


def main(data_dir: Path | None, people: int | None, seed: int, requests: int) -> None:
    if people is not None:
        synthetic(people, seed, data_dir)
    else:
        assert data_dir is not None
        asyncio.run(over_store(data_dir, requests))
