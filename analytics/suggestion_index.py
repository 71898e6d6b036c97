"""A run's suggestions on disk, read by the serving path in one indexed lookup.

SQLite (the standard library's): a row per person keyed by id, holding their ranked
lists as packed arrays of node numbers, and a table turning node numbers back into
ids. A lookup is two indexed reads of well under a millisecond, from a file the run
writes once and the service only opens read-only.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the service reads the index without the compute side (scipy)
    from analytics.candidates import Candidates

FILE = "suggestions.sqlite"
# Written into the file; a file of another version is not read (a run from before the
# last change of its tables serves no suggestions until the next run).
VERSION = 4
# Mutual connections kept beside each of the first connect suggestions of a list, and
# people followed who follow each of the first follow suggestions.
WITNESSES = 3

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE nodes (n INTEGER PRIMARY KEY, id TEXT NOT NULL);
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  connections INTEGER NOT NULL,
  followers INTEGER NOT NULL,
  following INTEGER NOT NULL,
  walk INTEGER NOT NULL,
  secondDegree INTEGER NOT NULL,
  connect BLOB NOT NULL,
  connectCounts BLOB NOT NULL,
  connectWitnesses BLOB NOT NULL,
  follow BLOB NOT NULL,
  followCounts BLOB NOT NULL,
  followScores BLOB NOT NULL,
  followWitnesses BLOB NOT NULL
) WITHOUT ROWID;
"""


@dataclasses.dataclass(frozen=True)
class ConnectCandidate:
    id: str
    mutual: int
    # a few of the mutual connections at the snapshot (the first of a list only)
    witnesses: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class FollowCandidate:
    id: str
    followed_by: int  # how many of the person's circle follow them
    score: float  # the walk's probability, as float32 (what the run ranked by)
    person: bool  # else an organization
    # a few people the person followed who chose to follow it, at the snapshot (the
    # first of a list only)
    witnesses: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class PersonSuggestions:
    connections: int
    following: int  # people and organizations they follow
    walk: int  # connections of all their connections, at the snapshot
    second_degree: int  # exact, at the snapshot
    connect: list[ConnectCandidate]
    follow: list[FollowCandidate]


def write(path: Path, found: Candidates) -> None:
    """Everyone's lists into `path` (replaced whole: readers see the old file or the new)."""
    temporary = path.with_suffix(".partial")
    temporary.unlink(missing_ok=True)
    db = sqlite3.connect(temporary)
    try:
        # a person's row (about 3 KB) fits a 16 KB page: no overflow pages, 40% smaller
        db.execute("PRAGMA page_size = 16384")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        names = found.ids.to_pylist()
        db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        db.execute("INSERT INTO meta VALUES ('people', ?)", (found.people,))
        db.executemany("INSERT INTO nodes VALUES (?, ?)", enumerate(names))
        # people are numbered in id order: the primary key's B-tree is written front to back
        db.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _rows(names, found),
        )
        db.commit()
    finally:
        db.close()
    os.replace(temporary, path)


_CHUNK = 1 << 16  # people whose lists are packed at once: bounded extra memory


def _rows(names: list[str | None], found: Candidates) -> Iterator[tuple]:
    """Each person's row, its blobs sliced from a chunk of people packed at once (one
    array conversion per chunk and column, not seven per person: 18 -> ~5 s a million)."""
    c, f = found.connect, found.follow
    assert f.scores is not None
    none = np.zeros(found.people + 1, dtype=np.int64)
    blobs = [
        (c.indptr, c.items, "<i4"),
        (c.indptr, c.counts, "<i4"),
        (none if c.witness_indptr is None else c.witness_indptr, c.witnesses, "<i4"),
        (f.indptr, f.items, "<i4"),
        (f.indptr, f.counts, "<i4"),
        (f.indptr, f.scores, "<f4"),
        (none if f.witness_indptr is None else f.witness_indptr, f.witnesses, "<i4"),
    ]
    for start in range(0, found.people, _CHUNK):
        end = min(start + _CHUNK, found.people)
        packed = []
        for indptr, values, dtype in blobs:
            lo, hi = int(indptr[start]), int(indptr[end])
            data = b"" if values is None else values[lo:hi].astype(dtype).tobytes()
            packed.append((data, ((indptr[start : end + 1] - lo) * 4).tolist()))
        counts = [
            a[start:end].tolist()
            for a in (
                found.degree,
                found.followers,
                found.following,
                found.walk,
                found.second_degree,
            )
        ]
        for i in range(end - start):
            yield (
                names[start + i],
                *(column[i] for column in counts),
                *(data[at[i] : at[i + 1]] for data, at in packed),
            )


class SuggestionIndex:
    """One run's suggestions, opened read-only."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self.version = meta.get("version")
        self._people = meta["people"]

    def close(self) -> None:
        self._db.close()

    def person(self, person_id: str) -> PersonSuggestions | None:
        row = self._db.execute(
            "SELECT connections, following, walk, secondDegree, connect, connectCounts,"
            " connectWitnesses, follow, followCounts, followScores, followWitnesses"
            " FROM people WHERE id = ?",
            (person_id,),
        ).fetchone()
        if row is None:
            return None
        connections, following, walk, second, *blobs = row
        connect, mutual, connect_noted, follow, followed_by = (
            np.frombuffer(b, "<i4") for b in blobs[:5]
        )
        scores = np.frombuffer(blobs[5], "<f4").tolist()
        follow_noted = np.frombuffer(blobs[6], "<i4")
        names = self._names(
            np.concatenate(
                [
                    connect,
                    follow,
                    connect_noted[connect_noted >= 0],
                    follow_noted[follow_noted >= 0],
                ]
            ).tolist()
        )
        connect_witnesses = _noted(connect_noted, names)
        follow_witnesses = _noted(follow_noted, names)
        return PersonSuggestions(
            connections,
            following,
            walk,
            second,
            [
                ConnectCandidate(names[n], int(m), _at(connect_witnesses, i))
                for i, (n, m) in enumerate(zip(connect.tolist(), mutual.tolist(), strict=True))
            ],
            [
                FollowCandidate(names[n], int(c), s, n < self._people, _at(follow_witnesses, i))
                for i, (n, c, s) in enumerate(
                    zip(follow.tolist(), followed_by.tolist(), scores, strict=True)
                )
            ],
        )

    def counts(self, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Followers and connections of each of `ids` the snapshot has."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        query = f"SELECT id, followers, connections FROM people WHERE id IN ({marks})"
        return {i: (f, c) for i, f, c in self._db.execute(query, list(ids)).fetchall()}

    def walks(self) -> dict[str, int]:
        """Everyone's walk (connections of all their connections): a scan, for benchmarks."""
        return dict(self._db.execute("SELECT id, walk FROM people").fetchall())

    def _names(self, numbers: list[int]) -> dict[int, str]:
        if not numbers:
            return {}
        wanted = sorted(set(numbers))
        marks = ",".join("?" * len(wanted))
        query = f"SELECT n, id FROM nodes WHERE n IN ({marks})"
        return dict(self._db.execute(query, wanted).fetchall())


def _noted(numbers: np.ndarray, names: dict[int, str]) -> list[tuple[str, ...]]:
    """Noted people, WITNESSES a suggestion (-1 pads), as ids."""
    return [
        tuple(names[w] for w in row if w >= 0) for row in numbers.reshape(-1, WITNESSES).tolist()
    ]


def _at(noted: list[tuple[str, ...]], i: int) -> tuple[str, ...]:
    return noted[i] if i < len(noted) else ()


def prune(run_folders: Sequence[Path], keep: int) -> None:
    """Delete the suggestion files of all but the first `keep` of `run_folders` (newest
    first). A service still reading one keeps it open until it moves to the newest."""
    for folder in run_folders[keep:]:
        (folder / FILE).unlink(missing_ok=True)


def open_index(path: Path) -> SuggestionIndex | None:
    """The index at `path`, if it exists and is of this version."""
    if not path.exists():
        return None
    index = SuggestionIndex(path)
    if index.version != VERSION:
        index.close()
        return None
    return index
