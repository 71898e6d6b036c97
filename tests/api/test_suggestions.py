"""Suggestions served from an analytics run, against a direct computation on a generated
hub-heavy network: connect suggestions for people whose walk is too large to do live,
follow suggestions for everyone, and the merge with what changed since the run."""

from __future__ import annotations

import dataclasses

import pytest

from analytics import results as run_results
from analytics.runs import SUCCEEDED
from analytics.suggestion_index import SuggestionIndex
from graphdb.graph import Graph
from linkgraph.analytics_runner import runs_of
from linkgraph.settings import Settings
from resolvers.ids import global_id, parse_global_id
from resolvers.suggestions import FRESH_MIN_CAP, check_by_key
from tests import oracles
from tests.api.conftest import Generated
from tests.api.network import ACCEPT, FOLLOW, REMOVE, UNFOLLOW, invite, page_all
from tests.api.social import BLOCK
from tests.api.test_analytics import START, analyst, wait_until_done
from tests.api.test_organizations import CREATE
from tests.api.test_organizations import FOLLOW as FOLLOW_ORGANIZATION
from tests.conftest import Api, Clock, running

pytestmark = pytest.mark.slow

WALK_BUDGET = 60  # small enough that the network's hubs cannot be walked live

SECOND = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
  secondDegree(first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { mutualConnectionCount asOf primaryAction node { id } mutualConnections { id } } }
  networkSize { firstDegree secondDegree secondDegreeIsExact secondDegreeAsOf } } } }"""
FOLLOWS = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
  followSuggestions(first: 30, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { score followedByCount reason primaryAction asOf followedBy { id }
            node { __typename ... on Person { id } ... on Organization { id } } } } } } }"""


@pytest.fixture(scope="module")
async def served(api: Api, gen: Generated, settings: Settings, clock: Clock):
    """Two organizations followed inside the network, then an analytics run over the
    store, then an app whose walk budget leaves the hubs to the run."""
    g = gen.graph
    hub = max(g, key=g.degree)
    admin = gen.member(api, hub)
    organizations = []
    for name in ("Suggested Works", "Suggested School"):
        data = await api.ok(CREATE, {"name": name, "kind": "COMPANY"}, as_=admin)
        organizations.append(data["createOrganization"]["organization"]["id"])
    fans = sorted(g[hub])[:6]  # the hub's friends follow the first; the hub does not
    for fan in fans:
        await api.ok(FOLLOW_ORGANIZATION, {"id": organizations[0]}, as_=gen.member(api, fan))
    await api.ok(FOLLOW_ORGANIZATION, {"id": organizations[1]}, as_=gen.member(api, fans[0]))
    who = analyst(api)
    run = (await api.ok(START, {"fresh": True}, as_=who))["startAnalyticsRun"]
    done = await wait_until_done(api, who, run["id"])
    assert done["state"] == "SUCCEEDED", done
    org_ids = [parse_global_id(o)[1] for o in organizations]
    org_follows = {(fan, org_ids[0]) for fan in fans} | {(fans[0], org_ids[1])}
    bounded = dataclasses.replace(settings, second_degree_walk_budget=WALK_BUDGET)
    async for app in running(bounded, clock):
        yield app, org_ids, org_follows


def _index(settings: Settings) -> SuggestionIndex:
    runs = runs_of(settings)
    run = next(r for r in runs.all() if r.state == SUCCEEDED)
    index = run_results.load(runs.folder(run.id)).suggestions
    assert index is not None
    return index


def exact_second_degree(gen: Generated, me: str) -> dict[str, int]:
    return oracles.second_degree(gen.graph.adj, me)


def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    return oracles.ranked(counts)


def walk(gen: Generated, me: str) -> int:
    g = gen.graph
    return sum(g.degree(f) for f in g[me])


def suggested(edges: list[dict]) -> list[tuple[str, int]]:
    return [(parse_global_id(e["node"]["id"])[1], e["mutualConnectionCount"]) for e in edges]


async def second_degree(api: Api, gen: Generated, me: str) -> tuple[list[dict], int, dict]:
    who = gen.member(api, me)
    edges, total = await page_all(
        api, SECOND, {"id": global_id("Person", me)}, ["node", "secondDegree"], as_=who
    )
    size = (await api.ok(SECOND, {"id": global_id("Person", me)}, as_=who))["node"]
    return edges, total, size["networkSize"]


def pending_with(gen: Generated, me: str) -> set[str]:
    return {next(iter(pair - {me})) for pair in gen.pending if me in pair}


async def test_hubs_get_the_exact_ranking_from_the_run(served, gen: Generated) -> None:
    api, _, _ = served
    g = gen.graph
    hubs = [p for p in sorted(g, key=g.degree, reverse=True) if walk(gen, p) > WALK_BUDGET]
    assert len(hubs) > 10
    for me in hubs[:6]:
        edges, total, size = await second_degree(api, gen, me)
        exact = exact_second_degree(gen, me)
        want = [(c, n) for c, n in ranked(exact)[:200] if c not in pending_with(gen, me)]
        assert suggested(edges) == want
        assert all(e["asOf"] is not None for e in edges)
        assert total == len(exact)  # the run's exact count
        assert size["secondDegree"] == len(exact) and size["secondDegreeIsExact"]
        assert size["secondDegreeAsOf"] is not None
        for edge in edges:
            c = parse_global_id(edge["node"]["id"])[1]
            sample = {parse_global_id(m["id"])[1] for m in edge["mutualConnections"]}
            assert sample and sample <= set(g[me]) & set(g[c])
            assert edge["primaryAction"] in ("CONNECT", "FOLLOW")


async def test_people_with_small_networks_stay_live(served, gen: Generated) -> None:
    api, _, _ = served
    g = gen.graph
    small = [p for p in g if 0 < walk(gen, p) <= WALK_BUDGET][:3]
    assert small
    for me in small:
        edges, _, size = await second_degree(api, gen, me)
        assert all(e["asOf"] is None for e in edges)
        assert size["secondDegreeAsOf"] is None
        exact = exact_second_degree(gen, me)
        assert suggested(edges) == [
            (c, n) for c, n in ranked(exact) if c not in pending_with(gen, me)
        ]


def expected_follows(
    gen: Generated, me: str, org_follows: set[tuple[str, str]]
) -> dict[str, tuple[float, int]]:
    chosen = {(f["followerId"], f["followeeId"]) for f in gen.net.follows} | org_follows
    return oracles.two_step_walk(gen.follows | org_follows, chosen, gen.graph.adj, me)


async def test_follow_suggestions_follow_the_walk(served, gen: Generated) -> None:
    api, org_ids, org_follows = served
    g = gen.graph
    people = sorted(g, key=g.degree, reverse=True)
    for me in [people[0], people[5], people[len(people) // 2]]:
        edges, total = await page_all(
            api,
            FOLLOWS,
            {"id": global_id("Person", me)},
            ["node", "followSuggestions"],
            as_=gen.member(api, me),
        )
        want = expected_follows(gen, me, org_follows)
        assert want and total == len(edges)
        got = [
            (parse_global_id(e["node"]["id"])[1], e["score"], e["followedByCount"]) for e in edges
        ]
        oracles.check_follow_ranking(got, want, 100)
        chosen = {(f["followerId"], f["followeeId"]) for f in gen.net.follows} | org_follows
        for edge in edges:
            assert edge["asOf"] is not None
            assert edge["reason"].startswith(f"Followed by {edge['followedByCount']} ")
            assert 1 <= len(edge["followedBy"]) <= 3
            target = parse_global_id(edge["node"]["id"])[1]
            for u in (parse_global_id(f["id"])[1] for f in edge["followedBy"]):
                assert (me, u) in gen.follows and (u, target) in chosen
    # the hub's friends follow the first organization: it is suggested to the hub
    hub_edges, _ = await page_all(
        api,
        FOLLOWS,
        {"id": global_id("Person", people[0])},
        ["node", "followSuggestions"],
        as_=gen.member(api, people[0]),
    )
    organization = next(e for e in hub_edges if e["node"]["__typename"] == "Organization")
    assert parse_global_id(organization["node"]["id"])[1] == org_ids[0]
    assert organization["primaryAction"] == "FOLLOW"
    assert organization["followedByCount"] == 6


@pytest.mark.parametrize("rank", [0, 3], ids=["looked-up-by-key", "walked"])
async def test_following_a_suggestion_takes_it_out(
    served, gen: Generated, settings: Settings, rank: int
) -> None:
    """Whom the viewer followed since the run leaves the list: for a hub found by
    looking each suggestion's follow up by key, for a smaller network by walking the
    viewer's follows since."""
    api, _, _ = served
    g = gen.graph
    me = sorted(g, key=g.degree, reverse=True)[rank]
    listed = _index(settings).person(me)
    assert listed is not None and check_by_key(listed) == (rank == 0)
    who = gen.member(api, me)
    variables = {"id": global_id("Person", me)}
    edges, total = await page_all(api, FOLLOWS, variables, ["node", "followSuggestions"], as_=who)
    top = next(e for e in edges if e["node"]["__typename"] == "Person")
    await api.ok(FOLLOW, {"id": top["node"]["id"]}, as_=who)
    again, total_again = await page_all(
        api, FOLLOWS, variables, ["node", "followSuggestions"], as_=who
    )
    assert top["node"]["id"] not in {e["node"]["id"] for e in again}
    assert total_again == total - 1


async def test_a_follower_noted_by_the_run_who_unfollowed_is_not_shown(
    served, gen: Generated
) -> None:
    """The run notes a few people the viewer follows beside each first follow
    suggestion; one who has unfollowed it since is not shown, and the rest still are."""
    api, _, _ = served
    g = gen.graph
    me = sorted(g, key=g.degree, reverse=True)[1]
    who = gen.member(api, me)
    variables = {"id": global_id("Person", me)}
    before = (await api.ok(FOLLOWS, variables, as_=who))["node"]["followSuggestions"]["edges"]
    edge = next(
        e for e in before if e["node"]["__typename"] == "Person" and len(e["followedBy"]) >= 2
    )
    target = edge["node"]["id"]
    gone = edge["followedBy"][0]["id"]
    await api.ok(UNFOLLOW, {"id": target}, as_=gen.member(api, parse_global_id(gone)[1]))
    after = (await api.ok(FOLLOWS, variables, as_=who))["node"]["followSuggestions"]["edges"]
    now = next(e for e in after if e["node"]["id"] == target)
    shown = {parse_global_id(f["id"])[1] for f in now["followedBy"]}
    assert shown and parse_global_id(gone)[1] not in shown
    followee = parse_global_id(target)[1]
    assert all((me, u) in gen.follows and (u, followee) in gen.follows for u in shown)


async def test_without_a_run_entry_follow_suggestions_are_empty(served) -> None:
    api, _, _ = served
    newcomer = await api.member("Joined After The Run")
    data = await api.ok(FOLLOWS, {"id": newcomer.gid}, as_=newcomer)
    assert data["node"]["followSuggestions"]["totalCount"] == 0
    assert data["node"]["followSuggestions"]["edges"] == []


# Last: it connects and blocks people the tests above compare with the run.
async def test_changes_since_the_run_are_merged(served, gen: Generated) -> None:
    """A new connection leaves the list and adds its own connections; a block takes each
    out of the other's list."""
    api, _, _ = served
    g = gen.graph
    hubs = [p for p in sorted(g, key=g.degree, reverse=True) if walk(gen, p) > WALK_BUDGET]
    me = hubs[8]
    before, _, _ = await second_degree(api, gen, me)
    listed = dict(suggested(before))
    newcomer = next(  # small enough that the merge walks all of their connections
        c
        for c, _ in suggested(before)
        if c not in pending_with(gen, me) and g.degree(c) < FRESH_MIN_CAP
    )
    invitation = (await invite(api, gen.member(api, me), gen.member(api, newcomer)))["invitation"]
    await api.ok(ACCEPT, {"id": invitation["id"]}, as_=gen.member(api, newcomer))
    after, _, _ = await second_degree(api, gen, me)
    now = dict(suggested(after))
    assert newcomer not in now
    through = set(g[newcomer]) - set(g[me]) - {me} - pending_with(gen, me)
    assert through
    exact = exact_second_degree(gen, me)
    for c in through:
        if c in listed:
            assert now[c] == listed[c] + 1
        elif c not in exact:
            assert now[c] == 1  # new to the second degree

    blocked = next(c for c in now if c not in through)
    theirs_before, _, _ = await second_degree(api, gen, blocked)
    assert me in dict(suggested(theirs_before))
    await api.ok(BLOCK, {"id": global_id("Person", blocked)}, as_=gen.member(api, me))
    mine, _, _ = await second_degree(api, gen, me)
    theirs, _, _ = await second_degree(api, gen, blocked)
    assert blocked not in dict(suggested(mine))
    assert me not in dict(suggested(theirs))


async def test_a_mutual_connection_ended_since_the_run_is_not_shown(served, gen: Generated) -> None:
    """The run notes a few mutual connections beside each first suggestion; one whose
    connection to the viewer has ended since is not shown, and the rest still are."""
    api, _, _ = served
    g = gen.graph
    hubs = [p for p in sorted(g, key=g.degree, reverse=True) if walk(gen, p) > WALK_BUDGET]
    me = hubs[9]
    before, _, _ = await second_degree(api, gen, me)
    samples = {
        parse_global_id(e["node"]["id"])[1]: [
            parse_global_id(m["id"])[1] for m in e["mutualConnections"]
        ]
        for e in before[:20]
    }
    c, shown = next((c, m) for c, m in samples.items() if len(m) >= 2)
    ended = shown[0]
    await api.ok(REMOVE, {"id": global_id("Person", ended)}, as_=gen.member(api, me))
    after, _, _ = await second_degree(api, gen, me)
    now = {
        parse_global_id(e["node"]["id"])[1]: {
            parse_global_id(m["id"])[1] for m in e["mutualConnections"]
        }
        for e in after
    }
    mine = set(g[me]) - {ended}
    assert ended not in now[c] and now[c] and now[c] <= mine & set(g[c])
    assert all(sample <= mine & set(g[x]) for x, sample in now.items())


FIRST_FIVE = """query($id: ID!) { node(id: $id) { ... on Person {
  secondDegree(first: 5) { pageInfo { hasNextPage } edges { node { id } } } } } }"""


# After the rest: it deletes people the others compare with.
async def test_people_deleted_since_the_run_leave_the_page_full(
    served, gen: Generated, graph: Graph
) -> None:
    api, _, _ = served
    g = gen.graph
    hubs = [p for p in sorted(g, key=g.degree, reverse=True) if walk(gen, p) > WALK_BUDGET]
    me = hubs[2]
    variables = {"id": global_id("Person", me)}
    before = (await api.ok(FIRST_FIVE, variables, as_=gen.member(api, me)))["node"]
    shown = [e["node"]["id"] for e in before["secondDegree"]["edges"]]
    gone = [parse_global_id(i)[1] for i in shown[:2]]
    await graph.rows("UNWIND $ids AS id MATCH (p:Person {id: id}) DETACH DELETE p", ids=gone)
    after = (await api.ok(FIRST_FIVE, variables, as_=gen.member(api, me)))["node"]
    now = [e["node"]["id"] for e in after["secondDegree"]["edges"]]
    assert len(now) == 5 and after["secondDegree"]["pageInfo"]["hasNextPage"]
    assert now[:3] == shown[2:] and not set(now) & set(shown[:2])
