"""Everyone's second degree, one row of the connection matrix's square at a time,
compiled with numba: Gustavson's row-by-row product into a dense accumulator; then,
for the first of each row's best, their first mutual connections, walking each one's
connections against the person's (marked) until a few are found. And the same note for
follow suggestions: the first people each person follows who chose to follow them.

scipy's product, a partition per row and the key arrays around them cost 2-3 times
this (most of it numpy's fixed cost per call, a million rows times a dozen calls), and
could not say which connections made a count without walking the square again.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_LOW = np.uint64(0xFFFFFFFF)


@njit(nogil=True, cache=True)
def connect_rows(
    indptr: np.ndarray,
    indices: np.ndarray,
    start: int,
    end: int,
    keep: int,
    witnessed: int,
    per: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each person `start`..`end-1` of the symmetric 0/1 matrix (CSR, columns sorted
    in id order): their best `keep` people two connections away (most mutual
    connections, then lowest column), those people's mutual counts, the first `per`
    mutual connections (lowest columns; -1 pads) of the first `witnessed` of them, how
    many each row kept, and each row's exact second degree."""
    n = len(indptr) - 1
    count = np.zeros(n, dtype=np.int32)
    marker = np.full(n, -1, dtype=np.int32)
    touched = np.empty(n, dtype=np.int32)
    tally = np.zeros(n + 1, dtype=np.int64)  # candidates by mutual count, per row
    rows = end - start
    kept = np.zeros(rows, dtype=np.int64)
    second = np.zeros(rows, dtype=np.int64)
    items = np.empty(rows * keep, dtype=np.int32)
    counts = np.empty(rows * keep, dtype=np.int32)
    witnesses = np.full(rows * witnessed * per, -1, dtype=np.int32)
    out = 0
    wout = 0
    for row in range(rows):
        p = start + row
        reached = 0
        for j in range(indptr[p], indptr[p + 1]):
            m = indices[j]
            marker[m] = p
            for k in range(indptr[m], indptr[m + 1]):
                c = indices[k]
                seen = count[c]
                if seen == 0:
                    touched[reached] = c
                    reached += 1
                count[c] = seen + 1
        marker[p] = p  # (the person's connections were marked as they were walked)
        # The candidates (reached, not the person, not already connected), counted by
        # mutual connections: only those at or above the count the best `keep` reach
        # need sorting (a partition of all of them cost 3 times the product).
        top = 0
        total = 0
        for t in range(reached):
            c = touched[t]
            if marker[c] != p:
                seen = count[c]
                tally[seen] += 1
                top = max(top, seen)
                total += 1
        floor = top
        above = 0
        while floor > 1 and above + tally[floor] < keep:
            above += tally[floor]
            floor -= 1
        for t in range(1, top + 1):
            tally[t] = 0
        keys = np.empty(total, dtype=np.uint64)
        size = 0
        for t in range(reached):
            c = touched[t]
            if marker[c] != p and count[c] >= floor:
                keys[size] = (np.uint64(0xFFFFFFFF - count[c]) << np.uint64(32)) | np.uint64(c)
                size += 1
        keys = keys[:size]
        if size > keep:
            keys = np.partition(keys, keep - 1)[:keep]
        keys = np.sort(keys)
        for t in range(len(keys)):
            c = np.int64(keys[t] & _LOW)
            items[out + t] = c
            counts[out + t] = count[c]
            if t < witnessed:
                # the first mutual connections in id order: c's connections that are
                # the person's (marked), found walking c's row until `per` are
                found = 0
                for k in range(indptr[c], indptr[c + 1]):
                    if marker[indices[k]] == p:
                        witnesses[wout + t * per + found] = indices[k]
                        found += 1
                        if found == per:
                            break
        kept[row] = len(keys)
        second[row] = total
        out += len(keys)
        wout += min(len(keys), witnessed) * per
        for t in range(reached):  # clear only what this row touched
            count[touched[t]] = 0
    # copies: slices would keep every block's buffers (sized for `keep` a row) alive
    return items[:out].copy(), counts[:out].copy(), witnesses[:wout].copy(), kept, second


@njit(nogil=True, cache=True)
def followed_by_rows(
    follows_indptr: np.ndarray,
    follows_indices: np.ndarray,
    chosen_indptr: np.ndarray,
    chosen_indices: np.ndarray,
    people: int,
    targets: int,
    ranked_indptr: np.ndarray,
    ranked_items: np.ndarray,
    start: int,
    end: int,
    witnessed: int,
    per: int,
) -> np.ndarray:
    """For each person `start`..`end-1`, their first `witnessed` follow suggestions'
    first `per` people (lowest numbers; -1 pads) whom the person follows and who chose
    to follow the suggestion. Walks the follows of the people they follow, in order,
    until every suggestion has its `per`. Both matrices are people x `targets` (CSR,
    columns sorted; people are targets 0..people-1, organizations the rest)."""
    slot = np.full(targets, -1, dtype=np.int64)  # suggestion -> its place in the row
    found = np.zeros(witnessed, dtype=np.int64)
    total = 0
    for p in range(start, end):
        total += min(ranked_indptr[p + 1] - ranked_indptr[p], witnessed) * per
    out = np.full(total, -1, dtype=np.int32)
    at = 0
    for p in range(start, end):
        first = ranked_indptr[p]
        shown = min(ranked_indptr[p + 1] - first, witnessed)
        for i in range(shown):
            slot[ranked_items[first + i]] = i
            found[i] = 0
        missing = shown
        for j in range(follows_indptr[p], follows_indptr[p + 1]):
            if missing == 0:
                break
            u = follows_indices[j]
            if u >= people:
                break  # organizations follow no one (and come last)
            for k in range(chosen_indptr[u], chosen_indptr[u + 1]):
                i = slot[chosen_indices[k]]
                if i >= 0 and found[i] < per:
                    out[at + i * per + found[i]] = u
                    found[i] += 1
                    if found[i] == per:
                        missing -= 1
        for i in range(shown):
            slot[ranked_items[first + i]] = -1
        at += shown * per
    return out
