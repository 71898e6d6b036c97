"""The read path side by side with the peer: @neo4j/graphql on Apollo Server.

Both serve the same local store and network (the generated one `linkgraph bench`
loads). The same people, drawn from one seed, are asked about by one client; answers
are checked equal before anything is timed. Then rounds alternate between the two
servers (who goes first alternates too): requests per second with 8 in flight, their
p50/p99, sequential p50, and each server process's CPU time per request, which is the
figure that depends least on the machine's noise.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import random
import socket
import statistics
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from linkgraph.bench import network as bench
from linkgraph.settings import Settings
from linkgraph.store import local_store
from resolvers.ids import global_id, parse_global_id

PEER_APP = Path(__file__).with_name("peer_app")
IN_FLIGHT = 8


@dataclasses.dataclass(frozen=True)
class Query:
    name: str
    ours: str
    peer: str
    signed_in: bool  # ours asks as the person (their connections list is theirs and their
    # connections'); the peer has no rules and ignores the token
    ours_answer: Callable[[dict[str, Any]], Any]
    peer_answer: Callable[[dict[str, Any]], Any]


def _person(node: dict[str, Any]) -> tuple:
    return (node["id"], node["name"], node["headline"])


def _ours_node(data: dict[str, Any]) -> dict[str, Any]:
    return data["node"]


def _peer_person(data: dict[str, Any]) -> dict[str, Any]:
    (person,) = data["people"]
    return person


def _raw(gid_node: dict[str, Any]) -> dict[str, Any]:
    """Our nodes carry global ids; the peer's carry the store's."""
    return {**gid_node, "id": parse_global_id(gid_node["id"])[1]}


_PAGE = "edges { node { id name headline } }"
_PEER_PAGE_ARGS = "first: 20, sort: [{edge: {since: DESC}}, {node: {id: DESC}}]"
QUERIES = [
    Query(
        "person by id (id, name, headline)",
        "query($id: ID!) { node(id: $id) { ... on Person { id name headline } } }",
        "query($id: ID!) { people(where: {id: {eq: $id}}) { id name headline } }",
        False,
        lambda d: _person(_raw(_ours_node(d))),
        lambda d: _person(_peer_person(d)),
    ),
    Query(
        "first 20 connections (id, name, headline)",
        "query($id: ID!) { node(id: $id) { ... on Person { connections(first: 20) { "
        + _PAGE
        + " } } } }",
        "query($id: ID!) { people(where: {id: {eq: $id}}) { connectionsConnection("
        + _PEER_PAGE_ARGS
        + ") { "
        + _PAGE
        + " } } }",
        True,
        lambda d: [_person(_raw(e["node"])) for e in _ours_node(d)["connections"]["edges"]],
        lambda d: [_person(e["node"]) for e in _peer_person(d)["connectionsConnection"]["edges"]],
    ),
    Query(
        "Relay page of 20 with totalCount",
        "query($id: ID!) { node(id: $id) { ... on Person { connections(first: 20) { "
        "totalCount pageInfo { hasNextPage } " + _PAGE + " } } } }",
        "query($id: ID!) { people(where: {id: {eq: $id}}) { connectionsConnection("
        + _PEER_PAGE_ARGS
        + ") { totalCount pageInfo { hasNextPage } "
        + _PAGE
        + " } } }",
        True,
        lambda d: _page(_ours_node(d)["connections"], _raw),
        lambda d: _page(_peer_person(d)["connectionsConnection"], lambda n: n),
    ),
    Query(
        "connection count",
        "query($id: ID!) { node(id: $id) { ... on Person { connectionCount } } }",
        "query($id: ID!) { people(where: {id: {eq: $id}}) { connectionsConnection { "
        "totalCount } } }",
        False,
        lambda d: _ours_node(d)["connectionCount"],
        lambda d: _peer_person(d)["connectionsConnection"]["totalCount"],
    ),
]


def _page(connection: dict[str, Any], node: Callable[[dict], dict]) -> tuple:
    return (
        connection["totalCount"],
        connection["pageInfo"]["hasNextPage"],
        [_person(node(e["node"])) for e in connection["edges"]],
    )


@dataclasses.dataclass
class Side:
    """One server under test."""

    name: str
    url: str  # its GraphQL endpoint
    pid: int
    store_pid: int  # the store both serve from
    query: Callable[[Query], str]
    variables: Callable[[str], dict[str, Any]]
    answer: Callable[[Query], Callable[[dict[str, Any]], Any]]


@dataclasses.dataclass
class Round:
    requests_per_s: float
    cpu_ms_per_request: float
    store_cpu_ms_per_request: float  # the store's, serving this side's statements
    latencies_ms: list[float]


async def _send(
    client: aiohttp.ClientSession, side: Side, query: Query, person: str, headers: dict
) -> tuple[float, dict[str, Any]]:
    body = {"query": side.query(query), "variables": side.variables(person)}
    started = time.perf_counter()
    async with client.post(side.url, json=body, headers=headers) as response:
        payload = await response.json()
    if payload.get("errors"):
        raise RuntimeError(f"{side.name}, {query.name}: {payload['errors']}")
    return (time.perf_counter() - started) * 1000, payload["data"]


async def _round(
    client: aiohttp.ClientSession, side: Side, query: Query, people: list[str], tokens: Any
) -> Round:
    process, store = psutil.Process(side.pid), psutil.Process(side.store_pid)
    cpu, store_cpu = process.cpu_times(), store.cpu_times()
    gate = asyncio.Semaphore(IN_FLIGHT)
    latencies: list[float] = []

    async def one(person: str) -> None:
        async with gate:
            headers = tokens.headers(person) if query.signed_in and side.name == "ours" else {}
            latencies.append((await _send(client, side, query, person, headers))[0])

    started = time.perf_counter()
    await asyncio.gather(*(one(p) for p in people))
    seconds = time.perf_counter() - started
    return Round(
        len(people) / seconds,
        _cpu_since(process, cpu) * 1000 / len(people),
        _cpu_since(store, store_cpu) * 1000 / len(people),
        latencies,
    )


def _cpu_since(process: psutil.Process, before: Any) -> float:
    after = process.cpu_times()
    return (after.user - before.user) + (after.system - before.system)


async def _sequential_p50(
    client: aiohttp.ClientSession, side: Side, query: Query, people: list[str], tokens: Any
) -> float:
    timings = []
    for person in people:
        headers = tokens.headers(person) if query.signed_in and side.name == "ours" else {}
        timings.append((await _send(client, side, query, person, headers))[0])
    return statistics.median(timings)


async def _check_equal(
    client: aiohttp.ClientSession, ours: Side, peer: Side, query: Query, people: list[str],
    tokens: Any,
) -> None:  # fmt: skip
    for person in people:
        answers = []
        for side in (ours, peer):
            headers = tokens.headers(person) if query.signed_in and side is ours else {}
            answers.append(
                side.answer(query)((await _send(client, side, query, person, headers))[1])
            )
        if answers[0] != answers[1]:
            raise SystemExit(f"{query.name}: answers differ for {person}:\n{answers}")


def _store(settings: Settings) -> Any:
    info = local_store(settings).running()
    assert info is not None, "the local store runs while the service does"
    return info


def _store_pid(settings: Settings) -> int:
    return _store(settings).pid


@contextlib.asynccontextmanager
async def peer_server(settings: Settings) -> AsyncIterator[tuple[str, int]]:
    """The peer on a free loopback port, installed from its lock file if need be."""
    if not (PEER_APP / "node_modules").exists():
        await asyncio.to_thread(
            subprocess.run,
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PEER_APP,
            check=True,
        )
    info = _store(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "NEO4J_URI": info.uri,
        "NEO4J_USER": "root",
        "NEO4J_PASSWORD": info.password,
        "NEO4J_DATABASE": "social",
        "PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        "node", str(PEER_APP / "server.mjs"), env=env, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=120)
        if b"ready" not in line:
            raise SystemExit(f"the peer did not start: {line!r}")
        yield f"http://127.0.0.1:{port}/", process.pid
    finally:
        process.terminate()
        await process.wait()


async def run(
    size: int, seed: int, requests: int, rounds: int, warmup: int, data_dir: Path
) -> list[dict]:
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_dir, demo_data=False)
    await bench.ensure_network(settings, size, 20.0, seed, bench.POSTS_PER_PERSON)
    rng = random.Random(seed)
    people = [bench.person_id(rng.randrange(size), size) for _ in range(requests)]
    tokens = bench.Tokens(settings)
    table = []
    async with bench.serving(settings) as (url, pid), peer_server(settings) as (peer_url, peer_pid):
        store_pid = _store_pid(settings)
        ours = Side("ours", url + "/graphql", pid, store_pid, lambda q: q.ours,
                    lambda p: {"id": global_id("Person", p)}, lambda q: q.ours_answer)  # fmt: skip
        peer = Side("peer", peer_url, peer_pid, store_pid, lambda q: q.peer, lambda p: {"id": p},
                    lambda q: q.peer_answer)  # fmt: skip
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as client:
            # Warm both on every query before measuring any: the store compiles its hot
            # paths (JIT) over the first thousand or so statements of a shape, and V8
            # the peer's, in compiler threads that run on for a while after; warmed
            # query by query, that CPU was charged to whichever query came first.
            warming = (people * (warmup // len(people) + 1))[:warmup]
            for query in QUERIES:
                await _check_equal(client, ours, peer, query, people[:20], tokens)
                for side in (ours, peer) if warming else ():
                    await _round(client, side, query, warming, tokens)
            for query in QUERIES:
                measured: dict[str, list[Round]] = {"ours": [], "peer": []}
                for n in range(rounds):
                    order = (ours, peer) if n % 2 == 0 else (peer, ours)
                    for side in order:
                        measured[side.name].append(
                            await _round(client, side, query, people, tokens)
                        )
                row: dict[str, Any] = {"query": query.name}
                for side in (ours, peer):
                    got = measured[side.name]
                    latencies = sorted(x for r in got for x in r.latencies_ms)
                    row[side.name] = {
                        "requests_per_s": round(statistics.median(r.requests_per_s for r in got)),
                        "cpu_ms_per_request": round(
                            statistics.median(r.cpu_ms_per_request for r in got), 2
                        ),
                        "store_cpu_ms_per_request": round(
                            statistics.median(r.store_cpu_ms_per_request for r in got), 2
                        ),
                        "p50_ms": round(bench.percentile(latencies, 0.5), 2),
                        "p99_ms": round(bench.percentile(latencies, 0.99), 2),
                        "sequential_p50_ms": round(
                            await _sequential_p50(client, side, query, people[:100], tokens), 2
                        ),
                    }
                row["ours_per_peer"] = round(
                    row["ours"]["requests_per_s"] / row["peer"]["requests_per_s"], 2
                )
                table.append(row)
                print(_line(row), flush=True)
    return table


def _line(row: dict[str, Any]) -> str:
    o, p = row["ours"], row["peer"]
    return (
        f"| {row['query']} | {p['requests_per_s']:,} | {o['requests_per_s']:,} | "
        f"{row['ours_per_peer']:.2f} | {p['cpu_ms_per_request']:.2f} / "
        f"{o['cpu_ms_per_request']:.2f} ms | {p['store_cpu_ms_per_request']:.2f} / "
        f"{o['store_cpu_ms_per_request']:.2f} ms | {p['sequential_p50_ms']:.2f} / "
        f"{o['sequential_p50_ms']:.2f} ms |"
    )


HEADER = (
    "| query | peer req/s | ours req/s | ours/peer | server CPU per request, peer / ours "
    "| store CPU per request, peer / ours | sequential p50, peer / ours |\n"
    "|---|---|---|---|---|---|---|"
)


def main(size: int, seed: int, requests: int, rounds: int, warmup: int, data_dir: Path) -> None:
    print(HEADER, flush=True)
    asyncio.run(run(size, seed, requests, rounds, warmup, data_dir))
