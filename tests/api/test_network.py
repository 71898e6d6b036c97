"""Network queries against an independent computation (networkx) on a generated network."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from linkgraph.auth import new_subject
from resolvers.context import Policy
from resolvers.ids import global_id, parse_global_id
from resolvers.suggestions import walk_cap
from tests.api.conftest import Generated
from tests.api.network import ACCEPT, IGNORE, WITHDRAW, connect, invite, page_all
from tests.conftest import Api, Clock, Member

DEFAULTS = Policy()


def newest_friends(gen: Generated, me: str, max_friends: int) -> list:
    """What the walk considers: newest first (id breaking ties), at most max_friends."""
    since = gen.since
    return sorted(gen.graph[me], key=lambda f: (-since[frozenset((me, f))], f))[:max_friends]


def expected_second_degree(gen: Generated, me: str, friends: list) -> list:
    """Ranked through `friends`, every connection of each walked."""
    g = gen.graph
    candidates = {c for f in friends for c in g[f]} - set(g[me]) - {me}
    candidates = {c for c in candidates if frozenset((me, c)) not in gen.pending}
    ranked = [(-len(set(friends) & set(g[c])), c) for c in candidates]
    return [(c, -neg) for neg, c in sorted(ranked)]


def test_walk_cap_is_the_largest_that_fits() -> None:
    rng = random.Random(3)
    for _ in range(300):
        degrees = [rng.choice([1, 2, 5, 40, 300]) for _ in range(rng.randint(1, 12))]
        budget = rng.randint(len(degrees), 800)
        fits = [c for c in range(1, 301) if sum(min(d, c) for d in degrees) <= budget]
        want = max(degrees) if sum(degrees) <= budget else max(fits)
        assert walk_cap(degrees, budget) == want, (degrees, budget)


MUTUAL = """query($a: ID!, $b: ID!, $after: String) {
  mutualConnections(personA: $a, personB: $b, first: 4, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
SECOND = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
  secondDegree(first: 7, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { mutualConnectionCount asOf node { id } mutualConnections { id } } } } } }"""
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


@pytest.mark.parametrize("bounds", [{}, {"max_friends": 6}, {"walk_budget": 60}])
async def test_second_degree_ranking_matches(api: Api, gen: Generated, make_api, bounds) -> None:
    """Exact through the friends considered while nobody is sampled; with a small walk
    budget, large friends are sampled (never left out) and every count is a true lower
    bound, no lower than the count through the friends walked whole."""
    g = gen.graph
    max_friends = bounds.get("max_friends", DEFAULTS.max_friends)
    walk_budget = bounds.get("walk_budget", DEFAULTS.walk_budget)
    people = sorted(g, key=g.degree)
    subjects = [people[-1], people[-2], people[len(people) // 2], people[len(people) // 3]]
    sampled_someone = False
    async with make_api(**{f"second_degree_{k}": v for k, v in bounds.items()}) as bounded:
        for me in subjects:
            gid = {"id": global_id("Person", me)}
            edges, total = await page_all(
                bounded, SECOND, gid, ["node", "secondDegree"], as_=gen.member(bounded, me)
            )
            friends = newest_friends(gen, me, max_friends)
            cap = walk_cap([g.degree(f) for f in friends], walk_budget)
            want = expected_second_degree(gen, me, friends)
            got = [(parse_global_id(e["node"]["id"])[1], e["mutualConnectionCount"]) for e in edges]
            assert all(e["asOf"] is None for e in edges)  # no analytics run here: live
            assert total == len(got) == len({c for c, _ in got})
            if cap >= max(g.degree(f) for f in friends):
                assert got == want
            else:
                sampled_someone = True
                assert got == sorted(got, key=lambda row: (-row[1], row[0]))
                true = dict(want)
                whole = [f for f in friends if g.degree(f) <= cap]
                assert got, "a large friend is sampled, never a reason for an empty list"
                for c, n in got:
                    assert len(set(whole) & set(g[c])) <= n <= true[c]
                walked_whole = dict(expected_second_degree(gen, me, whole))
                assert set(walked_whole) <= {c for c, _ in got}
            mutuals = {c: set(friends) & set(g[c]) for c, _ in got}
            for edge, (c, _) in zip(edges, got, strict=True):
                sample = [parse_global_id(m["id"])[1] for m in edge["mutualConnections"]]
                assert set(sample) <= mutuals[c] and sample == sorted(sample, key=gen.sort_key)
                assert 1 <= len(sample) <= DEFAULTS.mutual_sample
    assert any(n > 1 for _, n in want), "the ranking should have more than ties at 1"
    assert sampled_someone == ("walk_budget" in bounds), "sampling bites only when asked"


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


async def test_separation_from_the_viewer_is_two_trips(api: Api, gen: Generated) -> None:
    """From the viewer (no `from`): their profile and the other person in one trip, the
    path in a second; the same answer as naming the viewer."""
    g, rng = gen.graph, random.Random(3)
    a, b = next(
        (a, b) for a, b in (rng.sample(sorted(g.nodes), 2) for _ in range(100))
        if nx.has_path(g, a, b)
    )  # fmt: skip
    variables = {"a": global_id("Person", a), "b": global_id("Person", b), "d": 6}
    named = (await api.ok(SEPARATION, variables, as_=gen.member(api, a)))["separation"]
    body = await api.gql(
        "query($b: ID!) { separation(to: $b) { degree maxDepth path { id } } }",
        {"b": variables["b"]},
        as_=gen.member(api, a),
    )
    assert body["data"]["separation"] == named
    assert body["extensions"]["storeRoundTrips"] == 2


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
    # A hundred people with degree, mutual counts and actions: two store trips (the
    # viewer, the people and the viewer's blocks; then the relationships).
    assert body["extensions"]["storeRoundTrips"] == 2, body["extensions"]


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
        id connectionCount followerCount
        relationship { degree distance mutualConnectionCount primaryAction canInvite }
        mutualConnections(first: 3) { totalCount edges { node { id } } }
        networkSize { firstDegree secondDegree } } } } } } }"""
    me = sorted(g[hub])[0]
    trips = []
    for n in (5, 100):
        body = await api.gql(query, {"id": global_id("Person", hub), "n": n}, as_=viewer)
        assert "errors" not in body, body["errors"]
        edges = body["data"]["node"]["connections"]["edges"]
        assert len(edges) == n
        for edge in edges:
            other = parse_global_id(edge["node"]["id"])[1]
            mutual = edge["node"]["mutualConnections"]
            if other == me:
                assert mutual is None  # the viewer's own profile
                continue
            common = set(g[me]) & set(g[other])
            shown = {parse_global_id(e["node"]["id"])[1] for e in mutual["edges"]}
            assert mutual["totalCount"] == len(common), other
            assert shown <= common and len(shown) == min(3, len(common)), other
        trips.append(body["extensions"]["storeRoundTrips"])
    # node, the viewer's blocks, whether the viewer may see the list, page, counts,
    # viewer profile, relationships, mutual pages and their counts, network sizes: one
    # trip each, whatever the page size (one fewer when the page holds the viewer: the
    # page's rows give their profile)
    assert trips[1] <= trips[0] <= 10, trips
