"""The race scenarios repeated many times, under concurrent read load: whatever order
the store happens to run them in, the network stays consistent."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
from collections.abc import AsyncIterator

import pytest

from graphdb.graph import Graph
from tests.api.network import ACCEPT, FOLLOW, INVITE, REMOVE, UNFOLLOW, WITHDRAW, invite, state
from tests.conftest import Api, Member

pytestmark = pytest.mark.slow

ROUNDS = int(os.environ.get("LINKGRAPH_SOAK_ROUNDS", "6"))
# Outcomes a race may legitimately have; anything else (internal, store) fails the test.
LOSING_CODES = {"CONFLICT", "NOT_FOUND", "FORBIDDEN", "LIMIT_REACHED", "BAD_USER_INPUT"}
READ = """query($id: ID!) { node(id: $id) { ... on Person {
  relationship { degree mutualConnectionCount }
  secondDegree(first: 5) { edges { node { id } } }
  networkSize { firstDegree } } } }"""
DUPLICATES = """
CALL () {
  MATCH (a:Person)-[c:CONNECTED_TO]-(b:Person) WHERE a.id < b.id
  WITH a, b, count(c) AS n WHERE n > 1 RETURN count(*) AS connections
}
CALL () {
  MATCH (a:Person)-[f:FOLLOWS]->(b:Person)
  WITH a, b, count(f) AS n WHERE n > 1 RETURN count(*) AS follows
}
CALL () {
  MATCH (a:Person)-[:SENT]->(i:Invitation {state: 'PENDING'})-[:TO]->(b:Person)
  WHERE EXISTS { (a)-[:CONNECTED_TO]-(b) }
  RETURN count(i) AS pendingWhileConnected
}
RETURN connections, follows, pendingWhileConnected
"""


@pytest.fixture
async def api(make_api) -> AsyncIterator[Api]:
    """The app without rate limits: readers loop as fast as the machine allows, and a
    fast machine spent a person's whole budget (the limits have tests of their own)."""
    async with make_api(rate_limit_cost=0) as unlimited:
        yield unlimited


@contextlib.asynccontextmanager
async def read_load(api: Api, people: list[Member]) -> AsyncIterator[list[int]]:
    """Readers walking the same people's network the whole time."""
    done = asyncio.Event()
    served = [0]

    async def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not done.is_set():
            me, other = rng.sample(people, 2)
            await api.ok(READ, {"id": other.gid}, as_=me)
            served[0] += 1

    readers = [asyncio.create_task(reader(i)) for i in range(6)]
    try:
        yield served
    finally:
        done.set()
        await asyncio.gather(*readers)


async def run(
    api: Api, calls: list[tuple[str, dict, Member]], rng: random.Random | None = None
) -> list[dict]:
    """All the calls at once, each after a jitter of up to 20 ms so orders vary."""

    async def call(query: str, variables: dict, member: Member) -> dict:
        if rng is not None:
            await asyncio.sleep(rng.uniform(0, 0.02))
        return await api.gql(query, variables, as_=member)

    bodies = await asyncio.gather(*(call(q, v, m) for q, v, m in calls))
    for body in bodies:
        codes = {e["extensions"]["code"] for e in body.get("errors", [])}
        assert codes <= LOSING_CODES, body
    return bodies


async def remove_after(api: Api, remover: Member, other: Member, delay_s: float) -> list[dict]:
    await asyncio.sleep(delay_s)
    return await run(api, [(REMOVE, {"id": other.gid}, remover)])


async def assert_consistent(api: Api, graph: Graph, people: list[Member]) -> None:
    states = {m.gid: await state(api, m) for m in people}
    for gid, s in states.items():
        assert s["counts"] == (len(s["connections"]), len(s["followers"]), len(s["following"]))
        for other in s["connections"]:
            assert gid in states[other]["connections"]  # connections are mutual
        for other in s["following"]:
            assert gid in states[other]["followers"]
    (row,) = await graph.rows(DUPLICATES)  # type: ignore[arg-type]
    assert row == {"connections": 0, "follows": 0, "pendingWhileConnected": 0}


async def test_removal_racing_acceptance(api: Api, graph: Graph) -> None:
    outcomes = set()
    rng = random.Random(3)
    people = [await api.member() for _ in range(4)]
    async with read_load(api, people) as served:
        for _ in range(ROUNDS):
            alice, bob = await api.member(), await api.member()
            invitation_id = (await invite(api, alice, bob))["invitation"]["id"]

            accepted, removed = await asyncio.gather(
                run(api, [(ACCEPT, {"id": invitation_id}, bob)]),
                # Late enough, sometimes, to come after the acceptance commits.
                remove_after(api, alice, bob, rng.uniform(0, 0.15)),
            )
            s = await state(api, alice)
            # Either the removal came first (a no-op) and they are connected, following
            # each other; or it came second and undid the connection and its follows.
            assert s["counts"] in ((1, 1, 1), (0, 0, 0)), (accepted, removed)
            outcomes.add(s["counts"])
            await assert_consistent(api, graph, [alice, bob])
    assert served[0] > 0
    print(f"outcomes seen: {sorted(outcomes)}; reads served meanwhile: {served[0]}")


async def test_random_races_among_a_few_people(api: Api, graph: Graph) -> None:
    rng = random.Random(7)
    people = [await api.member() for _ in range(6)]
    async with read_load(api, people):
        for _ in range(ROUNDS):
            calls: list[tuple[str, dict, Member]] = []
            for _ in range(16):
                a, b = rng.sample(people, 2)
                kind = rng.choice(["invite", "remove", "follow", "unfollow"])
                query = {"invite": INVITE, "remove": REMOVE, "follow": FOLLOW,
                         "unfollow": UNFOLLOW}[kind]  # fmt: skip
                calls.append((query, {"id": b.gid}, a))
            bodies = await run(api, calls, rng)
            # Then everyone settles what they received, while others withdraw.
            settle: list[tuple[str, dict, Member]] = []
            for (query, _, sender), body in zip(calls, bodies, strict=True):
                payload = (body.get("data") or {}).get("sendInvitation")
                if query is INVITE and payload and not payload["connected"]:
                    invitation = payload["invitation"]
                    recipient = next(p for p in people if p.gid == invitation["recipient"]["id"])
                    settle.append((ACCEPT, {"id": invitation["id"]}, recipient))
                    if rng.random() < 0.3:
                        settle.append((WITHDRAW, {"id": invitation["id"]}, sender))
            await run(api, settle, rng)
            await assert_consistent(api, graph, people)
