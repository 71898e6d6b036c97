"""Suggestions for everyone, computed from a snapshot: whom to connect with, whom to follow.

Connect: every person two connections away, ranked by mutual connections (most first,
id breaking ties), the best `CONNECT_KEEP` kept, and how many there are in all (the
exact second degree). Follow: everyone and every organization followed by the viewer's
circle (the people they follow and their connections) whom the viewer neither follows
nor is connected to, ranked by a two-step random walk from the viewer: first to someone
in the circle, uniformly, then to someone that person chose to follow (not a follow
that connecting made: those say nothing about interest), uniformly. Its score is
the probability the walk ends there, and `followedBy` how many of the circle follow.

Connect is the square of the connection matrix, row by row in a compiled kernel
(analytics.connect_kernel) that also notes each list's first mutual connections. Follow
is a sparse matrix product, a block of rows at a time so that memory stays bounded
whatever the hubs: a block holds at most `WORK_PER_BLOCK` products.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as _compute
import scipy.sparse as sp

from analytics.connect_kernel import connect_rows, followed_by_rows, top_rows
from analytics.graphs import Graphs
from analytics.suggestion_index import WITNESSES

pc: Any = _compute

CONNECT_KEEP = 200
# The first page's worth of each connect list (a default page and what a merge may
# drop before it) comes with a few mutual connections each, found while counting: the
# serving path then only checks they still hold (for a hub, walking to find them cost
# 224 ms a page at a million people).
WITNESSED = 24
FOLLOW_KEEP = 100
WORK_PER_BLOCK = 1_000_000  # a block's arrays stay in cache: 10% faster than 8,000,000
_UINT32_MAX = np.uint32(2**32 - 1)


@dataclasses.dataclass(frozen=True)
class Ranked:
    """Each person's ranked list, row by row as in a CSR matrix: person i's items are
    `items[indptr[i]:indptr[i + 1]]`, best first."""

    indptr: np.ndarray
    items: np.ndarray
    counts: np.ndarray
    scores: np.ndarray | None = None
    # per person, WITNESSES people (-1 pads) for each of their first items: mutual
    # connections (connect), or people they follow who follow it (follow)
    witness_indptr: np.ndarray | None = None
    witnesses: np.ndarray | None = None

    def of(self, person: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        span = slice(self.indptr[person], self.indptr[person + 1])
        return (
            self.items[span],
            self.counts[span],
            None if self.scores is None else self.scores[span],
        )

    def witnesses_of(self, person: int) -> np.ndarray:
        """The person's first items' noted people, WITNESSES a row (-1 pads)."""
        if self.witness_indptr is None or self.witnesses is None:
            return np.zeros((0, WITNESSES), dtype=np.int32)
        span = slice(self.witness_indptr[person], self.witness_indptr[person + 1])
        return self.witnesses[span].reshape(-1, WITNESSES)


@dataclasses.dataclass(frozen=True)
class Candidates:
    ids: pa.Array  # node number -> id: people in id order, then organizations
    people: int
    connect: Ranked
    second_degree: np.ndarray  # exact, per person
    degree: np.ndarray  # connections per person
    followers: np.ndarray  # people following each person
    following: np.ndarray  # people and organizations each person follows
    walk: np.ndarray  # connections of all their connections: what an online walk costs
    follow: Ranked


def id_order(ids: pa.Array, people: int) -> np.ndarray:
    """Node numbers in id order, people first (0..people-1) and then organizations:
    computed in this numbering, a column number is its own tie-break, as the store
    breaks ties by id."""
    people_order = pc.sort_indices(ids.slice(0, people)).to_numpy()
    others = pc.sort_indices(ids.slice(people)).to_numpy() + people
    return np.concatenate([people_order, others]).astype(np.int64)


def _shape(matrix: sp.spmatrix) -> tuple[int, int]:
    rows, columns = matrix.shape  # the stubs say it may be None: it never is here
    return int(rows), int(columns)


def _blocks(work: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Consecutive row ranges whose work adds up to at most `budget` (or one row)."""
    total = np.cumsum(work)
    start, n = 0, len(work)
    while start < n:
        base = total[start - 1] if start else 0
        end = int(np.searchsorted(total, base + budget, side="right"))
        end = max(end, start + 1)
        yield start, end
        start = end


def _top(
    product: sp.csr_matrix, start: int, order: np.ndarray, exclude: sp.csr_matrix, keep: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of `product` (the rows of people `start`..), the positions (into its
    data) of its `keep` entries of lowest `order` (best first), leaving out the person
    themself and the columns `exclude` has in their row; how many each row kept, and
    how many it had in all (analytics.connect_kernel.top_rows)."""
    return top_rows(
        product.indptr,
        product.indices,
        order,
        exclude.indptr,
        exclude.indices,
        start,
        _shape(product)[1],
        keep,
    )


def _order(value_rank: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """One sortable key per entry, best first: the entry's value rank (an unsigned
    32-bit number, lower is better) in the high half, its column (numbered in id
    order) in the low half. Built in place: it is the block's largest array."""
    key = value_rank.astype(np.uint64)
    key <<= np.uint64(32)
    key |= columns.astype(np.uint64, copy=False)
    return key


# A block's rows: where they start, how many each kept, their columns of results.
Part = tuple[int, np.ndarray, list[np.ndarray]]


def _assemble(n: int, parts: list[Part]) -> list[np.ndarray]:
    indptr = np.zeros(n + 1, dtype=np.int64)
    for start, kept, _ in parts:
        indptr[start + 1 : start + 1 + len(kept)] = kept
    np.cumsum(indptr, out=indptr)
    columns = []
    for i in range(len(parts[0][2]) if parts else 0):
        columns.append(np.concatenate([arrays[i] for _, _, arrays in parts]))
        for _, _, arrays in parts:  # each column's pieces go once it is whole
            arrays[i] = np.zeros(0, arrays[i].dtype)
    return [indptr, *columns]


def _each_block(
    work: Callable[[tuple[int, int]], Part], spans: Iterable[tuple[int, int]], threads: int
) -> list[Part]:
    """`work` on every block, in order, `threads` at a time: the products and numpy's
    sorts release the GIL (two threads took 2.1 times less time on two cores)."""
    if threads <= 1:
        return [work(span) for span in spans]
    spans = iter(spans)
    first = next(spans, None)
    if first is None:
        return []
    # The first block in this thread: numba compiles (or loads from its cache) a kernel
    # on its first call, and two threads doing that at once crashed the process (a bus
    # error reading the cache file the other was writing).
    done = [work(first)]
    with ThreadPoolExecutor(threads) as pool:
        return done + list(pool.map(work, spans))


def connect_candidates(
    adjacency: sp.csr_matrix, keep: int = CONNECT_KEEP, threads: int = 1
) -> tuple[Ranked, np.ndarray, np.ndarray]:
    """Top `keep` second-degree people per person by mutual connections, each of the
    first `WITNESSED` with its first `WITNESSES` mutual connections, and each person's
    exact second degree and walk (connections of all their connections)."""
    n = _shape(adjacency)[0]
    adjacency.sort_indices()  # mutual connections are noted in id order
    degree = np.diff(adjacency.indptr).astype(np.int64)
    walk = adjacency @ degree
    indptr, indices = adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int32)

    # a mutual count is at most a degree: most networks' fit 16 bits, half the memory
    # of the run's largest arrays
    count_type = np.uint16 if len(degree) == 0 or degree.max() < 2**16 else np.int32

    def block(span: tuple[int, int]) -> tuple[int, np.ndarray, list[np.ndarray]]:
        start, end = span
        items, counts, witnesses, kept, second = connect_rows(
            indptr, indices, start, end, keep, WITNESSED, WITNESSES, np.zeros(n, count_type)
        )
        return start, kept, [items, counts.astype(count_type), witnesses, second]

    # a few blocks per thread: the kernel's accumulators are as wide as the network
    budget = max(int(walk.sum()) // (8 * max(threads, 1)), 1)
    parts = _each_block(block, _blocks(walk, budget), threads)
    if not parts:
        empty = Ranked(np.zeros(n + 1, dtype=np.int64), *_empty(n, 2)[1:])
        return empty, np.zeros(n, dtype=np.int64), walk
    indptr_out, items, counts, witnesses, second = _assemble(n, parts)
    witnessed = np.minimum(np.diff(indptr_out), WITNESSED) * WITNESSES
    witness_indptr = np.concatenate([[0], np.cumsum(witnessed)]).astype(np.int64)
    ranked = Ranked(indptr_out, items, counts, witness_indptr=witness_indptr, witnesses=witnesses)
    return ranked, second.astype(np.int64), walk


def follow_candidates(
    circle: sp.csr_matrix,
    follows: sp.csr_matrix,
    taken: sp.csr_matrix,
    keep: int = FOLLOW_KEEP,
    threads: int = 1,
) -> Ranked:
    """Top `keep` people or organizations to follow per person by the two-step walk.

    `circle` (people x people): whom each person's walk may step to first; `follows`
    (people x targets, targets being the people then the organizations): whom each
    one's second step may go to; `taken` (the same shape): pairs never suggested (whom
    they follow already, their connections)."""
    n = _shape(circle)[0]
    out = np.diff(follows.indptr).astype(np.float64)
    # One product carries both figures: the real part counts the circle's follows, the
    # imaginary part sums each follow's step probability 1/(follows of the one stepped to).
    steps = follows.astype(np.complex64)
    steps.data = (1.0 + 1j / np.repeat(out, np.diff(follows.indptr))).astype(np.complex64)
    size = np.diff(circle.indptr).astype(np.float64)
    work = circle @ out
    exclude = taken.tocsr()

    def block(span: tuple[int, int]) -> tuple[int, np.ndarray, list[np.ndarray]]:
        start, end = span
        product = circle[start:end].astype(np.complex64) @ steps
        # Ranked by the weight before it is divided by the circle's size (the same for
        # the whole row), as float32: sums of the same terms in another order differ in
        # their last bits, and a tie must stay a tie, broken by id. A positive float32's
        # bits sort as the float does.
        weight = product.data.imag.astype(np.float32)
        order = _order(_UINT32_MAX - weight.view(np.uint32), product.indices)
        chosen, kept, _ = _top(product, start, order, exclude, keep)
        rows = np.repeat(np.arange(end - start), kept)
        return (
            start,
            kept,
            [
                product.indices[chosen].astype(np.int32),
                np.rint(product.data.real[chosen]).astype(np.int32),
                (weight[chosen] / size[start + rows]).astype(np.float32),
            ],
        )

    parts = _each_block(block, _blocks(work, WORK_PER_BLOCK), threads)
    indptr, items, counts, scores = _assemble(n, parts) if parts else _empty(n, 3)
    return Ranked(indptr, items, counts, scores)


def followed_by(
    ranked: Ranked, follows: sp.csr_matrix, chosen: sp.csr_matrix, people: int, threads: int = 1
) -> Ranked:
    """`ranked` (follow suggestions) with, for each person's first `WITNESSED`, the first
    `WITNESSES` people they follow who chose to follow it (-1 pads): what the serving
    path shows as "followed by", checked there instead of walked (for a hub, a walk
    from either side is thousands of follows)."""
    follows.sort_indices()
    chosen.sort_indices()
    targets = _shape(follows)[1]
    out = np.diff(chosen.indptr).astype(np.int64)
    walk = follows @ np.concatenate([out, np.zeros(targets - len(out), dtype=np.int64)])
    f_indptr, f_indices = follows.indptr.astype(np.int64), follows.indices.astype(np.int32)
    c_indptr, c_indices = chosen.indptr.astype(np.int64), chosen.indices.astype(np.int32)
    r_indptr, r_items = ranked.indptr.astype(np.int64), ranked.items.astype(np.int64)

    def block(span: tuple[int, int]) -> tuple[int, np.ndarray, list[np.ndarray]]:
        start, end = span
        found = followed_by_rows(
            f_indptr, f_indices, c_indptr, c_indices, people, targets,
            r_indptr, r_items, start, end, WITNESSED, WITNESSES,
        )  # fmt: skip
        return start, np.zeros(0, dtype=np.int64), [found]

    budget = max(int(walk.sum()) // (8 * max(threads, 1)), 1)
    parts = _each_block(block, _blocks(walk, budget), threads)
    witnesses = np.concatenate([p[2][0] for p in parts]) if parts else np.zeros(0, np.int32)
    noted = np.minimum(np.diff(r_indptr), WITNESSED) * WITNESSES
    witness_indptr = np.concatenate([[0], np.cumsum(noted)]).astype(np.int64)
    return dataclasses.replace(ranked, witness_indptr=witness_indptr, witnesses=witnesses)


def _empty(n: int, columns: int) -> list[np.ndarray]:
    return [np.zeros(n + 1, dtype=np.int64), *(np.zeros(0, np.int32) for _ in range(columns))]


def matrices(
    n: int,
    targets: int,
    connection_ends: tuple[np.ndarray, np.ndarray],
    follow_ends: tuple[np.ndarray, np.ndarray],
    chosen: np.ndarray | None = None,
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """0/1 matrices: connections (people x people), the walk's circle (follows and
    connections, people x people), follows (people x targets), the follows the walk's
    second step takes (those `chosen`: default all), connections padded to the targets'
    width."""
    # int32 node numbers (a network of under 2^31 people and organizations): half the
    # memory of int64 while the matrices are built, the run's peak at a million people
    index = np.int32 if targets < 2**31 else np.int64
    a, b = (e.astype(index, copy=False) for e in connection_ends)
    keep = a != b
    a, b = a[keep], b[keep]
    connections = _binary(np.concatenate([a, b]), np.concatenate([b, a]), (n, n))
    f, t = (e.astype(index, copy=False) for e in follow_ends)
    keep = f != t
    chosen = np.ones(len(f), dtype=bool) if chosen is None else np.asarray(chosen, dtype=bool)
    f, t, chosen = f[keep], t[keep], chosen[keep]
    follows = _binary(f, t, (n, targets))
    steps = _binary(f[chosen], t[chosen], (n, targets))
    people = t < n
    circle = _binary(np.concatenate([f[people], a, b]), np.concatenate([t[people], b, a]), (n, n))
    padded = sp.csr_matrix(
        (connections.data, connections.indices, connections.indptr), shape=(n, targets)
    )
    return connections, circle, follows, steps, padded


def _binary(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=shape)
    matrix.data[:] = 1  # duplicates were summed: back to 0/1
    return matrix


def follow_targets(
    graphs: Graphs,
) -> tuple[pa.Array, tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Everyone a person may follow as node numbers: the people (0..n-1), then the
    organizations someone follows; every follow's ends so numbered; and which follows
    were chosen (not made by connecting: an organization's always)."""
    snapshot = graphs.snapshot
    follower, followee = graphs.follow_ends
    if snapshot is None:
        return graphs.ids, (follower, followee), np.ones(len(follower), dtype=bool)
    via = snapshot.read("follows", ["viaConnection"])["viaConnection"]
    chosen = ~pc.fill_null(via, False).to_numpy(zero_copy_only=False).astype(bool)
    if not snapshot.table_path("organizationFollows").exists():
        return graphs.ids, (follower, followee), chosen  # a snapshot from before them
    table = snapshot.read("organizationFollows", ["person", "organization"])
    person = pc.index_in(table["person"], value_set=graphs.ids)
    known = pc.is_valid(person)
    person = pc.filter(person, known).to_numpy(zero_copy_only=False).astype(np.uint64)
    encoded = pc.dictionary_encode(pc.filter(table["organization"], known)).combine_chunks()
    organization = encoded.indices.to_numpy(zero_copy_only=False).astype(np.uint64) + graphs.n
    return (
        pa.concat_arrays([graphs.ids, encoded.dictionary.cast(pa.string())]),
        (np.concatenate([follower, person]), np.concatenate([followee, organization])),
        np.concatenate([chosen, np.ones(len(person), dtype=bool)]),
    )


@dataclasses.dataclass(frozen=True)
class Prepared:
    """The matrices the kernels read, numbered in id order: once built, the caller can
    let the snapshot's ends go (0.9 GB at a million people) before the kernels run."""

    ids: pa.Array  # node number -> id, in id order
    people: int
    connections: sp.csr_matrix
    circle: sp.csr_matrix
    follows: sp.csr_matrix
    steps: sp.csr_matrix
    padded: sp.csr_matrix


def prepare(
    ids: pa.Array,
    people: int,
    connection_ends: tuple[np.ndarray, np.ndarray],
    follow_ends: tuple[np.ndarray, np.ndarray],
    chosen: np.ndarray | None = None,
) -> Prepared:
    """Nodes 0..people-1 are people, the rest of `ids` organizations (follow targets
    only); the ends are node numbers; `chosen` says which follows the walk's second
    step takes (default all)."""
    order = id_order(ids, people)
    number = np.empty(len(order), dtype=np.int32 if len(order) < 2**31 else np.int64)
    number[order] = np.arange(len(order))
    matrices_ = matrices(
        people,
        len(ids),
        (number[connection_ends[0]], number[connection_ends[1]]),
        (number[follow_ends[0]], number[follow_ends[1]]),
        chosen,
    )
    return Prepared(ids.take(pa.array(order)), people, *matrices_)


def rank(prepared: Prepared, threads: int = 1) -> Candidates:
    """Everyone's suggestions, `threads` blocks at a time, numbered in id order."""
    p = prepared
    connect, second, walk = connect_candidates(p.connections, threads=threads)
    follow = follow_candidates(p.circle, p.steps, p.follows + p.padded, threads=threads)
    follow = followed_by(follow, p.follows, p.steps, p.people, threads=threads)
    degree = np.diff(p.connections.indptr).astype(np.int64)
    followers = np.bincount(p.follows.indices, minlength=len(p.ids))[: p.people]
    following = np.diff(p.follows.indptr).astype(np.int64)
    return Candidates(
        p.ids,
        p.people,
        connect,
        second,
        degree,
        followers.astype(np.int64),
        following,
        walk,
        follow,
    )
