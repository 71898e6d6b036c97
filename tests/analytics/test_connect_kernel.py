"""The connect kernel against a direct count, with lists short enough that every row
ends on a tie: the floor of the kept counts and the edge bucket of its columns are
where the kernel takes shortcuts."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from analytics.candidates import WITNESSED, connect_candidates
from analytics.suggestion_index import WITNESSES
from tests import oracles


@pytest.mark.parametrize("keep", [1, 2, 5, 40])
@pytest.mark.parametrize("seed", [1, 2])
def test_short_lists_are_the_exact_ranking(keep: int, seed: int) -> None:
    # a hub-and-spoke mix: many ties at one mutual connection, a few people with many
    g = nx.powerlaw_cluster_graph(1500, 3, 0.2, seed=seed)
    n = g.number_of_nodes()
    a, b = (np.array(side) for side in zip(*g.edges, strict=True))
    matrix = sp.csr_matrix(
        (np.ones(2 * len(a), np.int32), (np.concatenate([a, b]), np.concatenate([b, a]))),
        shape=(n, n),
    )
    ranked, second, _ = connect_candidates(matrix, keep=keep, threads=2)
    neighbours = {p: set(g[p]) for p in g}
    for person in g:
        items, counts, _ = ranked.of(person)
        exact = oracles.second_degree(neighbours, person)
        # node numbers are the ids: ties break by the lower number
        want = sorted(exact.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
        assert list(zip(items.tolist(), counts.tolist(), strict=True)) == want
        assert second[person] == len(exact)
        for i, (c, row) in enumerate(zip(items, ranked.witnesses_of(person), strict=False)):
            mutual = sorted(neighbours[person] & neighbours[int(c)])[:WITNESSES]
            assert [w for w in row.tolist() if w >= 0] == mutual, (person, i)
        assert len(ranked.witnesses_of(person)) == min(len(items), WITNESSED)
