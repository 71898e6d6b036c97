"""The demo network: deterministic, plausible, and loaded without duplicates."""

from __future__ import annotations

from collections import Counter

from neo4j import AsyncGraphDatabase

from graphdb import demo
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, StoreInfo
from tests.conftest import Api


def test_generation_is_deterministic_and_plausible() -> None:
    net = demo.generate(size=300, seed=3, now_ms=1_800_000_000_000)
    again = demo.generate(size=300, seed=3, now_ms=1_800_000_000_000)
    assert net == again
    ids = {p["id"] for p in net.people}
    assert len(ids) == len({p["handle"] for p in net.people}) == 300
    pairs = {(c["lowId"], c["highId"]) for c in net.connections}
    assert all(a < b and a in ids and b in ids for a, b in pairs)
    degree = Counter(x for pair in pairs for x in pair)
    assert max(degree.values()) >= 4 * (sum(degree.values()) / len(ids))  # a heavy tail
    followers = Counter(f["followeeId"] for f in net.follows)
    assert followers.most_common(1)[0][1] > 100  # a few widely followed people
    assert all(f["followerId"] != f["followeeId"] for f in net.follows)
    invited = {tuple(sorted((i["senderId"], i["recipientId"]))) for i in net.invitations}
    assert len(invited) == len(net.invitations) and not invited & pairs
    persona = next(p["id"] for p in net.people if p["handle"] == net.persona_handle)
    assert degree[persona] == max(degree.values())
    assert sum(i["recipientId"] == persona for i in net.invitations) >= 5
    assert len(net.posts) > len(ids) and all(p["authorId"] in ids for p in net.posts)


async def test_loading_twice_adds_nothing(store: StoreInfo, api: Api) -> None:
    net = demo.generate(size=40, seed=99)
    count = """MATCH (p:Person) WHERE p.id IN $ids
      RETURN count(p) AS people,
             COUNT { MATCH (a:Person)-[:CONNECTED_TO]->(:Person) WHERE a.id IN $ids } AS links"""
    ids = [p["id"] for p in net.people]
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        graph = Graph(driver, DATABASE)
        await demo.load(graph, net)
        first = await graph.rows(count, ids=ids)
        await demo.load(graph, net)
        second = await graph.rows(count, ids=ids)
    assert first == second == [{"people": 40, "links": len(net.connections)}]
