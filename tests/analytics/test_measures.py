"""Every measure against an independent oracle: networkx, or a direct computation over
the same rows in plain Python. Exact where the measure is exact; stated tolerances where
it is approximate (PageRank's iteration, KADABRA's betweenness, sampled distances)."""

from __future__ import annotations

import collections
import dataclasses
import itertools
import math
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from analytics import compute, influence, report, structure
from analytics import graphs as graph_files
from analytics.candidates import WITNESSED
from analytics.influence import BETWEENNESS_ERROR
from analytics.results import Results
from analytics.snapshot import Snapshot
from analytics.suggestion_index import WITNESSES
from tests import oracles
from tests.analytics import networks
from tests.analytics.networks import Network


@dataclasses.dataclass
class Case:
    network: Network
    results: Results
    isolated: list[str]
    snapshot: Snapshot

    @property
    def summary(self) -> dict:
        return self.results.summary


def _small() -> Network:
    # 60 people: the distance sample covers everyone, so distances are exact.
    return networks.from_graph(nx.powerlaw_cluster_graph(60, 3, 0.4, seed=3), seed=3)


def _clustered() -> Network:
    return networks.from_graph(nx.powerlaw_cluster_graph(800, 4, 0.3, seed=5), seed=5)


def _wiki_vote() -> Network:
    votes = networks.wiki_vote()
    network = networks.from_graph(votes.to_undirected(), seed=7, extra_follows=0.0)
    # the votes themselves are the follows: a real one-way graph
    since = {(a, b): s for a, b, s in network.connections} | {
        (b, a): s for a, b, s in network.connections
    }
    network.follows = [
        (networks.pid(a), networks.pid(b), since[(networks.pid(a), networks.pid(b))], False)
        for a, b in votes.edges
    ]
    return network


def _ldbc() -> Network:
    return networks.from_graph(networks.ldbc_knows(), seed=11)


BUILDERS = {"small": _small, "clustered": _clustered, "wiki-vote": _wiki_vote, "ldbc": _ldbc}


@pytest.fixture(scope="module", params=list(BUILDERS))
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    root: Path = tmp_path_factory.mktemp(f"analytics-{request.param}")
    network = BUILDERS[request.param]()
    isolated = ["loner-1", "loner-2"]  # people with no connection and no follow
    network.people += isolated
    snapshot = networks.write(network, root / "snapshots")
    compute.compute(snapshot, root / "run", lambda stage, done: None)
    return Case(network, Results(root / "run"), isolated, snapshot)


def test_overview_matches_networkx(case: Case) -> None:
    g = case.network.connection_graph()
    o = case.summary["overview"]
    assert o["people"] == g.number_of_nodes()
    assert o["connections"] == g.number_of_edges()
    assert o["follows"] == len(case.network.follows)
    assert o["density"] == pytest.approx(nx.density(g))
    components = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    assert o["components"] == len(components)
    assert o["largestComponent"] == components[0]
    assert o["triangles"] == sum(nx.triangles(g).values()) // 3
    assert o["averageClustering"] == pytest.approx(nx.average_clustering(g), abs=1e-12)
    assert o["transitivity"] == pytest.approx(nx.transitivity(g), abs=1e-12)
    assert o["degreeAssortativity"] == pytest.approx(
        nx.degree_assortativity_coefficient(g), abs=1e-9
    )
    cores = nx.core_number(g)
    assert o["maxCore"] == max(cores.values())
    assert o["maxCoreSize"] == sum(1 for k in cores.values() if k == o["maxCore"])


def _distances(g: nx.Graph, sources: list) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for s in sources:
        for target, d in nx.single_source_shortest_path_length(g, s).items():
            if target != s:
                counts[d] += 1
    return counts


def test_distances_are_exact_when_everyone_is_a_source_and_close_when_sampled(
    case: Case,
) -> None:
    g = case.network.connection_graph()
    largest = g.subgraph(max(nx.connected_components(g), key=len))
    o = case.summary["overview"]
    exact = largest.number_of_nodes() <= structure.BFS_SOURCES
    assert o["distanceExact"] is exact
    if exact:
        assert o["averagePathLength"] == pytest.approx(
            nx.average_shortest_path_length(largest), abs=1e-12
        )
        sources = list(largest.nodes)
    else:
        assert o["distanceSources"] == structure.BFS_SOURCES
        # the oracle: networkx's BFS from another 100 people spread over the component
        sources = sorted(largest.nodes, key=str)[:: max(largest.number_of_nodes() // 100, 1)]
    counts = _distances(largest, sources)
    if not exact:
        mean = sum(d * n for d, n in counts.items()) / sum(counts.values())
        assert o["averagePathLength"] == pytest.approx(mean, rel=0.05)
    total = sum(counts.values())
    running, effective = 0, None
    for d in sorted(counts):
        running += counts[d]
        if running / total >= structure.EFFECTIVE_QUANTILE:
            effective = d
            break
    assert effective is not None
    assert abs(o["effectiveDiameter"] - effective) <= (0 if exact else 1)


def test_each_persons_measures_match_networkx(case: Case) -> None:
    g = case.network.connection_graph()
    f = case.network.follow_graph()
    cores, clustering = nx.core_number(g), nx.clustering(g)
    pagerank = nx.pagerank(f, alpha=0.85, tol=1e-12, max_iter=1000)
    for person in case.network.people:
        m = case.results.person(person)
        assert m is not None, person
        assert m.connections == g.degree(person)
        assert m.followers == f.in_degree(person)
        assert m.following == f.out_degree(person)
        assert m.core_number == cores[person]
        assert m.clustering == pytest.approx(clustering[person], abs=1e-12)
        assert m.pagerank == pytest.approx(pagerank[person], abs=1e-6)
    assert case.results.person("nobody") is None


def test_influencers_are_in_pagerank_order_with_ranks(case: Case) -> None:
    everyone, more = case.results.influencers(0, len(case.network.people) + 5)
    assert not more
    assert [m.rank for m in everyone] == list(range(1, len(case.network.people) + 1))
    ranks = [m.pagerank for m in everyone]
    assert ranks == sorted(ranks, reverse=True)
    assert sum(ranks) == pytest.approx(1.0)
    page, more = case.results.influencers(10, 5)
    assert [m.rank for m in page] == [11, 12, 13, 14, 15] and more


def test_betweenness_exact_and_approximate_match_networkx(case: Case) -> None:
    g = case.network.connection_graph()
    if g.number_of_nodes() > 1_000:
        pytest.skip("exact betweenness in networkx takes minutes past a thousand people")
    exact = nx.betweenness_centrality(g, normalized=True)
    assert case.summary["parameters"]["betweennessMethod"] == "exact"
    for person in g.nodes:
        assert case.results.person(person).betweenness == pytest.approx(exact[person], abs=1e-12)  # type: ignore[union-attr]
    # Sampled, as bigger networks get it: every value within the error, all at once, with
    # probability 1 - delta (0.99).
    graphs = graph_files.load(case.snapshot)
    approximate = influence.betweenness(graphs, exact_limit=0)
    number = {person: i for i, person in enumerate(graphs.ids.to_pylist())}
    errors = [abs(approximate[number[p]] - exact[p]) for p in g.nodes]
    assert max(errors) <= BETWEENNESS_ERROR
    # the same for a seed however many threads share the samples
    component = influence.components(graphs.connections)
    one = influence.sampled_betweenness(graphs.adjacency, component, 7, threads=1)
    assert np.array_equal(
        one, influence.sampled_betweenness(graphs.adjacency, component, 7, threads=3)
    )


@pytest.mark.parametrize(
    "graph",
    [nx.grid_2d_graph(7, 9), nx.watts_strogatz_graph(90, 4, 0.1, seed=2), nx.barbell_graph(12, 5)],
    ids=["grid", "small-world", "barbell"],
)
def test_sampled_betweenness_converges_on_many_shortest_paths(graph: nx.Graph) -> None:
    """Where pairs have many shortest paths (the grid), the path must be drawn uniformly
    among them: a tighter error, with its larger sample, still holds."""
    g = nx.convert_node_labels_to_integers(graph)
    adjacency = nx.to_scipy_sparse_array(g, nodelist=range(len(g)), format="csr")
    exact = nx.betweenness_centrality(g, normalized=True)
    estimate = influence.sampled_betweenness(
        sp.csr_matrix(adjacency), np.zeros(len(g), dtype=np.int64), 3, error=0.002
    )
    assert max(abs(estimate[p] - exact[p]) for p in g.nodes) <= 0.002


def test_communities_are_at_least_as_good_as_networkx_louvain(case: Case) -> None:
    g = case.network.connection_graph()
    c = case.summary["communities"]
    members = collections.defaultdict(set)
    for person in g.nodes:
        members[case.results.person(person).community].add(person)  # type: ignore[union-attr]
    ours = nx.community.modularity(g, list(members.values()))
    assert c["modularity"] == pytest.approx(ours, abs=1e-9)
    theirs = nx.community.modularity(g, nx.community.louvain_communities(g, seed=1))
    assert c["modularity"] >= theirs - 0.01
    listed, more = case.results.communities(-1, 10_000)
    assert not more and c["count"] == len(listed) == len(members)
    assert [k.size for k in listed] == sorted((len(m) for m in members.values()), reverse=True)
    for k in listed:
        inside = g.subgraph(members[k.id])
        assert k.size == inside.number_of_nodes()
        assert k.internal_connections == inside.number_of_edges()
        assert k.density == pytest.approx(nx.density(inside) if k.size > 1 else 0.0)
        assert set(k.top_members) <= members[k.id]
        assert len(k.top_members) == min(10, k.size)


def test_distributions_match_numpy_and_the_histogram_counts_everyone(case: Case) -> None:
    g = case.network.connection_graph()
    f = case.network.follow_graph()
    d = case.summary["distributions"]
    for name, values in (
        ("connections", [g.degree(p) for p in g.nodes]),
        ("followers", [f.in_degree(p) for p in f.nodes]),
        ("following", [f.out_degree(p) for p in f.nodes]),
    ):
        found = d[name]
        assert found["count"] == len(values)
        assert found["max"] == max(values) and found["min"] == min(values)
        assert found["mean"] == pytest.approx(np.mean(values))
        assert [found["p50"], found["p90"], found["p99"]] == pytest.approx(
            list(np.percentile(values, [50, 90, 99]))
        )
        bins = found["histogram"]
        assert sum(b["count"] for b in bins) == len(values)
        for b in bins:
            assert b["count"] == sum(1 for v in values if b["lower"] <= v <= b["upper"])
        fit = found["powerLaw"]
        if fit is not None:
            # Clauset et al. (3.7): the discrete MLE's approximation at the same xmin
            tail = np.asarray([v for v in values if v >= fit["xmin"]], dtype=float)
            approximate = 1 + len(tail) / np.log(tail / (fit["xmin"] - 0.5)).sum()
            assert fit["alpha"] == pytest.approx(approximate, abs=0.1)


def test_suggestion_mutuals_are_the_counts_of_people_two_steps_away(case: Case) -> None:
    g = case.network.connection_graph()
    d = case.summary["distributions"]
    if g.number_of_nodes() > 500:
        assert d["suggestionSample"] == 500
        return
    assert d["suggestionSample"] == g.number_of_nodes()  # everyone: exact
    expected = []
    for person in g.nodes:
        near = set(g[person])
        counts = collections.Counter(
            other for friend in near for other in g[friend] if other != person
        )
        expected += [n for other, n in counts.items() if other not in near]
    found = d["suggestionMutuals"]
    assert found["count"] == len(expected)
    assert found["max"] == max(expected)
    assert found["mean"] == pytest.approx(np.mean(expected))


def test_following_versus_connecting_matches_a_direct_count(case: Case) -> None:
    n = case.network
    fvc = case.summary["followingVersusConnecting"]
    follows = {(a, b): (since, via) for a, b, since, via in n.follows}
    one_way = [pair for pair in follows if (pair[1], pair[0]) not in follows]
    assert fvc["follows"] == len(follows)
    assert fvc["oneWayFollows"] == len(one_way)
    assert fvc["reciprocity"] == pytest.approx(1 - len(one_way) / len(follows))
    assert fvc["followsMadeByConnecting"] == sum(1 for _, via in follows.values() if via)
    kept = collections.Counter(
        ((a, b) in follows) + ((b, a) in follows) for a, b, _ in n.connections
    )
    assert fvc["connectionsFollowingBothWays"] == kept[2]
    assert fvc["connectionsFollowingOneWay"] == kept[1]
    assert fvc["connectionsFollowingNeither"] == kept[0]
    since = {(a, b): s for a, b, s in n.connections} | {(b, a): s for a, b, s in n.connections}
    waits = [
        (since[pair] - f_since) / 1000
        for pair, (f_since, via) in follows.items()
        if not via and pair in since and since[pair] > f_since
    ]
    assert fvc["followsThenConnected"] == len(waits)
    if waits:
        assert fvc["medianFollowToConnectSeconds"] == pytest.approx(np.median(waits))
    g = n.connection_graph()
    followers = collections.Counter(b for _, b, _, _ in n.follows)
    order = {p: i for i, p in enumerate(n.people)}
    ranked = sorted(
        (p for p in n.people if followers[p] >= 10),
        key=lambda p: (-followers[p] / (g.degree(p) + 1), order[p]),
    )
    assert [r["id"] for r in fvc["followNotConnect"]] == ranked[:1000]


def _month(ms: int) -> int:
    t = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return int(datetime(t.year, t.month, 1, tzinfo=UTC).timestamp() * 1000)


def test_invitations_match_a_direct_count(case: Case) -> None:
    n = case.network
    inv = case.summary["invitations"]
    states = collections.Counter(i["state"] for i in n.invitations)
    assert (inv["sent"], inv["accepted"], inv["ignored"], inv["withdrawn"], inv["pending"]) == (
        len(n.invitations), states["ACCEPTED"], states["IGNORED"], states["WITHDRAWN"],
        states["PENDING"],
    )  # fmt: skip
    assert inv["acceptanceRate"] == pytest.approx(
        states["ACCEPTED"] / (states["ACCEPTED"] + states["IGNORED"])
    )
    waits = [(i["acceptedAt"] - i["sentAt"]) / 1000 for i in n.invitations if i["acceptedAt"]]
    assert [inv["timeToAcceptP50Seconds"], inv["timeToAcceptP90Seconds"]] == pytest.approx(
        list(np.percentile(waits, [50, 90]))
    )
    received = collections.Counter(i["recipient"] for i in n.invitations)
    assert inv["received"]["count"] == len(n.people)
    assert inv["received"]["max"] == max(received.values())
    # mutual connections that existed when each invitation was sent
    since = {(a, b): s for a, b, s in n.connections} | {(b, a): s for a, b, s in n.connections}
    friends = collections.defaultdict(dict)
    for (a, b), s in since.items():
        friends[a][b] = s

    def had_mutual(i: dict) -> bool:
        mine, theirs = friends[i["sender"]], friends[i["recipient"]]
        return any(
            s < i["sentAt"] and w in theirs and theirs[w] < i["sentAt"] for w, s in mine.items()
        )

    cohorts = {True: collections.Counter(), False: collections.Counter()}
    for i in n.invitations:
        cohorts[had_mutual(i)][i["state"]] += 1
    for key, name in ((True, "withMutuals"), (False, "withoutMutuals")):
        c = cohorts[key]
        assert inv[name]["sent"] == sum(c.values())
        assert inv[name]["accepted"] == c["ACCEPTED"]
    by_month = collections.Counter(_month(i["sentAt"]) for i in n.invitations)
    assert {r["period"]: r["sent"] for r in inv["series"]["MONTH"]} == by_month
    accepted_by_month = collections.Counter(
        _month(i["sentAt"]) for i in n.invitations if i["state"] == "ACCEPTED"
    )
    assert {r["period"]: r["accepted"] for r in inv["series"]["MONTH"] if r["accepted"]} == (
        accepted_by_month
    )


def test_growth_matches_a_direct_count(case: Case) -> None:
    n = case.network
    rows = {r["period"]: r for r in case.summary["growth"]["MONTH"]}
    expected = {
        "people": collections.Counter(_month(n.created.get(p, networks.T0)) for p in n.people),
        "connections": collections.Counter(_month(s) for _, _, s in n.connections),
        "follows": collections.Counter(_month(s) for _, _, s, _ in n.follows),
        "one_way_follows": collections.Counter(_month(s) for _, _, s, via in n.follows if not via),
        "posts": collections.Counter(_month(t) for _, _, t in n.posts),
    }
    periods = set(itertools.chain.from_iterable(expected.values()))
    assert set(rows) == periods
    for key, counts in expected.items():
        assert {p: rows[p][key] for p in periods if rows[p][key]} == counts, key
    weeks = case.summary["growth"]["WEEK"]
    assert sum(r["posts"] for r in weeks) == len(n.posts)
    assert all(
        datetime.fromtimestamp(r["period"] / 1000, tz=UTC).weekday() == 0 for r in weeks
    )  # ISO weeks start on Monday


def test_isolated_people_count_everywhere(case: Case) -> None:
    for person in case.isolated:
        m = case.results.person(person)
        assert m is not None
        assert (m.connections, m.followers, m.core_number, m.clustering) == (0, 0, 0, 0.0)
    assert case.summary["overview"]["components"] >= len(case.isolated) + 1
    assert math.isclose(
        sum(m.pagerank for m in case.results.influencers(0, 10**6)[0]), 1.0, rel_tol=1e-9
    )


def test_the_report_shows_every_section(case: Case) -> None:
    page = report.render(case.results, "test-run")
    for heading in ("Overview", "Following versus connecting", "Degree distributions",
                    "Invitations", "Growth", "Influence", "Communities"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in page
    assert page.count("<svg") == 5
    top = case.results.influencers(0, 1)[0][0]
    assert f"<td>{case.results.label(top.id)}</td>" in page


def _subjects(g: nx.Graph, most: int = 150) -> list[str]:
    """Everyone in a small network; else the 20 best connected and a seeded sample."""
    people = sorted(g.nodes)
    if len(people) <= most:
        return people
    rng = np.random.default_rng(5)
    hubs = sorted(g, key=lambda p: (-g.degree(p), p))[:20]
    return hubs + [people[i] for i in rng.choice(len(people), most - 20, replace=False)]


def test_connect_suggestions_are_the_exact_ranking(case: Case) -> None:
    g = case.network.connection_graph()
    index = case.results.suggestions
    assert index is not None
    for person in _subjects(g):
        found = index.person(person)
        assert found is not None
        exact = oracles.second_degree(g.adj, person)
        assert [(c.id, c.mutual) for c in found.connect] == oracles.ranked(exact)[:200]
        assert found.second_degree == len(exact)
        assert found.connections == g.degree(person)
        assert found.walk == sum(g.degree(f) for f in g[person])
        for i, c in enumerate(found.connect):
            # the first of a list come with their first mutual connections, in id order
            # (the run numbers people in id order)
            mutual = sorted(set(g[person]) & set(g[c.id]))[:WITNESSES]
            assert list(c.witnesses) == (mutual if i < WITNESSED else [])
    assert index.person("nobody-of-this-network") is None


def test_follow_suggestions_match_the_two_step_walk(case: Case) -> None:
    g = case.network.connection_graph()
    follows = [(a, b) for a, b, _, _ in case.network.follows]
    chosen = [(a, b) for a, b, _, via in case.network.follows if not via]
    index = case.results.suggestions
    assert index is not None
    following, chooser = collections.defaultdict(set), collections.defaultdict(set)
    for a, b in follows:
        following[a].add(b)
    for a, b in chosen:
        chooser[b].add(a)
    suggested = noted = 0
    for person in _subjects(g):
        found = index.person(person)
        assert found is not None
        want = oracles.two_step_walk(follows, chosen, g.adj, person)
        got = [(c.id, c.score, c.followed_by) for c in found.follow]
        oracles.check_follow_ranking(got, want, 100)
        assert all(c.person for c in found.follow)  # no organizations in these networks
        suggested += len(got)
        # the first of a list come with the first people (in id order) the person
        # follows who chose to follow it: "followed by" without a walk
        followed = following[person]
        for i, c in enumerate(found.follow):
            by = sorted(chooser[c.id] & followed)[:WITNESSES]
            assert list(c.witnesses) == (by if i < WITNESSED else [])
            noted += bool(c.witnesses)
    assert suggested > 0 and noted > 0
