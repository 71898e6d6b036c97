"""Network queries against an independent computation (networkx) on a generated network."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import networkx as nx
import pytest
from neo4j import AsyncGraphDatabase

from graphdb import bulk, generate
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, StoreInfo
from linkgraph.auth import new_subject
from resolvers.context import Policy
from resolvers.ids import global_id, parse_global_id
from tests.api.network import ACCEPT, IGNORE, WITHDRAW, connect, invite
from tests.conftest import Api, Clock, Member

DEFAULTS = Policy()


@dataclass
class Generated:
    net: bulk.Network
    graph: nx.Graph
    since: dict[frozenset, int]
    follows: set[tuple[str, str]]
    pending: dict[frozenset, tuple[str, str]]  # pair -> (sender, recipient)
    names: dict[str, str]

    def member(self, api: Api, person_id: str) -> Member:
        return Member(person_id, global_id("Person", person_id), "", api.token_for(person_id))

    def sort_key(self, person_id: str) -> tuple[str, str]:
        return (self.names[person_id].lower(), person_id)


@pytest.fixture(scope="module")
async def gen(store: StoreInfo, api: Api) -> Generated:
    net = generate.generate(
        400, seed=5, mean_degree=8, pending_share=0.05, prefix=new_subject()[:6]
    )
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        await bulk.load(Graph(driver, DATABASE), net)
    g = nx.Graph()
    g.add_nodes_from(p["id"] for p in net.people)
    g.add_edges_from((c["lowId"], c["highId"]) for c in net.connections)
    follows = {(f["followerId"], f["followeeId"]) for f in net.follows}
    follows |= {(a, b) for a, b in g.edges} | {(b, a) for a, b in g.edges}
    return Generated(
        net=net,
        graph=g,
        since={frozenset((c["lowId"], c["highId"])): c["since"] for c in net.connections},
        follows=follows,
        pending={
            frozenset((i["senderId"], i["recipientId"])): (i["senderId"], i["recipientId"])
            for i in net.invitations
            if i["state"] == "PENDING"
        },
        names={p["id"]: p["name"] for p in net.people},
    )


def considered_friends(gen: Generated, me: str, max_friends: int, walk_budget: int) -> list:
    """Newest first, at most max_friends, skipping any whose connections would take
    the total walked past walk_budget."""
    g = gen.graph
    newest = sorted(g[me], key=lambda f: gen.since[frozenset((me, f))], reverse=True)
    considered, walked = [], 0
    for f in newest[:max_friends]:
        if walked + g.degree(f) <= walk_budget:
            considered.append(f)
            walked += g.degree(f)
    return considered


def expected_second_degree(
    gen: Generated, me: str, hub_degree: int, max_friends: int, walk_budget: int
) -> list:
    g = gen.graph
    considered = considered_friends(gen, me, max_friends, walk_budget)
    expanded = [f for f in considered if g.degree(f) <= hub_degree]
    candidates = {c for f in expanded for c in g[f]} - set(g[me]) - {me}
    candidates = {c for c in candidates if frozenset((me, c)) not in gen.pending}
    # Counted through the friends considered (all of them, within the bounds).
    ranked = [(-len(set(considered) & set(g[c])), c) for c in candidates]
    return [(c, -neg) for neg, c in sorted(ranked)]


async def page_all(api: Api, query: str, variables: dict, path: list[str], as_=None) -> tuple:
    """Every edge of a connection field, page by page, and the totalCount seen."""
    edges, after, total = [], None, None
    while True:
        data = await api.ok(query, {**variables, "after": after}, as_=as_)
        for key in path:
            data = data[key]
        total = data["totalCount"]
        edges += data["edges"]
        if not data["pageInfo"]["hasNextPage"]:
            return edges, total
        after = data["pageInfo"]["endCursor"]


MUTUAL = """query($a: ID!, $b: ID!, $after: String) {
  mutualConnections(personA: $a, personB: $b, first: 4, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
SECOND = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
  secondDegree(first: 7, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { mutualConnectionCount node { id } mutualConnections { id } } } } } }"""
SEPARATION = """query($a: ID, $b: ID!, $d: Int!) {
  separation(from: $a, to: $b, maxDepth: $d) { degree maxDepth path { id } } }"""
RELATIONSHIPS = """query($ids: [ID!]!) { relationships(personIds: $ids) {
  person { id } degree distance connected following followedBy mutualConnectionCount
  invitationDirection canInvite cannotInviteReason primaryAction
  pendingInvitation { sender { id } } } }"""


async def test_mutual_connections_match(api: Api, gen: Generated) -> None:
    g, rng = gen.graph, random.Random(1)
    nodes = sorted(g.nodes)
    pairs = [tuple(rng.sample(nodes, 2)) for _ in range(20)]
    pairs += [(u, w) for u in sorted(g, key=g.degree)[-5:] for w in list(g[u])[:2]]
    for a, b in pairs:
        gids = {"a": global_id("Person", a), "b": global_id("Person", b)}
        # One of the two asks (anyone else needs both lists visible).
        edges, total = await page_all(
            api, MUTUAL, gids, ["mutualConnections"], as_=gen.member(api, a)
        )
        want = sorted(set(g[a]) & set(g[b]), key=gen.sort_key)
        assert [e["node"]["id"] for e in edges] == [global_id("Person", m) for m in want]
        assert total == len(want)


@pytest.mark.parametrize(
    "bounds", [{}, {"hub_degree": 12, "max_friends": 6}, {"hub_degree": 12, "walk_budget": 60}]
)
async def test_second_degree_ranking_matches(api: Api, gen: Generated, make_api, bounds) -> None:
    g = gen.graph
    hub_degree = bounds.get("hub_degree", DEFAULTS.hub_degree)
    max_friends = bounds.get("max_friends", DEFAULTS.max_friends)
    walk_budget = bounds.get("walk_budget", DEFAULTS.walk_budget)
    people = sorted(g, key=g.degree)
    subjects = [people[-1], people[-2], people[len(people) // 2], people[len(people) // 3]]
    bounded_someone = False
    async with make_api(**{f"second_degree_{k}": v for k, v in bounds.items()}) as bounded:
        for me in subjects:
            gid = {"id": global_id("Person", me)}
            edges, total = await page_all(
                bounded, SECOND, gid, ["node", "secondDegree"], as_=gen.member(bounded, me)
            )
            want = expected_second_degree(gen, me, hub_degree, max_friends, walk_budget)
            got = [(e["node"]["id"], e["mutualConnectionCount"]) for e in edges]
            assert got == [(global_id("Person", c), n) for c, n in want]
            assert total == len(want)
            considered = set(considered_friends(gen, me, max_friends, walk_budget))
            bounded_someone |= considered != set(g[me])
            for edge, (c, _) in zip(edges, want, strict=True):
                # the sample comes from the same friends the count does
                sample = sorted(considered & set(g[c]), key=gen.sort_key)[: DEFAULTS.mutual_sample]
                assert [m["id"] for m in edge["mutualConnections"]] == [
                    global_id("Person", m) for m in sample
                ]
    assert any(n > 1 for _, n in want), "the ranking should have more than ties at 1"
    assert bounded_someone == bool(bounds), "bounds should bite for a subject, and only then"


async def test_separation_matches(api: Api, gen: Generated) -> None:
    g, rng = gen.graph, random.Random(2)
    nodes = sorted(g.nodes)
    lengths_seen = set()
    for _ in range(25):
        a, b = rng.sample(nodes, 2)
        want = nx.shortest_path_length(g, a, b) if nx.has_path(g, a, b) else None
        for depth in (6, 2):
            variables = {"a": global_id("Person", a), "b": global_id("Person", b), "d": depth}
            got = (await api.ok(SEPARATION, variables, as_=gen.member(api, a)))["separation"]
            within = want if want is not None and want <= depth else None
            assert got["degree"] == within and got["maxDepth"] == depth
            if within is None:
                assert got["path"] is None
                continue
            path = [p["id"] for p in got["path"]]
            assert path[0] == variables["a"] and path[-1] == variables["b"]
            assert len(path) == within + 1
            ids = [gid_to_id(p) for p in path]
            assert all(g.has_edge(x, y) for x, y in itertools.pairwise(ids))
            lengths_seen.add(within)
    assert len(lengths_seen) >= 3


def gid_to_id(gid: str) -> str:
    return parse_global_id(gid)[1]


@pytest.fixture(params=[None, 10], ids=["people-walked", "hubs-tested"])
async def relationship_api(request, api: Api, make_api):
    """The app as configured, and with a hub degree low enough that the mutual counts of
    well-connected people take the statement's other path."""
    if request.param is None:
        yield api
    else:
        async with make_api(second_degree_hub_degree=request.param) as bounded:
            yield bounded


async def test_relationships_match_and_are_batched(relationship_api: Api, gen: Generated) -> None:
    api = relationship_api
    g = gen.graph
    me = max(g, key=g.degree)
    viewer = gen.member(api, me)
    distances = nx.single_source_shortest_path_length(g, me, cutoff=3)
    others = sorted(g.nodes - {me})
    by_distance = {d: [n for n in others if distances.get(n) == d] for d in (1, 2, 3)}
    chosen = [n for d in (1, 2, 3) for n in by_distance[d][:25]]
    chosen += [n for n in others if n not in distances][: 100 - len(chosen)]
    ids = [global_id("Person", n) for n in chosen]
    body = await api.gql(RELATIONSHIPS, {"ids": ids}, as_=viewer)
    assert "errors" not in body, body
    degrees = {1: "FIRST", 2: "SECOND", 3: "THIRD"}
    for person, rel in zip(chosen, body["data"]["relationships"], strict=True):
        assert rel["person"]["id"] == global_id("Person", person)
        d = distances.get(person)
        assert rel["degree"] == degrees.get(d, "OUT_OF_NETWORK")
        assert rel["distance"] == d
        assert rel["connected"] is (d == 1)
        assert rel["mutualConnectionCount"] == len(set(g[me]) & set(g[person]))
        assert rel["following"] is ((me, person) in gen.follows)
        assert rel["followedBy"] is ((person, me) in gen.follows)
        pending = gen.pending.get(frozenset((me, person)))
        if d == 1:
            assert rel["primaryAction"] == "MESSAGE"
        elif pending:
            direction = "SENT" if pending[0] == me else "RECEIVED"
            assert rel["invitationDirection"] == direction
            assert rel["primaryAction"] == ("PENDING" if direction == "SENT" else "ACCEPT")
        else:
            assert rel["primaryAction"] == "CONNECT" and rel["canInvite"] is True
    # A hundred people with degree, mutual counts and actions: still a few store trips
    # (people, the viewer's blocks, relationships).
    assert body["extensions"]["storeRoundTrips"] <= 4, body["extensions"]


def expected_network_size(gen: Generated, me: str, max_friends: int, walk_budget: int) -> dict:
    """Second degree through the friends the walk considers: newest first, id breaking
    ties in time, skipping any whose connections would take it past walk_budget."""
    g = gen.graph
    newest = sorted(g[me], key=lambda f: (-gen.since[frozenset((me, f))], f))
    considered, walked = [], 0
    for f in newest[:max_friends]:
        if walked + g.degree(f) <= walk_budget:
            considered.append(f)
            walked += g.degree(f)
    two_hops = {c for f in considered for c in g[f]} - set(g[me]) - {me}
    return {
        "firstDegree": g.degree(me),
        "secondDegree": len(two_hops),
        "secondDegreeIsExact": len(considered) == g.degree(me),
    }


@pytest.mark.parametrize("bounds", [{}, {"max_friends": 6}, {"walk_budget": 60}])
async def test_network_size_matches(api: Api, gen: Generated, make_api, bounds) -> None:
    g = gen.graph
    max_friends = bounds.get("max_friends", DEFAULTS.max_friends)
    walk_budget = bounds.get("walk_budget", DEFAULTS.walk_budget)
    people = sorted(g, key=g.degree)[-3:] + sorted(g)[:5]
    query = """query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person {
      networkSize { firstDegree secondDegree secondDegreeIsExact } } } }"""
    async with make_api(**{f"second_degree_{k}": v for k, v in bounds.items()}) as bounded:
        body = await bounded.gql(query, {"ids": [global_id("Person", p) for p in people]})
    inexact = 0
    for person, node in zip(people, body["data"]["nodes"], strict=True):
        want = expected_network_size(gen, person, max_friends, walk_budget)
        assert node["networkSize"] == want
        inexact += not want["secondDegreeIsExact"]
    assert (inexact > 0) == bool(bounds), "bounds should bite for someone, and only then"
    assert body["extensions"]["storeRoundTrips"] <= 2


async def test_relationship_through_the_invitation_lifecycle(make_api) -> None:
    clock = Clock()
    async with make_api(clock=clock) as api:
        alice, bob, carol = await api.member(), await api.member(), await api.member()
        query = """query($id: ID!) { node(id: $id) { ... on Person { relationship {
          degree connected canInvite cannotInviteReason canInviteAfter primaryAction
          invitationDirection mutualConnectionCount following followedBy } } } }"""

        async def rel(viewer: Member | None, other: Member) -> dict | None:
            return (await api.ok(query, {"id": other.gid}, as_=viewer))["node"]["relationship"]

        assert await rel(None, bob) is None  # anonymous
        me = await rel(alice, alice)
        assert me["degree"] == "SELF" and me["primaryAction"] is None
        assert me["cannotInviteReason"] == "SELF"
        start = await rel(alice, bob)
        assert start["degree"] == "OUT_OF_NETWORK" and start["primaryAction"] == "CONNECT"
        invitation = (await invite(api, alice, bob))["invitation"]["id"]
        sent, received = await rel(alice, bob), await rel(bob, alice)
        assert (sent["invitationDirection"], sent["primaryAction"]) == ("SENT", "PENDING")
        assert (received["invitationDirection"], received["primaryAction"]) == (
            "RECEIVED",
            "ACCEPT",
        )
        assert sent["cannotInviteReason"] == "INVITATION_PENDING"
        await api.ok(WITHDRAW, {"id": invitation}, as_=alice)
        cooled = await rel(alice, bob)
        assert cooled["cannotInviteReason"] == "COOLDOWN" and cooled["primaryAction"] == "FOLLOW"
        assert cooled["canInviteAfter"] is not None
        assert (await rel(bob, alice))["primaryAction"] == "CONNECT"  # the cooldown is alice's
        clock.advance(22 * 86_400_000)
        again = (await invite(api, alice, bob))["invitation"]["id"]
        await api.ok(ACCEPT, {"id": again}, as_=bob)
        friends = await rel(alice, bob)
        assert friends["degree"] == "FIRST" and friends["primaryAction"] == "MESSAGE"
        assert friends["following"] and friends["followedBy"]
        await connect(api, bob, carol)
        via = await rel(alice, carol)
        assert via["degree"] == "SECOND" and via["mutualConnectionCount"] == 1
        ignored = (await invite(api, alice, carol))["invitation"]["id"]
        await api.ok(IGNORE, {"id": ignored}, as_=carol)
        after_ignore = await rel(alice, carol)
        assert after_ignore["invitationDirection"] is None
        assert after_ignore["canInvite"] and after_ignore["primaryAction"] == "CONNECT"


async def test_limit_shows_as_follow(make_api) -> None:
    async with make_api(max_connections=1) as api:
        hub, a, b = await api.member(), await api.member(), await api.member()
        await connect(api, a, hub)
        query = """query($id: ID!) { node(id: $id) { ... on Person { relationship {
          canInvite cannotInviteReason primaryAction } } } }"""
        rel = (await api.ok(query, {"id": hub.gid}, as_=b))["node"]["relationship"]
        assert rel == {
            "canInvite": False,
            "cannotInviteReason": "OTHER_AT_LIMIT",
            "primaryAction": "FOLLOW",
        }


async def test_bad_input(api: Api, gen: Generated) -> None:
    someone = sorted(gen.graph)[0]
    viewer = gen.member(api, someone)
    person = global_id("Person", someone)
    unknown = global_id("Person", "nobody-" + new_subject())
    cases = [
        (RELATIONSHIPS, {"ids": [person] * 101}, viewer, "BAD_USER_INPUT"),
        (RELATIONSHIPS, {"ids": [person, unknown]}, viewer, "NOT_FOUND"),
        (RELATIONSHIPS, {"ids": [person]}, None, "UNAUTHENTICATED"),
        (SEPARATION, {"a": person, "b": person, "d": 6}, None, "BAD_USER_INPUT"),
        (SEPARATION, {"a": person, "b": unknown, "d": 6}, None, "NOT_FOUND"),
        (SEPARATION, {"b": unknown, "d": 6}, None, "UNAUTHENTICATED"),
        (MUTUAL, {"a": person, "b": person}, None, "BAD_USER_INPUT"),
        (MUTUAL, {"a": person, "b": unknown}, None, "NOT_FOUND"),
    ]
    for depth in (0, 7):
        other = global_id("Person", sorted(gen.graph)[1])
        cases.append((SEPARATION, {"a": person, "b": other, "d": depth}, None, "BAD_USER_INPUT"))
    for query, variables, as_, code in cases:
        body = await api.gql(query, variables, as_=as_)
        assert body["data"] is None, (variables, body)  # no partial answer
        assert body["errors"][0]["extensions"]["code"] == code, (variables, body["errors"])


async def test_a_page_of_a_hundred_costs_what_a_page_of_five_does(api: Api, gen: Generated) -> None:
    g = gen.graph
    hub = max(g, key=g.degree)
    viewer = gen.member(api, sorted(g[hub])[0])  # a connection: sees the list
    assert g.degree(hub) >= 100
    query = """query($id: ID!, $n: Int!) { node(id: $id) { ... on Person {
      connections(first: $n) { edges { node {
        connectionCount followerCount
        relationship { degree distance mutualConnectionCount primaryAction canInvite }
        networkSize { firstDegree secondDegree } } } } } } }"""
    trips = []
    for n in (5, 100):
        body = await api.gql(query, {"id": global_id("Person", hub), "n": n}, as_=viewer)
        assert "errors" not in body, body["errors"]
        assert len(body["data"]["node"]["connections"]["edges"]) == n
        trips.append(body["extensions"]["storeRoundTrips"])
    # node, the viewer's blocks, whether the viewer may see the list, page, counts,
    # viewer profile, relationships, network sizes: one trip each, whatever the page size
    # (one fewer when the page holds the viewer: the page's rows give their profile)
    assert trips[1] <= trips[0] <= 8, trips
