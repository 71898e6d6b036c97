"""Generated networks: heavy-tailed, and loaded exactly once even when interrupted."""

from __future__ import annotations

from collections import Counter

import pytest
from neo4j import AsyncGraphDatabase

from graphdb import bulk, generate
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, StoreInfo
from linkgraph.auth import new_subject
from tests.conftest import Api


def test_degrees_are_heavy_tailed_and_deterministic() -> None:
    net = generate.generate(3_000, seed=4, mean_degree=12, now_ms=1_800_000_000_000)
    assert net == generate.generate(3_000, seed=4, mean_degree=12, now_ms=1_800_000_000_000)
    degree = Counter(x for c in net.connections for x in (c["lowId"], c["highId"]))
    values = sorted(degree.values())
    median, top = values[len(values) // 2], values[-1]
    assert 3 <= median <= 20 and top > 20 * median
    assert len({(c["lowId"], c["highId"]) for c in net.connections}) == len(net.connections)
    assert len(net.connections) == 3_000 * 12 // 2  # the mean degree asked for
    assert all(c["lowId"] < c["highId"] for c in net.connections)
    followers = Counter(f["followeeId"] for f in net.follows)
    assert followers.most_common(1)[0][1] > 50 * (len(net.follows) / 3_000)


def test_the_heaviest_degrees_and_followings_are_capped() -> None:
    net = generate.generate(
        4_000, seed=2, mean_degree=12, follows_per_person=5, max_degree=120,
        max_following_share=0.02, now_ms=1_800_000_000_000,
    )  # fmt: skip
    shape = net.shape()
    # Still heavy-tailed, but nobody far past the caps (draws are random around them).
    assert 10 * shape["connections_median"] < shape["connections_max"] <= 1.3 * 120
    one_way = Counter(f["followeeId"] for f in net.follows).most_common(1)[0][1]
    assert 20 * (len(net.follows) / 4_000) < one_way <= 1.3 * 0.02 * 4_000


def test_invitations_pending_and_settled() -> None:
    net = generate.generate(2_000, seed=6, mean_degree=10, now_ms=1_800_000_000_000)
    states = Counter(i["state"] for i in net.invitations)
    assert 30 < states["PENDING"] <= 40  # 2% drawn, the rare repeated pair skipped
    assert states["ACCEPTED"] == 30 and states["IGNORED"] > 0 and states["WITHDRAWN"] > 0
    assert states["IGNORED"] + states["WITHDRAWN"] == 30
    since = {(c["lowId"], c["highId"]): c["since"] for c in net.connections}
    pairs = [tuple(sorted((i["senderId"], i["recipientId"]))) for i in net.invitations]
    assert len(set(pairs)) == len(pairs)  # one invitation per pair
    for invitation, pair in zip(net.invitations, pairs, strict=True):
        settled = {k: invitation[f"{k}At"] for k in ("accepted", "ignored", "withdrawn")}
        if invitation["state"] == "ACCEPTED":  # the invitation behind a connection
            assert invitation["sentAt"] <= invitation["acceptedAt"] == since[pair]
        else:
            assert pair not in since
        assert invitation["pendingKey"] == (
            "|".join(pair) if invitation["state"] == "PENDING" else None
        )
        times = [t for t in settled.values() if t is not None]
        assert len(times) == (invitation["state"] != "PENDING")
        assert all(t >= invitation["sentAt"] for t in times)


class Interrupted(Exception):
    pass


async def test_an_interrupted_load_resumes_without_duplicates(store: StoreInfo, api: Api) -> None:
    net = generate.generate(600, seed=8, mean_degree=10, prefix=new_subject()[:6])
    seen = []

    def stop_after_four_batches(state: bulk.PartLoad) -> None:
        if state.loaded_now:  # a batch committed (not a part starting)
            seen.append(state.part)
        if len(seen) == 4:
            raise Interrupted

    prefix = net.people[0]["id"].rsplit("-", 1)[0] + "-"

    async def count(graph: Graph) -> dict[str, int]:
        people = "MATCH (p:Person) WHERE p.id STARTS WITH $prefix RETURN count(p) AS n"
        links = """MATCH (a:Person)-[c:CONNECTED_TO]->(:Person)
          WHERE a.id STARTS WITH $prefix RETURN count(c) AS n"""
        invitations = """MATCH (s:Person)-[:SENT]->(i:Invitation)
          WHERE s.id STARTS WITH $prefix RETURN i.state AS state, count(i) AS n"""
        by_state = {r["state"]: r["n"] for r in await graph.rows(invitations, prefix=prefix)}
        return {
            "people": (await graph.rows(people, prefix=prefix))[0]["n"],
            "connections": (await graph.rows(links, prefix=prefix))[0]["n"],
            **{f"invitations {state}": n for state, n in by_state.items()},
        }

    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        graph = Graph(driver, DATABASE)
        with pytest.raises(Interrupted):
            await bulk.load(graph, net, batch_size=250, progress=stop_after_four_batches)
        partial = await count(graph)
        # people in three batches (250, 250, 100), then one batch of connections
        assert partial == {"people": 600, "connections": 250}
        resumed = await bulk.load(graph, net, batch_size=250)
        again = await bulk.load(graph, net, batch_size=250)  # a finished load adds nothing
        final = await count(graph)
    states = Counter(f"invitations {i['state']}" for i in net.invitations)
    assert final == {"people": 600, "connections": len(net.connections), **states}
    assert resumed["people"].loaded_now == 0
    assert resumed["connections"].loaded_now == len(net.connections) - 250
    assert not any(part.loaded_now for part in again.values())
    # Rates cover every run's batches: the interrupted run's connections batch too.
    assert again["connections"].timed_rows == len(net.connections)
    assert again["connections"].rate == resumed["connections"].rate
