"""The network benchmark: each field over HTTP next to the raw Cypher it rests on.

It loads a generated network into its own local store (once per data directory), starts
the real service with uvicorn on a loopback port, and measures each operation
sequentially: p50/p99 over HTTP, p50/p99 of the same statement through the driver (the
floor), their ratio, and the store round trips the request reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import platform
import random
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil
from neo4j import AsyncDriver, RoutingControl

from graphdb import bulk, generate, localstore
from graphdb import people as people_db
from graphdb.connections import pair_key
from graphdb.graph import Graph
from graphdb.queries import network as qn
from graphdb.queries import people as qp
from linkgraph.auth import authenticator_from
from linkgraph.settings import Settings
from linkgraph.store import open_store
from resolvers.context import Policy
from resolvers.ids import global_id

PREFIX = "bench"


@dataclasses.dataclass
class Result:
    operation: str
    http_p50_ms: float
    http_p99_ms: float
    cypher_p50_ms: float
    cypher_p99_ms: float
    round_trips: float

    @property
    def ratio(self) -> float:
        return self.http_p50_ms / self.cypher_p50_ms if self.cypher_p50_ms else float("nan")


@dataclasses.dataclass
class Case:
    """One operation: a GraphQL request and the raw statement it rests on, per sample."""

    name: str
    query: str
    variables: Callable[[str, str], dict[str, Any]]  # (person, other) -> variables
    statement: str
    params: Callable[[str, str], dict[str, Any]]
    as_viewer: bool = False


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def ensure_network(settings: Settings, size: int, mean_degree: float, seed: int) -> None:
    async with open_store(settings) as store:
        graph = Graph(store.driver, store.database)
        if await people_db.by_ids(graph, [person_id(size - 1, size)]):
            print(f"network of {size:,} people already loaded", flush=True)
            return
        started = time.perf_counter()
        net = generate.generate(size, seed=seed, mean_degree=mean_degree, prefix=PREFIX)
        print(
            f"generated {len(net.people):,} people, {len(net.connections):,} connections, "
            f"{len(net.follows):,} follows in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        counts: dict[str, int] = {}
        last = [time.perf_counter()]
        load_started = time.perf_counter()

        def progress(part: str, rows: int) -> None:
            counts[part] = counts.get(part, 0) + rows
            if time.perf_counter() - last[0] > 10:
                last[0] = time.perf_counter()
                elapsed = last[0] - load_started
                done = sum(counts.values())
                print(f"  loaded {counts} ({done / elapsed:,.0f} rows/s)", flush=True)

        await bulk.load(graph, net, batch_size=5_000, progress=progress)
        elapsed = time.perf_counter() - load_started
        rows = len(net.people) + len(net.connections) + len(net.follows) + len(net.invitations)
        print(f"loaded {rows:,} rows in {elapsed:.0f} s ({rows / elapsed:,.0f} rows/s)", flush=True)


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[str]:
    """The real service in its own process, on a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "LINKGRAPH_DATA_DIR": str(settings.data_dir),
        "LINKGRAPH_DEMO_DATA": "false",
        "LINKGRAPH_LOG_LEVEL": "WARNING",
        # One client sends everything: budgets would measure the limiter, not the service.
        "LINKGRAPH_RATE_LIMIT_COST": "0",
        "LINKGRAPH_ANONYMOUS_RATE_LIMIT_COST": "0",
    }
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "linkgraph", "serve", "--port", str(port), env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            for _ in range(600):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{url}/readyz")).status_code == 200:
                        break
                await asyncio.sleep(0.2)
        yield url
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=60)


async def measure(
    url: str, driver: AsyncDriver, database: str, case: Case, samples: list[tuple], token: str
) -> Result:
    http, raw, trips = [], [], []
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        headers = {"Authorization": f"Bearer {token}"} if case.as_viewer else {}
        for person, other in samples:
            body = {"query": case.query, "variables": case.variables(person, other)}
            started = time.perf_counter()
            response = await client.post("/graphql", json=body, headers=headers)
            http.append((time.perf_counter() - started) * 1000)
            payload = response.json()
            if payload.get("errors"):
                raise RuntimeError(f"{case.name}: {payload['errors']}")
            trips.append(payload["extensions"]["storeRoundTrips"])
    for person, other in samples:
        started = time.perf_counter()
        await driver.execute_query(
            case.statement,
            case.params(person, other),
            database_=database,
            routing_=RoutingControl.READ,
        )
        raw.append((time.perf_counter() - started) * 1000)
    return Result(
        case.name,
        statistics.median(http),
        percentile(http, 0.99),
        statistics.median(raw),
        percentile(raw, 0.99),
        statistics.mean(trips),
    )


def cases(viewer: str, policy: Policy, size: int) -> list[Case]:
    def gid(i: str) -> str:
        return global_id("Person", i)

    def twenty(p: str, o: str) -> list[str]:
        rng = random.Random(p + o)
        return [person_id(rng.randrange(size), size) for _ in range(20)]

    page = {"afterName": None, "afterId": None, "limit": 21}
    second = {"afterCount": None, "afterId": None, "limit": 21, "sample": policy.mutual_sample,
              "hubDegree": policy.hub_degree, "maxFriends": policy.max_friends}  # fmt: skip
    return [
        Case(
            "person by id",
            "query($id: ID!) { node(id: $id) { ... on Person { name headline } } }",
            lambda p, o: {"id": gid(p)},
            qp.PEOPLE_BY_IDS,
            lambda p, o: {"ids": [p]},
        ),
        Case(
            "relationship x20 (viewer)",
            "query($ids: [ID!]!) { relationships(personIds: $ids) { degree "
            "mutualConnectionCount primaryAction canInvite } }",
            lambda p, o: {"ids": [gid(x) for x in twenty(p, o)]},
            qn.RELATIONSHIPS,
            lambda p, o: {
                "viewerId": viewer,
                "rows": [{"id": x, "pairKey": pair_key(viewer, x)} for x in twenty(p, o)],
                "hubDegree": policy.hub_degree,
            },
            as_viewer=True,
        ),
        Case(
            "mutual connections (20)",
            "query($a: ID!, $b: ID!) { mutualConnections(personA: $a, personB: $b) "
            "{ edges { node { name } } } }",
            lambda p, o: {"a": gid(p), "b": gid(o)},
            qn.MUTUAL_PAGE,
            lambda p, o: {"a": p, "b": o, **page},
        ),
        Case(
            "second degree (20)",
            "query($id: ID!) { node(id: $id) { ... on Person { secondDegree { edges { "
            "mutualConnectionCount node { name } mutualConnections { name } } } } } }",
            lambda p, o: {"id": gid(p)},
            qn.SECOND_DEGREE_PAGE,
            lambda p, o: {"id": p, **second},
        ),
        Case(
            "degrees of separation",
            "query($a: ID!, $b: ID!) { separation(from: $a, to: $b) { degree path { name } } }",
            lambda p, o: {"a": gid(p), "b": gid(o)},
            qn.PATH_WITHIN_6,
            lambda p, o: {"a": p, "b": o},
        ),
        Case(
            "network size",
            "query($id: ID!) { node(id: $id) { ... on Person { networkSize { firstDegree "
            "secondDegree } } } }",
            lambda p, o: {"id": gid(p)},
            qn.NETWORK_SIZES,
            lambda p, o: {"ids": [p], "cap": policy.network_size_cap},
        ),
    ]


def person_id(n: int, size: int) -> str:
    return f"{PREFIX}-{n:0{len(str(size))}d}"


async def run(
    size: int, mean_degree: float, seed: int, requests: int, data_dir: Path, out: Path
) -> list[Result]:
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_dir, demo_data=False)
    await ensure_network(settings, size, mean_degree, seed)
    policy = Policy(hub_degree=settings.second_degree_hub_degree,
                    max_friends=settings.second_degree_max_friends)  # fmt: skip
    rng = random.Random(seed)
    ids = [person_id(rng.randrange(size), size) for _ in range(2 * requests)]
    samples = list(zip(ids[::2], ids[1::2], strict=True))
    viewer = samples[0][0]
    token = authenticator_from(settings).mint(viewer)
    results = []
    async with open_store(settings) as store, serving(settings) as url:
        for case in cases(viewer, policy, size):
            await measure(url, store.driver, store.database, case, samples[:10], token)  # warm
            results.append(await measure(url, store.driver, store.database, case, samples, token))
            print(_row(results[-1]), flush=True)
        memory = _memory(settings)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "people": size,
        "mean_degree": mean_degree,
        "requests_per_operation": requests,
        "memory_mb": memory,
        "results": [dataclasses.asdict(r) | {"ratio": round(r.ratio, 2)} for r in results],
    }
    await asyncio.to_thread(out.write_text, json.dumps(report, indent=2))
    print(f"\n{_table(results)}\nmemory: {memory}\nwritten: {out}")
    return results


def _row(r: Result) -> str:
    return (
        f"| {r.operation} | {r.http_p50_ms:.1f} | {r.http_p99_ms:.1f} | {r.cypher_p50_ms:.1f} "
        f"| {r.cypher_p99_ms:.1f} | {r.ratio:.2f} | {r.round_trips:.0f} |"
    )


def _table(results: list[Result]) -> str:
    head = (
        "| operation | HTTP p50 ms | HTTP p99 ms | Cypher p50 ms | Cypher p99 ms "
        "| ratio p50 | store trips |\n|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *map(_row, results)])


def _memory(settings: Settings) -> dict[str, int]:
    info = localstore.LocalStore(settings.data_dir).running()
    store = psutil.Process(info.pid).memory_info().rss // 2**20 if info else 0
    return {"store_rss_mb": store}


def main(
    size: int, mean_degree: float, seed: int, requests: int, data_dir: Path, out: Path
) -> None:
    asyncio.run(run(size, mean_degree, seed, requests, data_dir, out))
