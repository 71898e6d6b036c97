"""The worst cases the limits admit, measured: what one request can cost at most.

Two parts, printed as tables:
- documents: the worst documents within the token limit (fragments spreading each
  other, the widest selection, the deepest nesting allowed), timed through parsing,
  validation (every rule the service runs) and the cost estimate, in process;
- hubs: every network field asked about the best-connected people of a real, hub-heavy
  network (SNAP wiki-Vote by default, loaded as connections into its own local store),
  over HTTP against the real service, with the store round trips each request took.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from pathlib import Path
from typing import Any

from graphql import GraphQLError, parse, specified_rules, validate

from graphdb import bulk
from graphdb.graph import Graph
from graphdb.importers import snap
from linkgraph.bench import network as bench
from linkgraph.settings import Settings
from linkgraph.store import open_store
from resolvers.ids import global_id
from schema.extensions.query_cost import estimate
from schema.root import _SHAPE_RULES, MAX_TOKENS, schema

# ../shared beside the checkout: linkgraph/bench/worst.py -> the checkout's parent.
WIKI_VOTE = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "snap-wiki-vote" / "Wiki-Vote.txt"
)
PREFIX = "hubs"
REPEATS = 3


def _largest(make: Any, admitted: Any) -> str:
    """The largest document `make(n)` within the token limit that `admitted` accepts
    (n found by bisection: documents grow with n)."""
    low, high = 1, 1
    while _tokens(make(high)) <= MAX_TOKENS and admitted(make(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if _tokens(make(middle)) <= MAX_TOKENS and admitted(make(middle)):
            low = middle
        else:
            high = middle
    return make(low)


def _tokens(document: str) -> int:
    from graphql.language import Lexer, Source, TokenKind

    lexer, count = Lexer(Source(document)), 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


def _admitted(document: str) -> bool:
    try:
        return not validate(schema._schema, parse(document), [*specified_rules, *_SHAPE_RULES])
    except GraphQLError:  # did not parse
        return False


def worst_documents() -> dict[str, str]:
    """Each kind of expensive document at the largest size the limits admit, and the
    largest (refused) that the token limit lets through to validation."""

    def chain(levels: int) -> str:
        fragments = ["fragment F0 on Person { name followers { edges { node { name } } } }"]
        fragments += [f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}"
                      for i in range(1, levels + 1)]  # fmt: skip
        return f"{{ viewer {{ ...F{levels} }} }}\n" + "\n".join(fragments)

    def wide(fields: int) -> str:
        return "{ viewer { " + " ".join(f"f{i}: name" if i < 30 else "name"
                                         for i in range(fields)) + " } }"  # fmt: skip

    def deep(levels: int) -> str:
        inner = "name"
        for _ in range(levels):
            inner = f"following(first: 1) {{ edges {{ node {{ {inner} }} }} }}"
        return "{ viewer { " + inner + " } }"

    def under_limit(document: str) -> bool:
        return _tokens(document) <= MAX_TOKENS

    return {
        "fragments spreading each other twice": _largest(chain, _admitted),
        "... the longest chain to validation": _largest(chain, under_limit),
        "widest selection": _largest(wide, _admitted),
        "... the widest to validation": _largest(wide, under_limit),
        "deepest nesting (15 object fields)": _largest(deep, _admitted),
    }


def measure_documents() -> list[dict[str, Any]]:
    rules = [*specified_rules, *_SHAPE_RULES]
    rows = []
    for name, document in worst_documents().items():
        timings: list[float] = []
        errors: list[GraphQLError] = []
        cost: int | None = None
        for _ in range(5):
            started = time.perf_counter()
            parsed = parse(document)
            errors = validate(schema._schema, parsed, rules)
            cost = estimate(parsed, None, {}, schema._schema) if not errors else None
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "document": name,
                "bytes": len(document),
                "tokens": _tokens(document),
                "admitted": not errors,
                "cost": cost,
                "check_ms": round(statistics.median(timings), 2),
            }
        )
    return rows


# Each network field, asked about `p` (the best-connected people) by `p` or of `p`.
FIELDS: dict[str, tuple[str, str]] = {
    "networkSize": (
        "query($id: ID!) { node(id: $id) { ... on Person { networkSize { firstDegree "
        "secondDegree secondDegreeIsExact } } } }",
        "anonymous",
    ),
    "secondDegree (20)": (
        "query($id: ID!) { node(id: $id) { ... on Person { secondDegree(first: 20) { "
        "edges { mutualConnectionCount node { id } } } } } }",
        "person",
    ),
    "relationships of 20 connections": (
        "query($id: ID!) { node(id: $id) { ... on Person { connections(first: 20) { "
        "edges { node { relationship { degree mutualConnectionCount } } } } } } }",
        "person",
    ),
    "mutualConnections (20) with the next hub": (
        "query($id: ID!) { node(id: $id) { ... on Person { mutualConnections(first: 20) { "
        "totalCount edges { node { id } } } } } }",
        "other",
    ),
    "separation to someone far": (
        "query($id: ID!) { separation(to: $id) { degree } }",
        "far",
    ),
    "followers (20)": (
        "query($id: ID!) { node(id: $id) { ... on Person { followers(first: 20) { "
        "totalCount edges { node { id } } } } } }",
        "anonymous",
    ),
    "connections (20)": (
        "query($id: ID!) { node(id: $id) { ... on Person { connections(first: 20) { "
        "totalCount edges { node { id } } } } } }",
        "person",
    ),
}


async def load_hubs(settings: Settings, edges: Path) -> list[str]:
    """The network loaded (once per data dir); its people, best-connected first."""
    network = snap.network(edges, as_="connections", prefix=PREFIX).network
    async with open_store(settings) as store:
        graph = Graph(store.driver, store.database)
        await bulk.load(graph, network, batch_size=bulk.BATCH_SIZE)
    degree: dict[str, int] = {}
    for c in network.connections:
        for end in (c["lowId"], c["highId"]):
            degree[end] = degree.get(end, 0) + 1
    return sorted(degree, key=lambda p: (-degree[p], p))


async def measure_hubs(settings: Settings, people: list[str], top: int) -> list[dict[str, Any]]:
    tokens = bench.Tokens(settings)
    hubs, far = people[:top], people[-1]
    rows = []
    async with bench.serving(settings) as (url, _), bench._client(url) as client:
        for field, (query, as_) in FIELDS.items():
            worst: tuple[float, str, int] = (0.0, "", 0)
            for n, hub in enumerate(hubs):
                target = {"other": hubs[(n + 1) % len(hubs)], "far": far}.get(as_, hub)
                signer = None if as_ == "anonymous" else hub
                body = {"query": query, "variables": {"id": global_id("Person", target)}}
                timings, trips = [], 0
                for _ in range(REPEATS):
                    started = time.perf_counter()
                    payload = await bench._post(client, body, tokens.headers(signer))
                    timings.append((time.perf_counter() - started) * 1000)
                    trips = bench._checked(field, payload)["storeRoundTrips"]
                median = statistics.median(timings)
                if median > worst[0]:
                    worst = (median, hub, trips)
            rows.append({"field": field, "worst_ms": round(worst[0], 1), "person": worst[1],
                         "store_round_trips": worst[2]})  # fmt: skip
    return rows


def main(edges: Path, data_dir: Path, top: int) -> None:
    print("Worst documents the limits admit (parse + validate + cost, in process):")
    for row in measure_documents():
        print(
            f"  {row['document']:<40} {row['bytes']:>6} B {row['tokens']:>5} tokens  "
            f"admitted={row['admitted']!s:<5} cost={row['cost']}  {row['check_ms']} ms"
        )
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_dir, demo_data=False)
    people = asyncio.run(load_hubs(settings, edges))
    print(f"\nNetwork fields for the {top} best-connected of {len(people):,} people "
          f"({edges.name}), the worst of them, median of {REPEATS} requests:")  # fmt: skip
    for row in asyncio.run(measure_hubs(settings, people, top)):
        print(f"  {row['field']:<44} {row['worst_ms']:>8} ms  {row['store_round_trips']} "
              f"store round trips  ({row['person']})")  # fmt: skip
