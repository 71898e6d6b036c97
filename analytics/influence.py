"""Influence and structure: PageRank, betweenness, communities, and each person's place."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import networkit as nk
import numpy as np
import pyarrow as pa
import scipy.sparse as sp

from analytics import path_sampling
from analytics.graphs import Graphs
from analytics.structure import core_numbers, degree_array, node_triangles

DAMPING = 0.85
# The sampled betweenness's guarantee: every normalized betweenness within
# BETWEENNESS_ERROR of the exact value, all at once, with probability 1 - BETWEENNESS_DELTA.
BETWEENNESS_ERROR = 0.01
BETWEENNESS_DELTA = 0.01
# Exact betweenness while it takes at most this many BFS steps (seconds in networkit).
EXACT_BETWEENNESS = 300_000_000
TOP_MEMBERS = 10


def pagerank(follows: nk.Graph) -> np.ndarray:
    """PageRank of the follow graph (a follow passes rank to the followed), dangling
    people's rank spread over everyone as networkx does; the scores sum to 1."""
    if follows.numberOfNodes() == 0:
        return np.zeros(0)
    if follows.numberOfEdges() == 0:
        return np.full(follows.numberOfNodes(), 1 / follows.numberOfNodes())
    pr = nk.centrality.PageRank(
        follows, damp=DAMPING, tol=1e-10, distributeSinks=nk.centrality.SinkHandling.DistributeSinks
    )
    pr.run()
    scores = np.asarray(pr.scores())
    return scores / scores.sum()


def betweenness(graphs: Graphs, seed: int = 7, exact_limit: int = EXACT_BETWEENNESS) -> np.ndarray:
    """Normalized betweenness on the connection graph (networkx's normalization): exact
    while that is cheap, else from random shortest paths (analytics.path_sampling)."""
    graph = graphs.connections
    n = graph.numberOfNodes()
    if n < 3 or graph.numberOfEdges() == 0:
        return np.zeros(n)
    if exact_work(graph) <= exact_limit:
        exact = nk.centrality.Betweenness(graph, normalized=True)
        exact.run()
        return np.asarray(exact.scores())
    return sampled_betweenness(graphs.adjacency, components(graph), seed)


def sampled_betweenness(
    adjacency: sp.csr_matrix,
    component: np.ndarray,
    seed: int,
    error: float = BETWEENNESS_ERROR,
    delta: float = BETWEENNESS_DELTA,
    threads: int | None = None,
) -> np.ndarray:
    """The sample's share of paths through each person estimates betweenness over
    ordered pairs; networkx's normalization is that times n / (n - 2), so the sample is
    sized for the error on that scale."""
    indptr, indices = adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int32)
    n = len(indptr) - 1
    bound = path_sampling.diameter_bound(indptr, indices, component)
    samples = path_sampling.sample_size(error * (n - 2) / n, delta, bound)
    if samples == 0:
        return np.zeros(n)
    threads = threads or nk.getMaxNumberOfThreads()
    cuts = np.linspace(0, samples, threads + 1).astype(np.int64)

    def part(i: int) -> np.ndarray:
        return path_sampling.sample_paths(
            indptr, indices, component, int(cuts[i]), int(cuts[i + 1] - cuts[i]), seed
        )

    # The first part in this thread: numba compiles (or loads) the kernel on its first
    # call, which two threads must not do at once (see candidates._each_block).
    hits = part(0)
    with ThreadPoolExecutor(threads) as pool:  # the kernel releases the GIL
        hits = sum(pool.map(part, range(1, threads)), hits)
    return hits * (n / (n - 2) / samples)


def betweenness_method(graph: nk.Graph, exact_limit: int = EXACT_BETWEENNESS) -> str:
    return "exact" if exact_work(graph) <= exact_limit else "sampled"


def components(graph: nk.Graph) -> np.ndarray:
    """Each person's connected component, as a number."""
    found = nk.components.ConnectedComponents(graph)
    found.run()
    return np.asarray(found.getPartition().getVector(), dtype=np.int64)


def exact_work(graph: nk.Graph) -> int:
    """Steps of exact Brandes: a BFS from every person inside their own component, so
    the sum over components of people x connections."""
    if graph.numberOfEdges() == 0:
        return 0
    member = components(graph)
    people = np.bincount(member)
    edges = np.bincount(member, weights=degree_array(graph)) / 2
    return int((people * edges).sum())


def communities(graph: nk.Graph, seed: int = 7) -> tuple[np.ndarray, float]:
    """Leiden (networkit's ParallelLeiden: Louvain's moves, refined so that every
    community is connected; faster and better than its PLM here, modularity 0.179
    against 0.145 at a million people): each person's community, and the partition's
    modularity. Communities are numbered largest first."""
    n = graph.numberOfNodes()
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0.0
    if graph.numberOfEdges() == 0:
        return np.arange(n, dtype=np.int64), 0.0
    nk.engineering.setSeed(seed, False)
    leiden = nk.community.ParallelLeiden(graph, randomize=True)
    leiden.run()
    partition = leiden.getPartition()
    modularity = nk.community.Modularity().getQuality(partition, graph)
    raw = np.asarray(partition.getVector(), dtype=np.int64)
    _, dense, sizes = np.unique(raw, return_inverse=True, return_counts=True)
    # renumber: largest first, ties by the smallest member
    first = np.full(len(sizes), n)
    np.minimum.at(first, dense, np.arange(n))
    order = np.lexsort((first, -sizes))
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    return renumber[dense], float(modularity)


def people_table(graphs: Graphs, seed: int = 7) -> tuple[pa.Table, pa.Table, float]:
    """Per person: PageRank (and rank), community, core number, clustering, betweenness,
    degrees; ordered by PageRank, highest first. Also the communities table."""
    conn, fol = graphs.connections, graphs.follows
    degrees = degree_array(conn)
    triangles = node_triangles(conn)
    clustering = np.divide(
        triangles, degrees * (degrees - 1) / 2, out=np.zeros(graphs.n), where=degrees > 1
    )
    rank = pagerank(fol)
    community, modularity = communities(conn, seed)
    people = pa.table(
        {
            "id": graphs.ids,
            "handle": graphs.labels("handle"),
            "name": graphs.labels("name"),
            "pagerank": rank,
            "community": community,
            "coreNumber": core_numbers(conn).astype(np.int64)
            if graphs.n
            else np.zeros(0, np.int64),
            "clustering": clustering,
            "betweenness": betweenness(graphs, seed),
            "connections": degrees.astype(np.int64),
            "followers": degree_array(fol, incoming=True).astype(np.int64),
            "following": degree_array(fol).astype(np.int64),
        }
    )
    order = np.lexsort((np.arange(graphs.n), -rank))
    people = people.take(order).append_column("rank", pa.array(np.arange(1, graphs.n + 1)))
    return people, community_table(graphs, people, community), modularity


def community_table(graphs: Graphs, people: pa.Table, community: np.ndarray) -> pa.Table:
    """Each community: size, internal connections, density, and its top members by
    PageRank (`people` is in PageRank order)."""
    count = int(community.max()) + 1 if len(community) else 0
    sizes = np.bincount(community, minlength=count)
    a, b = (e.astype(np.int64) for e in graphs.connection_ends)
    inside = community[a] == community[b] if len(a) else np.zeros(0, dtype=bool)
    internal = np.bincount(community[a][inside], minlength=count)
    possible = sizes * (sizes - 1) / 2
    density = np.divide(internal, possible, out=np.zeros(count), where=possible > 0)
    ranked = people.column("community").to_numpy()
    ids = people.column("id").to_pylist()
    top: list[list[str]] = [[] for _ in range(count)]
    for position, c in enumerate(ranked):
        if len(top[c]) < TOP_MEMBERS:
            top[c].append(ids[position])
    return pa.table(
        {
            "community": np.arange(count, dtype=np.int64),
            "size": sizes.astype(np.int64),
            "internalConnections": internal.astype(np.int64),
            "density": density,
            "topMembers": pa.array(top, type=pa.list_(pa.string())),
        }
    )
