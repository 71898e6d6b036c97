"""Analytics end to end: the snapshot out of the real store, a run in a real worker
process started through GraphQL, its results paged back, and the analyst rule."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from typing import Any

import pytest

from analytics import snapshot as snapshots
from analytics.results import Results
from graphdb import snapshot as export
from graphdb.graph import Graph
from linkgraph.analytics_runner import take_snapshot
from linkgraph.auth import ANALYST, new_subject
from linkgraph.settings import Settings
from tests.api.network import FOLLOW, UNFOLLOW, connect, invite
from tests.api.social import BLOCK, post
from tests.conftest import Api, Member

pytestmark = pytest.mark.slow

START = """mutation($fresh: Boolean!) { startAnalyticsRun(input: {fresh: $fresh}) {
  id state progress fresh createdAt } }"""
CANCEL = "mutation($id: ID!) { cancelAnalyticsRun(input: {id: $id}) { id state } }"
RUN = """query($id: ID!) { analytics { run(id: $id) { id state progress stage error
  snapshot { id people connections follows invitations posts blocks } } } }"""
RESULTS = """query($id: ID!) { analytics { run(id: $id) {
  overview { people connections follows components largestComponent triangles maxCore
             averagePathLength effectiveDiameter distanceSources }
  distributions { connections { count p50 p99 max histogram { lower upper count } }
                  followers { count max } suggestionSample }
  followingVersusConnecting { follows oneWayFollows connectionsFollowingBothWays
    connectionsFollowingOneWay connectionsFollowingNeither
    followNotConnect(first: 5) { edges { followers connections node { id } } } }
  invitations { sent accepted pending acceptanceRate
    byPeriod(period: MONTH) { edges { node { start sent accepted } } } }
  growth(period: DAY, first: 100) { edges { node { start people connections } } }
  communityCount modularity
  communities(first: 3) { edges { node { number size topMembers { id } } } }
} } }"""
INFLUENCERS = """query($id: ID!, $after: String) { analytics { run(id: $id) {
  influencers(first: 7, after: $after) {
    edges { cursor analytics { rank pagerank followers } node { id } }
    pageInfo { hasNextPage endCursor } } } } }"""
PERSON = """query($id: ID!) { node(id: $id) { ... on Person { analytics {
  rank pagerank community coreNumber connections followers following } } } }"""


def analyst(api: Api) -> Member:
    token = api.authenticator.mint(new_subject(), roles=(ANALYST,))
    return Member("", "", "", token)


async def wait_until_done(api: Api, who: Member, run_id: str, limit_s: float = 240) -> dict:
    deadline = time.monotonic() + limit_s
    while True:
        run = (await api.ok(RUN, {"id": run_id}, as_=who))["analytics"]["run"]
        if run["state"] not in ("QUEUED", "RUNNING"):
            return run
        assert time.monotonic() < deadline, run
        await asyncio.sleep(0.5)


async def count(graph: Graph, statement: Any) -> int:
    return (await graph.rows(statement))[0]["n"]


@pytest.fixture(scope="module")
async def little_network(api: Api) -> dict[str, Member]:
    """A connected pair, a follower who unfollows nobody, a post, a block, invitations."""
    a, b, c, d = [await api.member(f"Analytics {x}") for x in "abcd"]
    await connect(api, a, b)
    await api.ok(FOLLOW, {"id": a.gid}, as_=c)
    await api.ok(FOLLOW, {"id": b.gid}, as_=c)
    await api.ok(UNFOLLOW, {"id": b.gid}, as_=a)  # connected, no longer subscribed
    await invite(api, d, a)  # pending
    await post(api, a, "measured")
    await api.ok(BLOCK, {"id": d.gid}, as_=c)
    # one of two connections unfollowed: the other's follow is read as it is
    e, f, g = [await api.member(f"Analytics {x}") for x in "efg"]
    await connect(api, e, f)
    await connect(api, e, g)
    await api.ok(UNFOLLOW, {"id": f.gid}, as_=e)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


STORED_CONNECTIONS = """MATCH (p:Person)-[c:CONNECTED_TO]->(q:Person)
RETURN p.id AS a, q.id AS b, c.since AS since"""
STORED_PEOPLE = """MATCH (p:Person)
RETURN p.id AS id, p.handle AS handle, p.name AS name, p.createdAt AS createdAt,
       p.industry AS industry, p.location AS location"""
STORED_POSTS = """MATCH (a)-[:POSTED]->(p:Post)
RETURN p.id AS id, a.id AS author,
       CASE WHEN a:Organization THEN 'ORGANIZATION' ELSE 'PERSON' END AS authorKind,
       p.createdAt AS createdAt, p.visibility AS visibility"""
STORED_FOLLOWS = """MATCH (p:Person)-[f:FOLLOWS]->(q:Person)
RETURN p.id AS follower, q.id AS followee, f.since AS since,
       coalesce(f.viaConnection, false) AS viaConnection"""


def _rows(table: Any) -> list[tuple]:
    return sorted(tuple(row.values()) for row in table.to_pylist())


async def test_the_snapshot_holds_every_table(
    settings: Settings, graph: Graph, little_network: dict[str, Member]
) -> None:
    seen: list[float] = []
    snapshot = await take_snapshot(settings, lambda stage, done: seen.append(done))
    try:
        # the people ride on their connections' records; the relationships' far ends
        # travel as element ids, mapped back: each table exactly the store's
        assert _rows(snapshot.read("people")) == sorted(
            tuple(r.values()) for r in await graph.rows(STORED_PEOPLE)
        )
        assert _rows(snapshot.read("posts")) == sorted(
            tuple(r.values()) for r in await graph.rows(STORED_POSTS)
        )
        assert _rows(snapshot.read("connections")) == sorted(
            tuple(r.values()) for r in await graph.rows(STORED_CONNECTIONS)
        )
        assert _rows(snapshot.read("follows")) == sorted(
            tuple(r.values()) for r in await graph.rows(STORED_FOLLOWS)
        )
        a, b, c, d = (little_network[x].id for x in "abcd")
        people = set(snapshot.read("people")["id"].to_pylist())
        assert {a, b, c, d} <= people
        connections = {(r["a"], r["b"]) for r in snapshot.read("connections").to_pylist()}
        assert tuple(sorted((a, b))) in connections
        follows = {
            (r["follower"], r["followee"]): r["viaConnection"]
            for r in snapshot.read("follows").to_pylist()
        }
        assert follows[(b, a)] is True and (a, b) not in follows
        assert follows[(c, a)] is False and follows[(c, b)] is False
        e, f, g = (little_network[x].id for x in "efg")
        assert follows[(e, g)] is True and (e, f) not in follows and follows[(f, e)] is True
        invitations = [
            r
            for r in snapshot.read("invitations").to_pylist()
            if {r["sender"], r["recipient"]} & {a}
        ]
        states = sorted(r["state"] for r in invitations)
        assert states == ["ACCEPTED", "PENDING"]
        assert all(r["sentAt"] for r in invitations)
        assert any(r["author"] == a for r in snapshot.read("posts").to_pylist())
        assert snapshot.blocks >= 1
        assert snapshot.rows["people"] == len(people)
        assert seen == sorted(seen) and seen[-1] <= 1.0
    finally:
        shutil.rmtree(snapshot.path)


# The follows of the little network's people only: the far ends outside it are people
# the scan never saw, as if they joined after it passed them.
SOME_FOLLOWS = """
MATCH (p:Person) WHERE p.name STARTS WITH 'Analytics'
CALL (p) {
  MATCH (p)-[f:FOLLOWS]->(q:Person)
  RETURN collect(elementId(q)) AS others, collect(f.since) AS since,
         collect(coalesce(f.viaConnection, false)) AS via
}
RETURN elementId(p) AS eid, p.id AS id, others, since, via
"""


async def test_far_ends_the_scan_did_not_see_are_looked_up(
    graph: Graph, little_network: dict[str, Member], api: Api
) -> None:
    outsider = await api.member("Outsider")
    a = little_network["a"]
    await api.ok(FOLLOW, {"id": outsider.gid}, as_=a)
    names = ("follower", "followee", "since", "viaConnection")
    got = []
    async for _, columns, _ in export._table(
        graph.driver, graph.database, 2, "follows", SOME_FOLLOWS, names, True
    ):
        if columns:
            got += zip(*(columns[n].to_pylist() for n in names), strict=True)
    assert (a.id, outsider.id) in {(r[0], r[1]) for r in got}
    expected = [
        tuple(r.values())
        for r in await graph.rows(STORED_FOLLOWS)
        if r["follower"] in {m.id for m in little_network.values()}
    ]
    assert sorted(got) == sorted(expected)


async def test_analytics_is_for_analysts_only(api: Api, little_network: dict[str, Member]) -> None:
    member = little_network["a"]
    for query, variables in (
        ("{ analytics { latestRun { id } } }", {}),
        (START, {"fresh": False}),
        (PERSON, {"id": member.gid}),
    ):
        anonymous = await api.gql(query, variables)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", anonymous
        refused = await api.gql(query, variables, as_=member)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
        assert refused["errors"][0]["extensions"]["reason"] == "ANALYST_ROLE"


async def test_a_run_started_through_graphql(
    api: Api,
    graph: Graph,
    little_network: dict[str, Member],
    make_api: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the run's tables are read off the event loop (1.3 s at a million people)
    readers: list[threading.Thread] = []
    read_tables = Results.read_tables

    def noting_the_thread(self: Results) -> None:
        readers.append(threading.current_thread())
        read_tables(self)

    monkeypatch.setattr(Results, "read_tables", noting_the_thread)
    who = analyst(api)
    started = (await api.ok(START, {"fresh": True}, as_=who))["startAnalyticsRun"]
    assert started["state"] == "QUEUED" and started["fresh"] is True
    busy = await api.error(START, {"fresh": True}, as_=who)
    assert busy["extensions"]["code"] == "CONFLICT"
    assert busy["extensions"]["reason"] == "RUN_IN_PROGRESS"
    assert busy["extensions"]["runId"] == started["id"]
    people = await count(graph, "MATCH (p:Person) RETURN count(p) AS n")
    connections = await count(graph, "MATCH ()-[c:CONNECTED_TO]->() RETURN count(c) AS n")

    run = await wait_until_done(api, who, started["id"])
    assert run["state"] == "SUCCEEDED", run
    assert run["progress"] == 1.0
    assert run["snapshot"]["people"] == people
    assert run["snapshot"]["connections"] == connections

    found = (await api.ok(RESULTS, {"id": run["id"]}, as_=who))["analytics"]["run"]
    o = found["overview"]
    assert (o["people"], o["connections"]) == (people, connections)
    assert found["distributions"]["connections"]["count"] == people
    assert sum(b["count"] for b in found["distributions"]["connections"]["histogram"]) == people
    fvc = found["followingVersusConnecting"]
    assert fvc["connectionsFollowingOneWay"] >= 1  # a unfollowed b
    assert found["invitations"]["pending"] >= 1 and found["invitations"]["accepted"] >= 1
    assert sum(e["node"]["people"] for e in found["growth"]["edges"]) <= people
    assert found["communityCount"] >= 1
    top = found["communities"]["edges"][0]["node"]
    assert top["number"] == 0 and 1 <= len(top["topMembers"]) <= 10
    assert readers and threading.main_thread() not in readers

    # every person once, ranks 1, 2, 3, ... across pages
    ranks, ids, after = [], set(), None
    while True:
        page = await api.ok(INFLUENCERS, {"id": run["id"], "after": after}, as_=who)
        listing = page["analytics"]["run"]["influencers"]
        ranks += [e["analytics"]["rank"] for e in listing["edges"]]
        ids |= {e["node"]["id"] for e in listing["edges"] if e["node"]}
        if not listing["pageInfo"]["hasNextPage"]:
            break
        after = listing["pageInfo"]["endCursor"]
    assert ranks == list(range(1, people + 1))
    assert {m.gid for m in little_network.values()} <= ids

    mine = (await api.ok(PERSON, {"id": little_network["c"].gid}, as_=who))["node"]["analytics"]
    assert mine["following"] == 2 and mine["rank"] >= 1

    # the results survive a restart: another app over the same data dir sees them
    async with make_api() as again:
        same = (await again.ok(RUN, {"id": run["id"]}, as_=who))["analytics"]["run"]
        assert same["state"] == "SUCCEEDED" and same["snapshot"] == run["snapshot"]


async def test_bad_cursors_and_unknown_runs(api: Api) -> None:
    who = analyst(api)
    latest = await api.ok("{ analytics { latestRun(succeeded: true) { id } } }", as_=who)
    run_id = latest["analytics"]["latestRun"]["id"]
    bad = await api.error(INFLUENCERS, {"id": run_id, "after": "not-a-cursor"}, as_=who)
    assert bad["extensions"]["code"] == "BAD_USER_INPUT"
    assert bad["extensions"]["reason"] == "INVALID_CURSOR"
    unknown = await api.ok(RUN, {"id": "no-such-run"}, as_=who)
    assert unknown["analytics"]["run"] is None
    missing = await api.error(CANCEL, {"id": "no-such-run"}, as_=who)
    assert missing["extensions"]["code"] == "NOT_FOUND"


async def test_a_run_can_be_cancelled(api: Api) -> None:
    who = analyst(api)
    started = (await api.ok(START, {"fresh": True}, as_=who))["startAnalyticsRun"]
    cancelled = (await api.ok(CANCEL, {"id": started["id"]}, as_=who))["cancelAnalyticsRun"]
    assert cancelled["id"] == started["id"]
    run = await wait_until_done(api, who, started["id"])
    assert run["state"] == "CANCELLED", run
    assert run["snapshot"] is None
    runs = await api.ok("{ analytics { runs(first: 2) { edges { node { id state } } } } }", as_=who)
    assert runs["analytics"]["runs"]["edges"][0]["node"] == {
        "id": started["id"],
        "state": "CANCELLED",
    }
    # and the next one may start
    again = (await api.ok(START, {"fresh": False}, as_=who))["startAnalyticsRun"]
    assert (await wait_until_done(api, who, again["id"]))["state"] == "SUCCEEDED"


def test_snapshots_are_pruned_to_the_newest(tmp_path: Any) -> None:
    root = tmp_path / "snaps"
    made = []
    for i in range(5):
        writer = snapshots.SnapshotWriter(root, 1_767_225_600_000 + i * 1000)
        made.append(writer.finish(blocks=0).id)
    removed = snapshots.prune(root, keep=2)
    assert sorted(removed) == sorted(made[:3])
    assert [s.id for s in snapshots.snapshots(root)] == made[:1:-1][:2]
