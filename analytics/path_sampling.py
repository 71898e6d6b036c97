"""Betweenness from random shortest paths (Riondato and Kornaropoulos, 2016), each path
drawn by a balanced bidirectional BFS as KADABRA draws it (Borassi and Natale, 2016),
compiled with numba.

networkit's KADABRA draws its paths this fast, but first computes the graph's exact
diameter for its sample size: 139 of its 145 s on a million people with ten million
connections. The bound only needs an upper bound on the diameter, and twice one BFS's
eccentricity is one (a BFS per component, all at once: under a second there).

Each sample's pair and path come from its own random stream, seeded by the sample's
number, and hits are counted in integers: the same seed gives the same scores, however
many threads share the work.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_UNIT = 1.0 / 9007199254740992.0  # 2**-53


def sample_size(error: float, delta: float, diameter_bound: int) -> int:
    """Riondato and Kornaropoulos' sample size: with this many paths, every estimate is
    within `error` of its betweenness (of ordered pairs), all at once, with probability
    1 - delta (the universal constant 0.5, as they and KADABRA use). A diameter of at
    most 2 leaves no one between anyone, and needs no sample."""
    if diameter_bound <= 2:
        return 0
    vertex_term = math.floor(math.log2(diameter_bound - 1))  # log2(VD - 2), VD = D + 1
    return math.ceil(0.5 / error**2 * (vertex_term + 1 + math.log(1 / delta)))


@njit(nogil=True, cache=True)
def diameter_bound(indptr: np.ndarray, indices: np.ndarray, component: np.ndarray) -> int:
    """An upper bound on the longest shortest path inside any component: for each, twice
    the eccentricity of its best-connected member (one BFS from all of them at once),
    and never above its size less one."""
    n = len(indptr) - 1
    count = component.max() + 1 if n else 0
    seed = np.full(count, -1, dtype=np.int64)
    size = np.zeros(count, dtype=np.int64)
    for p in range(n):
        c = component[p]
        size[c] += 1
        if seed[c] < 0 or indptr[p + 1] - indptr[p] > indptr[seed[c] + 1] - indptr[seed[c]]:
            seed[c] = p
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    end = 0
    for c in range(count):
        queue[end] = seed[c]
        dist[seed[c]] = 0
        end += 1
    eccentricity = np.zeros(count, dtype=np.int64)
    at = 0
    while at < end:
        x = queue[at]
        at += 1
        if dist[x] > eccentricity[component[x]]:
            eccentricity[component[x]] = dist[x]
        for k in range(indptr[x], indptr[x + 1]):
            y = indices[k]
            if dist[y] < 0:
                dist[y] = dist[x] + 1
                queue[end] = y
                end += 1
    bound = 0
    for c in range(count):
        bound = max(bound, min(2 * eccentricity[c], size[c] - 1))
    return bound


@njit(nogil=True, cache=True)
def _next(state: np.ndarray) -> float:
    """splitmix64, as a float in [0, 1)."""
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return float(z >> np.uint64(11)) * _UNIT


@njit(nogil=True, cache=True)
def _back(
    z: int,
    indptr: np.ndarray,
    indices: np.ndarray,
    ball: np.ndarray,
    dist: np.ndarray,
    sigma: np.ndarray,
    hits: np.ndarray,
    state: np.ndarray,
) -> None:
    """From `z` back to its BFS's root, each step to a predecessor with probability its
    share of z's shortest paths, counting every person passed except the root."""
    while dist[z] > 0:
        hits[z] += 1
        target = _next(state) * sigma[z]
        acc = 0.0
        chosen = -1
        for k in range(indptr[z], indptr[z + 1]):
            w = indices[k]
            if ball[w] == ball[z] and dist[w] == dist[z] - 1:
                chosen = w
                acc += sigma[w]
                if acc > target:
                    break
        z = chosen


@njit(nogil=True, cache=True)
def sample_paths(
    indptr: np.ndarray,
    indices: np.ndarray,
    component: np.ndarray,
    first: int,
    samples: int,
    seed: int,
) -> np.ndarray:
    """Samples `first`..`first+samples-1`: for each, an ordered pair of different people
    uniformly, and one of their shortest paths uniformly; how often each person was
    inside one (pairs in different components have no path and count as samples)."""
    n = len(indptr) - 1
    hits = np.zeros(n, dtype=np.int64)
    ball = np.zeros(n, dtype=np.int8)  # 0 unseen, 1 reached from u, 2 from v
    dist = np.zeros(n, dtype=np.int32)
    sigma = np.zeros(n, dtype=np.float64)  # shortest paths from the ball's root
    queue = np.empty(n, dtype=np.int32)
    cross_x = np.empty(1024, dtype=np.int32)
    cross_y = np.empty(1024, dtype=np.int32)
    state = np.zeros(1, dtype=np.uint64)
    lo = np.zeros(3, dtype=np.int64)  # each side's frontier: queue[lo[side]:hi[side]]
    hi = np.zeros(3, dtype=np.int64)
    work = np.zeros(3, dtype=np.int64)  # and the connections it has to walk
    for s in range(first, first + samples):
        state[0] = np.uint64(seed) * _GOLDEN ^ np.uint64(s) * _MIX1
        u = int(_next(state) * n)
        v = int(_next(state) * (n - 1))
        if v >= u:
            v += 1
        if component[u] != component[v]:
            continue
        queue[0], queue[1] = u, v
        end = 2
        ball[u], ball[v] = 1, 2
        dist[u], dist[v] = 0, 0
        sigma[u], sigma[v] = 1.0, 1.0
        lo[1], hi[1], work[1] = 0, 1, indptr[u + 1] - indptr[u]
        lo[2], hi[2], work[2] = 1, 2, indptr[v + 1] - indptr[v]
        crossings = 0
        while crossings == 0:
            side = 1 if work[1] <= work[2] else 2  # grow the ball with less to walk
            start, stop = lo[side], hi[side]
            lo[side] = end
            reach = 0
            for at in range(start, stop):
                x = queue[at]
                for k in range(indptr[x], indptr[x + 1]):
                    y = indices[k]
                    if ball[y] == 0:
                        ball[y] = side
                        dist[y] = dist[x] + 1
                        sigma[y] = sigma[x]
                        queue[end] = y
                        end += 1
                        reach += indptr[y + 1] - indptr[y]
                    elif ball[y] != side:
                        if crossings == len(cross_x):
                            cross_x = np.concatenate((cross_x, np.empty_like(cross_x)))
                            cross_y = np.concatenate((cross_y, np.empty_like(cross_y)))
                        cross_x[crossings] = x
                        cross_y[crossings] = y
                        crossings += 1
                    elif dist[y] == dist[x] + 1:
                        sigma[y] += sigma[x]
            hi[side] = end
            work[side] = reach
            if reach == 0:
                break
        if crossings:
            # an edge between the balls, weighted by the shortest paths through it
            total = 0.0
            for i in range(crossings):
                total += sigma[cross_x[i]] * sigma[cross_y[i]]
            target = _next(state) * total
            acc = 0.0
            pick = crossings - 1
            for i in range(crossings):
                acc += sigma[cross_x[i]] * sigma[cross_y[i]]
                if acc > target:
                    pick = i
                    break
            _back(cross_x[pick], indptr, indices, ball, dist, sigma, hits, state)
            _back(cross_y[pick], indptr, indices, ball, dist, sigma, hits, state)
        for at in range(end):
            ball[queue[at]] = 0
    return hits
