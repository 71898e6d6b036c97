"""The connection graph's shape: size, components, clustering, cores, distances."""

from __future__ import annotations

import networkit as nk
import numpy as np

from analytics.graphs import Graphs

# Sources of the sampled BFS behind the average path length and effective diameter. When
# the largest component has no more people than this, every one is a source: exact.
BFS_SOURCES = 32
_BFS_AT_ONCE = 8  # a row of distances per person per source: 64 MB a source at 1M
EFFECTIVE_QUANTILE = 0.9


def overview(graphs: Graphs, seed: int = 7) -> dict:
    graph, follows = graphs.connections, graphs.follows
    n, m = graph.numberOfNodes(), graph.numberOfEdges()
    degrees = degree_array(graph)
    components = nk.components.ConnectedComponents(graph)
    components.run()
    sizes = sorted(components.getComponentSizes().values(), reverse=True)
    largest = sizes[0] if sizes else 0
    triangles_at = node_triangles(graph)
    triangles = int(triangles_at.sum() // 3)
    triads = float((degrees * (degrees - 1) / 2).sum())
    local = np.divide(triangles_at, degrees * (degrees - 1) / 2, out=np.zeros(n), where=degrees > 1)
    cores = core_numbers(graph)
    max_core = int(cores.max()) if n else 0
    distances = sampled_distances(graph, components, seed)
    return {
        "people": n,
        "connections": m,
        "follows": follows.numberOfEdges(),
        "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "components": len(sizes),
        "largestComponent": largest,
        "largestComponentShare": largest / n if n else 0.0,
        "averageClustering": float(local.mean()) if n else 0.0,
        "transitivity": 3 * triangles / triads if triads else 0.0,
        "triangles": triangles,
        "degreeAssortativity": assortativity(graphs.connection_ends, degrees),
        "maxCore": max_core,
        "maxCoreSize": int((cores == max_core).sum()) if n else 0,
        **distances,
    }


def degree_array(graph: nk.Graph, incoming: bool = False) -> np.ndarray:
    """Each person's degree (out-degree of a directed graph, or in-degree)."""
    if graph.numberOfNodes() == 0:
        return np.zeros(0)
    degree = nk.centrality.DegreeCentrality(graph, outDeg=not incoming)
    degree.run()
    return np.asarray(degree.scores())


def node_triangles(graph: nk.Graph) -> np.ndarray:
    """Triangles through each person (exact)."""
    if graph.numberOfEdges() == 0:
        return np.zeros(graph.upperNodeIdBound())
    lcc = nk.centrality.LocalClusteringCoefficient(graph, turbo=True)
    lcc.run()
    degrees = degree_array(graph)
    return np.rint(np.asarray(lcc.scores()) * degrees * (degrees - 1) / 2)


def core_numbers(graph: nk.Graph) -> np.ndarray:
    if graph.numberOfNodes() == 0:
        return np.zeros(0)
    core = nk.centrality.CoreDecomposition(graph)
    core.run()
    return np.asarray(core.scores())


def assortativity(ends: tuple[np.ndarray, np.ndarray], degrees: np.ndarray) -> float | None:
    """Pearson correlation of the degrees at the two ends of each connection (Newman);
    None when it is undefined (no connections, or every degree the same)."""
    a, b = ends[0].astype(np.int64), ends[1].astype(np.int64)
    if len(a) == 0:
        return None
    x = np.concatenate([degrees[a], degrees[b]])
    y = np.concatenate([degrees[b], degrees[a]])
    if x.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def sampled_distances(
    graph: nk.Graph, components: nk.components.ConnectedComponents, seed: int
) -> dict:
    """Average shortest path and effective diameter inside the largest component, from
    BFS out of `BFS_SOURCES` people drawn uniformly from it (all of them if fewer)."""
    if graph.numberOfEdges() == 0:
        return {
            "averagePathLength": None,
            "effectiveDiameter": None,
            "distanceSources": 0,
            "distanceExact": True,
        }
    partition = components.getPartition()
    sizes = components.getComponentSizes()
    largest = max(sizes, key=lambda c: sizes[c])
    members = np.asarray(sorted(partition.getMembers(largest)))
    exact = len(members) <= BFS_SOURCES
    rng = np.random.default_rng(seed)
    sources = members if exact else rng.choice(members, BFS_SOURCES, replace=False)
    counts = np.zeros(1, dtype=np.int64)
    # a few sources at a time, their BFS in parallel (networkit's SPSP)
    for start in range(0, len(sources), _BFS_AT_ONCE):
        batch = [int(u) for u in sources[start : start + _BFS_AT_ONCE]]
        spsp = nk.distance.SPSP(graph, batch)
        spsp.run()
        for row in np.asarray(spsp.getDistances(asarray=True)):
            d = row[members]
            d = d[(d > 0) & (d < 1e300)].astype(np.int64)
            hist = np.bincount(d)
            if len(hist) > len(counts):
                counts = np.pad(counts, (0, len(hist) - len(counts)))
            counts[: len(hist)] += hist
    pairs = counts.sum()
    if pairs == 0:
        return {
            "averagePathLength": None,
            "effectiveDiameter": None,
            "distanceSources": len(sources),
            "distanceExact": exact,
        }
    cumulative = np.cumsum(counts) / pairs
    return {
        "averagePathLength": float((np.arange(len(counts)) * counts).sum() / pairs),
        "effectiveDiameter": int(np.searchsorted(cumulative, EFFECTIVE_QUANTILE)),
        "distanceSources": len(sources),
        "distanceExact": exact,
    }
