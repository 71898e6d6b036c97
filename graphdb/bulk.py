"""Bulk loading of whole networks (generated or imported) in checkpointed batches.

Each batch is a CREATE of `UNWIND $rows` committed together with its checkpoint, so an
interrupted load resumes after its last committed batch and a finished one adds
nothing. CREATE, not MERGE: a relationship MERGE scans the adjacency of both ends,
which collapses at hubs; the rows are deduplicated before they get here instead.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from graphdb.graph import Graph, Tx
from graphdb.queries import connections as qc
from graphdb.queries import follows as qf
from graphdb.queries import invitations as qi
from graphdb.queries import loading as ql
from graphdb.queries import organizations as qo
from graphdb.queries import people as qp
from graphdb.queries import posts as qpo

Rows = list[dict[str, Any]]

# Measured on the local store (2 cores; 200,000 connections into 100,000 people): 5,000
# rows a batch loaded 6,600 rows/s, 20,000 loaded 6,050. Batches in parallel were slower
# (2 at once: 4,450; 4 of 1,000: 3,070): the store is CPU-bound on record and index
# writes and concurrent batches conflict. So one batch at a time.
BATCH_SIZE = 5_000


@dataclasses.dataclass
class Network:
    """Rows for the LOAD_* statements; `name` identifies it for load checkpoints."""

    name: str
    people: Rows
    connections: Rows  # lowId < highId, each pair once
    follows: Rows  # one-way follows beyond those connections imply
    invitations: Rows = dataclasses.field(default_factory=list)  # pending
    organizations: Rows = dataclasses.field(default_factory=list)
    affiliations: Rows = dataclasses.field(default_factory=list)  # work or study
    posts: Rows = dataclasses.field(default_factory=list)

    def parts(self) -> list[tuple[str, LiteralString, Rows]]:
        """(part, statement, rows) in the order they must load: nodes first."""
        return [
            ("people", qp.LOAD_PEOPLE, self.people_rows),
            ("organizations", qo.LOAD_ORGANIZATIONS, self.organizations),
            ("connections", qc.LOAD_CONNECTIONS, self.connections),
            ("follows", qf.LOAD_FOLLOWS, self.follows),
            ("invitations", qi.LOAD_INVITATIONS, self.invitations),
            ("affiliations", qo.LOAD_AFFILIATIONS, self.affiliations),
            ("posts", qpo.LOAD_POSTS, self.posts),
            ("post times", qpo.LOAD_POST_TIMES, latest_post_times(self.posts)),
        ]

    @functools.cached_property
    def people_rows(self) -> Rows:
        """The people as they are written: each with `linkedAt`, as CONNECT keeps it."""
        return with_link_times(self.people, self.connections)

    def counts(self) -> dict[str, int]:
        return {part: len(rows) for part, _, rows in self.parts()}

    def shape(self) -> dict[str, int]:
        """Its size and how its degrees spread: connections per person (median, p99,
        most) and the largest following (a connection is a follow each way)."""
        degree = Counter(x for c in self.connections for x in (c["lowId"], c["highId"]))
        per_person = sorted(degree.get(p["id"], 0) for p in self.people) or [0]
        followers = Counter(f["followeeId"] for f in self.follows) + degree
        return {
            "people": len(self.people),
            "connections": len(self.connections),
            "follows": len(self.follows),
            "connections_median": per_person[len(per_person) // 2],
            "connections_p99": per_person[round(0.99 * (len(per_person) - 1))],
            "connections_max": per_person[-1],
            "followers_max": max(followers.values(), default=0),
        }


def with_link_times(people: Rows, connections: Rows) -> Rows:
    """People with `linkedAt`, the time of their latest connection, where they have one:
    what tells the suggestions page whether anyone connected with them since a snapshot
    without walking their connections."""
    latest: dict[str, int] = {}
    for c in connections:
        for end in (c["lowId"], c["highId"]):
            if latest.get(end, c["since"] - 1) < c["since"]:
                latest[end] = c["since"]
    return [{**p, "linkedAt": latest[p["id"]]} if p["id"] in latest else p for p in people]


def latest_post_times(posts: Rows) -> Rows:
    """Each author's latest post time, and latest public one (None if none)."""
    latest: dict[str, list[int | None]] = {}
    for post in posts:
        times = latest.setdefault(post["authorId"], [None, None])
        created = post["createdAt"]
        times[0] = created if times[0] is None else max(times[0], created)
        if post["visibility"] == "PUBLIC":
            times[1] = created if times[1] is None else max(times[1], created)
    return [
        {"authorId": author, "lastPostedAt": any_time, "lastPublicAt": public_time}
        for author, (any_time, public_time) in sorted(latest.items())
    ]


class Clash(Exception):
    """People of a network are in the store already, from another load."""

    def __init__(self, taken: list[tuple[str, str]]) -> None:
        self.taken = taken
        shown = ", ".join(f"{i} (@{h})" for i, h in taken)
        super().__init__(f"the store already holds people with these ids or handles: {shown}")


async def check_clashes(graph: Graph, network: Network, batch_size: int = BATCH_SIZE) -> None:
    """Refuse a network whose people (those its own checkpoint has not loaded yet) meet
    people already in the store, before anything is written."""
    saved = await graph.rows(ql.LOAD_PROGRESS, name=f"{network.name}:people")
    done = saved[0]["done"] if saved else 0
    for offset in range(done, len(network.people), batch_size):
        batch = [
            {"id": p["id"], "handle": p["handle"]}
            for p in network.people[offset : offset + batch_size]
        ]
        taken = await graph.rows(ql.TAKEN_PEOPLE, rows=batch)
        if taken:
            raise Clash([(row["id"], row["handle"]) for row in taken])


@dataclasses.dataclass
class PartLoad:
    """Where one part of a load stands, over every run that worked on it."""

    part: str
    total: int  # rows in the network
    done: int  # rows loaded, by this run and earlier ones
    loaded_now: int = 0
    timed_rows: int = 0  # rows whose load time is known
    seconds: float = 0.0  # the time those rows took

    @property
    def rate(self) -> float | None:
        """Rows per second of store time, or None before any timed batch."""
        return self.timed_rows / self.seconds if self.seconds else None


Progress = Callable[[PartLoad], None]


async def load(
    graph: Graph, network: Network, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> dict[str, PartLoad]:
    """Load what is not loaded yet; returns where each part stands. `progress` hears of
    each part when it starts (resumed or not) and after each batch."""
    parts = {}
    for part, statement, rows in network.parts():
        checkpoint = f"{network.name}:{part}"
        saved = await graph.rows(ql.LOAD_PROGRESS, name=checkpoint)
        state = PartLoad(part, len(rows), 0)
        if saved:
            state.done, state.timed_rows = saved[0]["done"], saved[0]["timedRows"]
            state.seconds = saved[0]["seconds"]
        if progress is not None:
            progress(state)
        # Store time since this run began the part, on top of earlier runs' time. Each
        # checkpoint records it just before its commit; the next batch's count takes in
        # that commit, so only the last commit of a part goes uncounted.
        zero = time.perf_counter() - state.seconds  # the clock reading of "0 s so far"
        for offset in range(state.done, len(rows), batch_size):
            batch = rows[offset : offset + batch_size]
            state.seconds = await graph.write(_batch(statement, batch, checkpoint, state, zero))
            state.done += len(batch)
            state.loaded_now += len(batch)
            state.timed_rows += len(batch)
            if progress is not None:
                progress(state)
        parts[part] = state
    return parts


def _batch(
    statement: LiteralString, rows: Rows, checkpoint: str, state: PartLoad, zero: float
) -> Callable[[Tx], Awaitable[float]]:
    """One batch and its checkpoint, in one transaction; returns the seconds recorded."""
    done, timed = state.done + len(rows), state.timed_rows + len(rows)

    async def work(tx: Tx) -> float:
        await tx.rows(statement, rows=rows)
        elapsed = time.perf_counter() - zero
        await tx.rows(ql.SAVE_PROGRESS, name=checkpoint, done=done, timedRows=timed,
                      seconds=elapsed)  # fmt: skip
        return elapsed

    return work
