"""Independent computations of the suggestion measures, straight from their definitions
(plain Python over edge lists), for the analytics and API tests to compare with."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Set

import numpy as np


def second_degree(neighbours: Mapping[str, Set[str]], me: str) -> dict[str, int]:
    """Everyone two connections away and how many connections they share with `me`."""
    mine = neighbours.get(me, set())
    counts: Counter[str] = Counter()
    for friend in mine:
        for other in neighbours.get(friend, set()):
            if other != me and other not in mine:
                counts[other] += 1
    return dict(counts)


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most mutual connections first, id breaking ties."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def two_step_walk(
    follows: Iterable[tuple[str, str]],
    chosen: Iterable[tuple[str, str]],
    neighbours: Mapping[str, Set[str]],
    me: str,
) -> dict[str, tuple[float, int]]:
    """Where a walk from `me` ends after two uniform steps (first to someone in the
    circle: whom `me` follows among people, and `me`'s connections; then to whom that
    person chose to follow, `chosen`), with how many of the circle so follow it; leaving
    out `me`, whom `me` follows and `me`'s connections."""
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in follows:
        if a != b:
            out[a].add(b)
    steps: dict[str, set[str]] = defaultdict(set)
    for a, b in chosen:
        if a != b:
            steps[a].add(b)
    circle = ({b for b in out[me] if b in neighbours} | set(neighbours.get(me, ()))) - {me}
    score: dict[str, float] = defaultdict(float)
    by: Counter[str] = Counter()
    for u in circle:
        for x in steps[u]:
            score[x] += 1 / len(circle) / len(steps[u])
            by[x] += 1
    drop = out[me] | set(neighbours.get(me, ())) | {me}
    return {x: (s, by[x]) for x, s in score.items() if x not in drop}


def check_follow_ranking(
    got: list[tuple[str, float, int]], want: Mapping[str, tuple[float, int]], keep: int
) -> None:
    """`got` (id, score, count) is `want`'s best `keep` within float tolerance: each score
    and count right, best first, and nobody clearly better left out."""
    for x, score, count in got:
        assert np.isclose(score, want[x][0], rtol=1e-5), (x, score, want[x])
        assert count == want[x][1], (x, count, want[x])
    scores = [s for _, s, _ in got]
    assert all(a >= b * (1 - 1e-6) for a, b in itertools.pairwise(scores))
    assert len(got) == min(len(want), keep)
    if len(want) <= keep:
        assert {x for x, _, _ in got} == set(want)
    else:
        cut = sorted((s for s, _ in want.values()), reverse=True)[keep - 1]
        clearly_better = {x for x, (s, _) in want.items() if s > cut * (1 + 1e-5)}
        assert clearly_better <= {x for x, _, _ in got}
