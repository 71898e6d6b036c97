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
import re
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString

import aiohttp
import httpx
import psutil

from graphdb import bulk, generate, localstore
from graphdb import connections as connections_db
from graphdb import follows as follows_db
from graphdb import invitations as invitations_db
from graphdb import messages as messages_db
from graphdb import posts as posts_db
from graphdb.connections import pair_key
from graphdb.graph import Graph
from graphdb.queries import benchmark as qb
from graphdb.queries import linked as ql
from graphdb.queries import messages as qm
from graphdb.queries import network as qn
from graphdb.queries import people as qp
from graphdb.queries import posts as qpo
from linkgraph.auth import authenticator_from
from linkgraph.bench import loadgen
from linkgraph.settings import Settings, policy_from
from linkgraph.store import open_store
from resolvers.context import Policy
from resolvers.ids import global_id

PREFIX = "bench"
WARM_UP = 10  # requests before each operation's measured ones
REPEATED_SAMPLES = 20
FEED = "{ viewer { feed { edges { reason node { text createdAt } } } } }"
POSTS_PER_PERSON = 2.0
NOW_MS = 1_767_225_600_000  # generated times end here: re-runs regenerate the same rows


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


Sample = tuple[str, str]  # (person, other)


@dataclasses.dataclass
class Case:
    """One read: a GraphQL request and the raw statement it rests on, per sample."""

    name: str
    query: str
    variables: Callable[[str, str], dict[str, Any]]  # (person, other) -> variables
    statement: LiteralString
    params: Callable[[str, str], dict[str, Any]]
    # Whose token the request carries: nobody, the fixed viewer, the sample's person, or
    # the person who follows the most.
    as_: str = "anonymous"
    # The same heavy request every time (about the one star or the one hub): a few
    # samples say as much as many, and many would take minutes at a million people.
    repeated: bool = False


@dataclasses.dataclass
class WriteCase:
    """One write: a mutation, and the same store calls in one transaction (the floor).
    Each runs on its own samples, so neither finds the other's work already done."""

    name: str
    query: str
    variables: Callable[[str, str], dict[str, Any]]
    floor: Callable[[Graph, str, str], Awaitable[Any]]
    as_: str = "person"  # or "other": the sample's other person signs the request
    # Told of each response's data (the invite case keeps ids for the accept case).
    remember: Callable[[str, str, dict[str, Any]], None] | None = None


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def ensure_network(
    settings: Settings, size: int, mean_degree: float, seed: int, posts_per_person: float,
    follows_per_person: float = 3.0,
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:  # fmt: skip
    """Load what is not loaded yet. Returns the network's shape, and each part's rows
    and import rate (over every run that loaded it: the checkpoints keep the time)."""
    # Generated again each time (deterministic): the load's checkpoints skip what is
    # loaded already and add what a newer version of the network has.
    started = time.perf_counter()
    net = generate.generate(
        size, seed=seed, mean_degree=mean_degree, posts_per_person=posts_per_person,
        follows_per_person=follows_per_person, prefix=PREFIX, now_ms=NOW_MS,
    )  # fmt: skip
    shape = net.shape()  # seconds of counting at a million people: once
    print(
        f"generated in {time.perf_counter() - started:.0f} s: {shape}, "
        f"{len(net.invitations):,} invitations, {len(net.posts):,} posts",
        flush=True,
    )
    last = [0.0]

    def progress(state: bulk.PartLoad) -> None:
        if state.loaded_now and time.perf_counter() - last[0] > 10:
            last[0] = time.perf_counter()
            rate = f"{state.rate:,.0f} rows/s" if state.rate else "?"
            print(f"  {state.part}: {state.done:,} of {state.total:,} ({rate})", flush=True)

    async with open_store(settings) as store:
        graph = Graph(store.driver, store.database)
        others = await graph.rows(qb.OTHER_LOADS, network=net.name + ":")
        if others:  # resuming by offsets into another network's rows would corrupt both
            raise SystemExit(
                f"{settings.data_dir} holds another network ({others[0]['name']}): "
                "choose another --data-dir, or delete it to start again"
            )
        parts = await bulk.load(graph, net, batch_size=bulk.BATCH_SIZE, progress=progress)
    imported = {
        part: {"rows": state.total, "rows_per_s": round(state.rate) if state.rate else None}
        for part, state in parts.items()
        if state.total
    }
    print(f"import: {imported}", flush=True)
    return shape, imported


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[tuple[str, int]]:
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
        yield url, server.pid
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=60)


class Tokens:
    """A token per person, minted once."""

    def __init__(self, settings: Settings) -> None:
        self._authenticator = authenticator_from(settings)
        self._minted: dict[str, str] = {}

    def headers(self, person: str | None) -> dict[str, str]:
        if person is None:
            return {}
        if person not in self._minted:
            self._minted[person] = self._authenticator.mint(person)
        return {"Authorization": f"Bearer {self._minted[person]}"}


async def service_baseline(url: str, n: int) -> dict[str, float]:
    """p50 of what every request pays before the store: an HTTP round trip to the
    service (GET /healthz), and a GraphQL operation that reads nothing ({ __typename }).
    A row's HTTP p50 less the second is about its store time."""
    timings: dict[str, list[float]] = {"http": [], "graphql": []}
    async with _client(url) as client:
        for _ in range(10 + n):
            started = time.perf_counter()
            async with client.get("/healthz") as response:
                await response.read()
            timings["http"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await _post(client, {"query": "{ __typename }"}, {})
            timings["graphql"].append((time.perf_counter() - started) * 1000)
    return {
        "http_p50": round(statistics.median(timings["http"][10:]), 2),
        "graphql_no_store_p50": round(statistics.median(timings["graphql"][10:]), 2),
    }


def _client(url: str) -> aiohttp.ClientSession:
    # aiohttp, not httpx: on this machine httpx adds ~1 ms to a bare GET and ~3 ms to a
    # GraphQL POST on the client side, which would be counted against the service.
    return aiohttp.ClientSession(url, timeout=aiohttp.ClientTimeout(total=60))


async def _post(
    client: aiohttp.ClientSession, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """POST /graphql and read the whole response, as the client's latency includes it."""
    async with client.post("/graphql", json=body, headers=headers) as response:
        return await response.json()


async def measure(
    url: str, graph: Graph, case: Case, samples: list[Sample], viewer: str, tokens: Tokens,
    hub: str = "",
) -> Result:  # fmt: skip
    http, raw, trips = [], [], []

    async def over_http(client: aiohttp.ClientSession, person: str, other: str) -> None:
        signer = {"anonymous": None, "viewer": viewer, "person": person, "hub": hub}[case.as_]
        body = {"query": case.query, "variables": case.variables(person, other)}
        started = time.perf_counter()
        payload = await _post(client, body, tokens.headers(signer))
        http.append((time.perf_counter() - started) * 1000)
        trips.append(_checked(case.name, payload)["storeRoundTrips"])

    async def raw_cypher(person: str, other: str) -> None:
        # Through the driver the way the service reads (an auto-commit statement), so
        # the floor is what the store access costs without HTTP and GraphQL.
        started = time.perf_counter()
        await graph.rows(case.statement, **case.params(person, other))
        raw.append((time.perf_counter() - started) * 1000)

    async with _client(url) as client:
        for n, (person, other) in enumerate(samples):
            # Whichever touches a person's neighbourhood first pays for the store's cold
            # pages, so the two take turns going first.
            if n % 2:
                await raw_cypher(person, other)
                await over_http(client, person, other)
            else:
                await over_http(client, person, other)
                await raw_cypher(person, other)
    return _result(case.name, http, raw, trips)


async def measure_write(
    url: str, graph: Graph, case: WriteCase, samples: list[Sample], floor_samples: list[Sample],
    tokens: Tokens,
) -> Result:  # fmt: skip
    http, raw, trips = [], [], []
    async with _client(url) as client:
        for person, other in samples:
            signer = person if case.as_ == "person" else other
            body = {"query": case.query, "variables": case.variables(person, other)}
            started = time.perf_counter()
            payload = await _post(client, body, tokens.headers(signer))
            http.append((time.perf_counter() - started) * 1000)
            trips.append(_checked(case.name, payload)["storeRoundTrips"])
            if case.remember is not None:
                case.remember(person, other, payload["data"])
    for person, other in floor_samples:
        started = time.perf_counter()
        await case.floor(graph, person, other)
        raw.append((time.perf_counter() - started) * 1000)
    return _result(case.name, http, raw, trips)


def _checked(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    if payload.get("errors"):
        raise RuntimeError(f"{name}: {payload['errors']}")
    return payload["extensions"]


def _result(name: str, http: list[float], raw: list[float], trips: list[int]) -> Result:
    return Result(
        name,
        statistics.median(http),
        percentile(http, 0.99),
        statistics.median(raw),
        percentile(raw, 0.99),
        statistics.mean(trips),
    )


def gid(i: str) -> str:
    return global_id("Person", i)


def cases(viewer: str, star: str, hub: str, policy: Policy, size: int) -> list[Case]:
    def twenty(p: str, o: str) -> list[str]:
        rng = random.Random(p + o)
        return [person_id(rng.randrange(size), size) for _ in range(20)]

    page = {
        "afterAt": None,
        "afterId": None,
        "limit": 21,
        "hidden": [],
        "withTotal": False,
        "withOwner": False,
    }
    by_name = {"afterName": None, "afterId": None, "limit": 21, "hidden": []}
    # cap: the walk's per-friend bound; the service sets it per person (walk_cap), at
    # most the budget, which walks everyone of a typical network whole
    second = {"afterCount": None, "afterId": None, "limit": 21, "sample": policy.mutual_sample,
              "maxFriends": policy.max_friends, "cap": policy.walk_budget}  # fmt: skip
    return [
        Case(
            "person by id",
            "query($id: ID!) { node(id: $id) { ... on Person { name headline } } }",
            lambda p, o: {"id": gid(p)},
            qp.PEOPLE_BY_IDS,
            lambda p, o: {"ids": [p]},
        ),
        Case(
            "connections page (20, own)",
            "{ viewer { connections { edges { connectedAt node { name headline } } } } }",
            lambda p, o: {},
            ql.CONNECTIONS_CARDS,  # what the service sends for name and headline
            lambda p, o: {"id": p, "viewerId": p, **page},
            as_="person",
        ),
        Case(
            "followers of the most followed (20)",
            "query($id: ID!) { node(id: $id) { ... on Person { followers { edges { "
            "followedAt node { name } } } } } }",
            lambda p, o: {"id": gid(star)},
            ql.FOLLOWERS_PAGE,
            lambda p, o: {"id": star, "viewerId": None, **page},
            repeated=True,
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
            as_="viewer",
        ),
        Case(
            "mutual connections (20)",
            "query($a: ID!, $b: ID!) { mutualConnections(personA: $a, personB: $b) "
            "{ edges { node { name } } } }",
            lambda p, o: {"a": gid(p), "b": gid(o)},
            qn.MUTUAL_PAGES,
            lambda p, o: {"a": p, "others": [o], **by_name},
            as_="person",
        ),
        Case(
            "second degree (20, own)",
            "{ viewer { secondDegree { edges { mutualConnectionCount node { name } "
            "mutualConnections { name } } } } }",
            lambda p, o: {},
            qn.SECOND_DEGREE_PAGE,
            lambda p, o: {"id": p, **second},
            as_="person",
        ),
        Case(
            "degrees of separation",
            "query($b: ID!) { separation(to: $b) { degree path { name } } }",
            lambda p, o: {"b": gid(o)},
            qn.PATH_WITHIN_6,
            lambda p, o: {"a": p, "b": o, "hidden": []},
            as_="person",
        ),
        Case(
            "network size",
            "query($id: ID!) { node(id: $id) { ... on Person { networkSize { firstDegree "
            "secondDegree } } } }",
            lambda p, o: {"id": gid(p)},
            qn.NETWORK_SIZES,
            lambda p, o: {
                "ids": [p],
                "maxFriends": policy.max_friends,
                "walkBudget": policy.walk_budget,
            },
        ),
        Case(
            "feed (20, own)",
            FEED,
            lambda p, o: {},
            qpo.FEED_PAGE,
            lambda p, o: {"viewerId": p, **page},
            as_="person",
        ),
        Case(
            "feed of the person following the most (20)",
            FEED,
            lambda p, o: {},
            qpo.FEED_PAGE,
            lambda p, o: {"viewerId": hub, **page},
            as_="hub",
            repeated=True,
        ),
        Case(
            "posts of a person (20)",
            "query($id: ID!) { node(id: $id) { ... on Person { posts { edges { node { "
            "text createdAt } } } } } }",
            lambda p, o: {"id": gid(o)},
            qpo.PERSON_POSTS_PAGE,
            lambda p, o: {"id": o, "all": False, **page},
        ),
    ]


FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
INVITE = """mutation($id: ID!) { sendInvitation(input: {personId: $id}) {
  connected invitation { id } } }"""
ACCEPT = """mutation($id: ID!) { acceptInvitation(input: {invitationId: $id}) {
  invitation { state } } }"""
POST = """mutation($text: String!) { createPost(input: {text: $text}) { post { id } } }"""
MESSAGE = """mutation($id: ID!) { sendMessage(input: {personId: $id, text: "Hi"}) {
  message { id } } }"""
CONVERSATIONS = Case(
    "conversations (20, own)",
    "{ viewer { unreadMessages { messages } conversations { edges { node { unreadCount "
    "lastMessageAt participant { name } } } } } }",
    lambda p, o: {},
    qm.CONVERSATIONS_PAGE,
    lambda p, o: {"personId": p, "afterAt": None, "afterId": None, "limit": 21, "hidden": []},
    as_="person",
)


def write_cases(star: str) -> list[WriteCase]:
    """Writes, in an order where each finds what it needs: invitations before accepts."""
    now = int(time.time() * 1000)

    async def follow(graph: Graph, p: str, o: str) -> None:
        await graph.write(lambda tx: follows_db.follow(tx, p, o, now))

    async def invite(graph: Graph, p: str, o: str) -> None:
        async def work(tx: Any) -> None:
            await connections_db.lock_pair(tx, p, o)
            await connections_db.pair_state(tx, p, o)
            await invitations_db.create(tx, bench_invitation(p, o), p, o, None, now)

        await graph.write(work)

    async def accept(graph: Graph, p: str, o: str) -> None:
        async def work(tx: Any) -> None:
            await connections_db.lock_pair(tx, p, o)
            await invitations_db.by_ids(tx, [bench_invitation(p, o)])
            await invitations_db.set_state(tx, bench_invitation(p, o), "ACCEPTED", now)
            await connections_db.connect(tx, p, o, now)

        await graph.write(work)

    async def message(graph: Graph, p: str, o: str) -> None:
        async def work(tx: Any) -> None:
            await connections_db.lock_pair(tx, p, o)
            await connections_db.pair_state(tx, p, o)
            conversation = await messages_db.conversation_of(tx, p, o, f"bench-c-{p}-{o}", now)
            await messages_db.add(tx, conversation, f"bench-m-{time.perf_counter_ns()}", p, "Hi",
                                  now)  # fmt: skip

        await graph.write(work)

    def write_post(author: str | None) -> Callable[[Graph, str, str], Awaitable[None]]:
        async def floor(graph: Graph, p: str, o: str) -> None:
            post_id = f"bench-floor-{p}-{time.perf_counter_ns()}"
            await graph.write(
                lambda tx: posts_db.create(
                    tx,
                    post_id,
                    author or p,
                    by_organization=False,
                    text="Floor",
                    visibility="PUBLIC",
                    now=now,
                )
            )

        return floor

    return [
        WriteCase("follow", FOLLOW, lambda p, o: {"id": gid(o)}, follow),
        WriteCase("invite", INVITE, lambda p, o: {"id": gid(o)}, invite, remember=_sent),
        WriteCase("accept", ACCEPT, lambda p, o: {"id": invitation_gid(p, o)}, accept, "other"),
        WriteCase(
            "message a connection", MESSAGE, lambda p, o: {"id": gid(o)}, message, as_="friends"
        ),
        WriteCase("post", POST, lambda p, o: {"text": "Hello"}, write_post(None)),
        WriteCase(
            "post by the most followed",
            POST,
            lambda p, o: {"text": "News"},
            write_post(star),
            "star",
        ),
    ]


def bench_invitation(p: str, o: str) -> str:
    return f"bench-floor-inv-{p}-{o}"


def invitation_gid(p: str, o: str) -> str:
    return _sent_invitations[(p, o)]


def _sent(p: str, o: str, data: dict[str, Any]) -> None:
    _sent_invitations[(p, o)] = data["sendInvitation"]["invitation"]["id"]


# Invitation ids the `invite` case's requests were given, for the `accept` case.
_sent_invitations: dict[tuple[str, str], str] = {}


def person_id(n: int, size: int) -> str:
    return f"{PREFIX}-{n:0{len(str(size))}d}"


async def most_followed(graph: Graph) -> str:
    rows = await graph.rows(qb.MOST_FOLLOWED, prefix=PREFIX + "-")
    return rows[0]["id"]


async def strangers(graph: Graph, rng: random.Random, size: int, n: int) -> list[Sample]:
    """Pairs with nothing between them yet (for follows and invitations)."""
    found: list[Sample] = []
    while len(found) < n:
        a, b = person_id(rng.randrange(size), size), person_id(rng.randrange(size), size)
        if a != b and not await graph.rows(qb.ANY_LINK, a=a, b=b):
            found.append((a, b))
    return found


def chosen(name: str, only: tuple[str, ...]) -> bool:
    """Whether `--only` (regular expressions searched in operation names, ignoring case;
    none: everything) takes this one."""
    return not only or any(re.search(pattern, name, re.IGNORECASE) for pattern in only)


async def run(
    size: int, mean_degree: float, seed: int, requests: int, data_dir: Path, out: Path,
    load_seconds: int = 30, users: int = 20, follows: float = 3.0, only: tuple[str, ...] = (),
    sample_seed: int | None = None,
) -> list[Result]:  # fmt: skip
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_dir, demo_data=False)
    network, imported = await ensure_network(
        settings, size, mean_degree, seed, POSTS_PER_PERSON, follows
    )
    policy = policy_from(settings)
    # Another sample seed measures other people on the same network (a store that
    # served the last run's samples has their pages cached).
    sample_seed = seed if sample_seed is None else sample_seed
    rng = random.Random(sample_seed)
    ids = [person_id(rng.randrange(size), size) for _ in range(2 * requests)]
    samples = list(zip(ids[::2], ids[1::2], strict=True))
    viewer = samples[0][0]
    tokens = Tokens(settings)
    results = []
    async with open_store(settings) as store, serving(settings) as (url, server_pid):
        graph = Graph(store.driver, store.database)
        star = await most_followed(graph)
        hub = (await graph.rows(qb.MOST_FOLLOWING, prefix=PREFIX + "-"))[0]["id"]
        baseline = await service_baseline(url, requests)
        print(f"service without the store: {baseline}", flush=True)
        for case in cases(viewer, star, hub, policy, size):
            if not chosen(case.name, only):
                continue
            some = samples[:REPEATED_SAMPLES] if case.repeated else samples
            await measure(url, graph, case, some[: 3 if case.repeated else WARM_UP], viewer,
                          tokens, hub)  # fmt: skip
            results.append(await measure(url, graph, case, some, viewer, tokens, hub))
            print(_row(results[-1]), flush=True)
        results += await _writes(url, graph, star, tokens, rng, size, requests, only)
        memory = _memory(settings, server_pid)
        throughput = (
            await loadgen.run(url, settings, samples, load_seconds, users, out)
            if load_seconds > 0
            else None
        )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "people": size,
        "mean_degree": mean_degree,
        "requests_per_operation": requests,
        "sample_seed": sample_seed,
        "network": network,
        "import": imported,
        "service_baseline_ms": baseline,
        "memory_mb": memory,
        "throughput": throughput,
        "results": [dataclasses.asdict(r) | {"ratio": round(r.ratio, 2)} for r in results],
    }
    await asyncio.to_thread(out.write_text, json.dumps(report, indent=2))
    print(f"\n{_table(results)}\nimport: {imported}\nmemory: {memory}\nthroughput: {throughput}"
          f"\nwritten: {out}")  # fmt: skip
    return results


async def _writes(
    url: str, graph: Graph, star: str, tokens: Tokens, rng: random.Random, size: int, n: int,
    only: tuple[str, ...],
) -> list[Result]:  # fmt: skip
    pairs = await strangers(graph, rng, size, 2 * n)
    http_pairs, floor_pairs = pairs[:n], pairs[n:]
    friends = await _friends(graph, [p for p, _ in pairs])
    results = []
    # Accepting needs the invitations the invite case sent.
    wanted = {c.name for c in write_cases(star) if chosen(c.name, only)}
    if "accept" in wanted:
        wanted.add("invite")
    for case in write_cases(star):
        if case.name not in wanted:
            continue
        signers, floors = http_pairs, floor_pairs
        if case.as_ == "star":
            signers = [(star, o) for _, o in http_pairs]
        elif case.as_ == "friends":
            signers, floors = friends[:n], friends[n:]
        case = dataclasses.replace(case, as_="person" if case.as_ != "other" else "other")
        results.append(await measure_write(url, graph, case, signers, floors, tokens))
        print(_row(results[-1]), flush=True)
    # Now that people have conversations, their lists can be read.
    if chosen(CONVERSATIONS.name, only):
        results.append(await measure(url, graph, CONVERSATIONS, friends[:n], "", tokens))
        print(_row(results[-1]), flush=True)
    return results


async def _friends(graph: Graph, people: list[str]) -> list[Sample]:
    """Each person with one of their connections (people without any are left out)."""
    found = []
    for person in people:
        rows = await graph.rows(qb.A_CONNECTION, id=person)
        if rows:
            found.append((person, rows[0]["id"]))
    return found


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


def _memory(settings: Settings, server_pid: int) -> dict[str, int]:
    info = localstore.LocalStore(settings.data_dir).running()
    store = psutil.Process(info.pid).memory_info().rss // 2**20 if info else 0
    service = psutil.Process(server_pid).memory_info().rss // 2**20
    return {"store_rss_mb": store, "service_rss_mb": service}


def main(
    size: int, mean_degree: float, seed: int, requests: int, data_dir: Path, out: Path,
    load_seconds: int, users: int, follows: float, only: tuple[str, ...] = (),
    sample_seed: int | None = None,
) -> None:  # fmt: skip
    asyncio.run(
        run(size, mean_degree, seed, requests, data_dir, out, load_seconds, users, follows, only,
            sample_seed)
    )  # fmt: skip
