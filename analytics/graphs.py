"""A snapshot's two graphs in networkit: connections (undirected), follows (directed).

People become dense node numbers 0..n-1 in the people table's order; an endpoint the
people table lacks (someone who joined while the snapshot was being taken) is appended.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import networkit as nk
import numpy as np
import pyarrow as pa
import pyarrow.compute as _compute
import scipy.sparse as sp

from analytics.snapshot import Snapshot

# pyarrow generates its compute functions at import: the type checker cannot see them.
pc: Any = _compute


@dataclasses.dataclass
class Graphs:
    ids: pa.Array  # node number -> person id
    connections: nk.Graph
    follows: nk.Graph
    # endpoints as node numbers, in the tables' row order
    connection_ends: tuple[np.ndarray, np.ndarray]
    follow_ends: tuple[np.ndarray, np.ndarray]

    snapshot: Snapshot | None = None

    @property
    def n(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def adjacency(self) -> sp.csr_matrix:
        """The connections as a symmetric 0/1 matrix (CSR)."""
        a, b = (e.astype(np.int64) for e in self.connection_ends)
        keep = a != b
        a, b = a[keep], b[keep]
        ones = np.ones(2 * len(a), dtype=np.int32)
        matrix = sp.csr_matrix(
            (ones, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(self.n, self.n)
        )
        matrix.data[:] = 1  # duplicate rows summed: back to 0/1
        return matrix

    def ends_only(self) -> Graphs:
        """The same people and ends without the networkit graphs (and the matrix), for
        the stages that build their own: their memory goes back first."""
        return dataclasses.replace(
            self, connections=nk.Graph(0), follows=nk.Graph(0, directed=True)
        )

    def labels(self, column: str) -> pa.Array:
        """A people column in node order (null for people the people table lacks)."""
        if self.snapshot is None:
            return pa.nulls(self.n, pa.string())
        known = self.snapshot.read("people", [column])[column].combine_chunks()
        return pa.concat_arrays([known, pa.nulls(self.n - len(known), known.type)])


def _numbered(ids: pa.Array, *columns: pa.Array) -> tuple[pa.Array, list[np.ndarray]]:
    """Each column's ids as node numbers: one dictionary encoding of everything, the
    people first, so person i is node i and any other id gets a number after them."""
    parts = [ids, *columns]
    chunks = [
        c for part in parts for c in (part.chunks if isinstance(part, pa.ChunkedArray) else [part])
    ]
    encoded = pc.dictionary_encode(pa.chunked_array(chunks, type=pa.string()))
    dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else pa.array([], pa.string())
    codes = (
        np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]).astype(
            np.uint64
        )
        if encoded.num_chunks
        else np.zeros(0, np.uint64)
    )
    numbers, at = [], len(ids)
    for column in columns:
        numbers.append(codes[at : at + len(column)])
        at += len(column)
    return dictionary, numbers


def load(snapshot: Snapshot) -> Graphs:
    people = snapshot.read("people", ["id"])["id"]
    conn = snapshot.read("connections", ["a", "b"])
    fol = snapshot.read("follows", ["follower", "followee"])
    ids, (ca, cb, ff, fe) = _numbered(
        people, conn["a"], conn["b"], fol["follower"], fol["followee"]
    )
    return Graphs(
        ids,
        build(len(ids), ca, cb, False),
        build(len(ids), ff, fe, True),
        (ca, cb),
        (ff, fe),
        snapshot,
    )


def build(n: int, src: np.ndarray, dst: np.ndarray, directed: bool) -> nk.Graph:
    """A graph without self-loops or repeated edges, made from a CSR matrix in C++:
    `addEdges` reads numpy arrays an element at a time through Python (0.55 µs an
    edge; a million people's 23M follows took 18 s, 3.8 s this way), and rows in
    order make the graph's own walks faster (PageRank 30%)."""
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if not directed:  # each edge once: networkit stores it from both ends
        src, dst = np.minimum(src, dst), np.maximum(src, dst)
    # repeated pairs become one entry (their values are summed, and unused)
    matrix = sp.csr_matrix(
        (np.ones(len(src), dtype=np.int32), (src.astype(np.int64), dst.astype(np.int64))),
        shape=(n, n),
    )
    return nk.graph.GraphFromCsr(matrix, directed=directed, weighted=False)
