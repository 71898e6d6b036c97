"""Everyone's second degree, one row of the connection matrix's square at a time,
compiled with numba: Gustavson's row-by-row product into a dense accumulator; then,
for the first of each row's best, their first mutual connections, the person's
connections searched for in theirs (both sorted) until a few are found. And the same note for
follow suggestions: the first people each person follows who chose to follow them.

scipy's product, a partition per row and the key arrays around them cost 2-3 times
this (most of it numpy's fixed cost per call, a million rows times a dozen calls), and
could not say which connections made a count without walking the square again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

_LOW = np.uint64(0xFFFFFFFF)
BUCKETS = 256


@njit(inline="always")
def _key(mutual: Any, column: Any) -> np.uint64:  # numpy or numba integers
    """Sorts best first: most mutual connections, then the lowest column."""
    return (np.uint64(0xFFFFFFFF - mutual) << np.uint64(32)) | np.uint64(column)


@njit(nogil=True, cache=True)
def connect_rows(
    indptr: np.ndarray,
    indices: np.ndarray,
    start: int,
    end: int,
    keep: int,
    witnessed: int,
    per: int,
    count: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each person `start`..`end-1` of the symmetric 0/1 matrix (CSR, columns sorted
    in id order): their best `keep` people two connections away (most mutual
    connections, then lowest column), those people's mutual counts, the first `per`
    mutual connections (lowest columns; -1 pads) of the first `witnessed` of them, how
    many each row kept, and each row's exact second degree. `count` is the zeroed
    accumulator, as wide as the network, of an integer type that holds any degree: the
    narrower, the more of it stays in cache (16 bits: 7% faster than 32)."""
    n = len(indptr) - 1
    marker = np.full(n, -1, dtype=np.int32)
    touched = np.empty(n, dtype=np.int32)
    # the row's candidates, compacted: reading them again from `touched` through
    # `count` cost a cache miss each (the accumulator is wider than a core's cache)
    reached_column = np.empty(n, dtype=np.int32)
    reached_count = np.empty(n, dtype=np.int32)
    keys = np.empty(n, dtype=np.uint64)
    at_floor = np.empty(n, dtype=np.int32)
    shift = 0
    while (n - 1) >> shift >= BUCKETS:
        shift += 1
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
        # The person and their connections are no candidates: a zero count says so
        # (the marker still tells their connections, for the mutual ones below).
        marker[p] = p
        count[p] = 0
        for j in range(indptr[p], indptr[p + 1]):
            count[indices[j]] = 0
        # The candidates, counted by mutual connections, and the accumulator cleared
        # in the same pass: only those at or above the count the best `keep` reach
        # need sorting (a partition of all of them cost 3 times the product).
        top = 0
        total = 0
        for t in range(reached):
            c = touched[t]
            seen = count[c]
            if seen > 0:
                count[c] = 0
                reached_column[total] = c
                reached_count[total] = seen
                total += 1
                tally[seen] += 1
                top = max(top, seen)
        floor = top
        above = 0
        while floor > 1 and above + tally[floor] < keep:
            above += tally[floor]
            floor -= 1
        for t in range(1, top + 1):
            tally[t] = 0
        # Those above the floor are all kept; of those at it, the lowest columns make
        # up the rest, found by a histogram of their columns and a partition of one
        # bucket (a partition of every candidate's key cost as much as the product).
        size = 0
        level = 0
        for t in range(total):
            seen = reached_count[t]
            if seen > floor:
                keys[size] = _key(seen, reached_column[t])
                size += 1
            elif seen == floor:
                at_floor[level] = reached_column[t]
                level += 1
        need = keep - size
        if level <= need:
            for t in range(level):
                keys[size + t] = _key(floor, at_floor[t])
            size += level
        else:
            bucket = np.zeros(BUCKETS, dtype=np.int64)
            for t in range(level):
                bucket[at_floor[t] >> shift] += 1
            below = 0
            edge = 0
            while below + bucket[edge] < need:
                below += bucket[edge]
                edge += 1
            on_edge = 0
            for t in range(level):
                c = at_floor[t]
                b = c >> shift
                if b < edge:
                    keys[size] = _key(floor, c)
                    size += 1
                elif b == edge:
                    at_floor[on_edge] = c  # behind t: already read
                    on_edge += 1
            rest = need - below
            if on_edge > rest:
                edge_columns = np.partition(at_floor[:on_edge], rest - 1)[:rest]
            else:
                edge_columns = at_floor[:on_edge]
            for t in range(len(edge_columns)):
                keys[size + t] = _key(floor, edge_columns[t])
            size += len(edge_columns)
        best = np.sort(keys[:size])
        for t in range(len(best)):
            c = np.int64(best[t] & _LOW)
            mutual = np.int64(0xFFFFFFFF - (best[t] >> np.uint64(32)))
            items[out + t] = c
            counts[out + t] = mutual
            if t < witnessed:
                # the first mutual connections in id order: the person's connections
                # (sorted) searched for in c's (sorted), both sides only moving forward,
                # until `per` are found or all `mutual` of them
                found = 0
                wanted = min(per, mutual)
                lo = indptr[c]
                hi = indptr[c + 1]
                for j in range(indptr[p], indptr[p + 1]):
                    m = indices[j]
                    lo += np.searchsorted(indices[lo:hi], m)
                    if lo == hi:
                        break
                    if indices[lo] == m:
                        witnesses[wout + t * per + found] = m
                        found += 1
                        if found == wanted:
                            break
        kept[row] = len(best)
        second[row] = total
        out += len(best)
        wout += min(len(best), witnessed) * per
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


@njit(nogil=True, cache=True)
def top_rows(
    indptr: np.ndarray,
    columns: np.ndarray,
    order: np.ndarray,
    exclude_indptr: np.ndarray,
    exclude_indices: np.ndarray,
    start: int,
    width: int,
    keep: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row of a CSR block (the rows of people `start`..), the positions of its
    `keep` entries of lowest `order` (unique keys, best first), leaving out the person
    themself and the columns their `exclude` row has; how many each row kept, and how
    many it had in all. (The same loop in numpy was 72% of the follow stage: a dozen
    calls' fixed cost a row.)"""
    rows = len(indptr) - 1
    marker = np.full(width, -1, dtype=np.int64)
    where = np.empty(width, dtype=np.int64)  # column -> its position in this row
    longest = 0
    for row in range(rows):
        longest = max(longest, indptr[row + 1] - indptr[row])
    keys = np.empty(longest, dtype=np.uint64)
    kept = np.zeros(rows, dtype=np.int64)
    total = np.zeros(rows, dtype=np.int64)
    chosen = np.empty(min(len(columns), rows * keep), dtype=np.int64)
    out = 0
    for row in range(rows):
        lo, hi = indptr[row], indptr[row + 1]
        if lo == hi:
            continue
        person = start + row
        for e in range(exclude_indptr[person], exclude_indptr[person + 1]):
            marker[exclude_indices[e]] = person
        marker[person] = person
        size = 0
        for k in range(lo, hi):
            c = columns[k]
            if marker[c] != person:
                where[c] = k
                keys[size] = order[k]
                size += 1
        total[row] = size
        best = np.partition(keys[:size], keep - 1)[:keep] if size > keep else keys[:size]
        best = np.sort(best)
        for t in range(len(best)):
            chosen[out + t] = where[np.int64(best[t] & _LOW)]
        kept[row] = len(best)
        out += len(best)
    return chosen[:out].copy(), kept, total
