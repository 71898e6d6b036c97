"""Mutual-connection counts of suggestions: for a seeded sample of people, every person
two steps away and how many connections the two share (the number a suggestion shows)."""

from __future__ import annotations

import numpy as np

from analytics.graphs import Graphs

SAMPLE = 500
_CHUNK = 50  # sampled rows multiplied at a time: bounds memory at hubs


def mutual_counts(graphs: Graphs, sample: int = SAMPLE, seed: int = 7) -> np.ndarray:
    if graphs.n == 0:
        return np.zeros(0, dtype=np.int64)
    matrix = graphs.adjacency
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(graphs.n, min(sample, graphs.n), replace=False))
    counts = []
    for start in range(0, len(chosen), _CHUNK):
        rows = chosen[start : start + _CHUNK]
        own = matrix[rows]
        reach = (own @ matrix).tolil()
        for i, person in enumerate(rows):
            reach[i, person] = 0
        reach = reach.tocsr()
        reach = reach - reach.multiply(own)  # already connected: not a suggestion
        reach.eliminate_zeros()
        counts.append(reach.data.astype(np.int64))
    return np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
