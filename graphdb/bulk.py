"""Bulk loading of whole networks (generated or imported) in checkpointed batches.

Each batch is a CREATE of `UNWIND $rows` committed together with its checkpoint, so an
interrupted load resumes after its last committed batch and a finished one adds
nothing. CREATE, not MERGE: a relationship MERGE scans the adjacency of both ends,
which collapses at hubs; the rows are deduplicated before they get here instead.
"""

from __future__ import annotations

import dataclasses
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
            ("people", qp.LOAD_PEOPLE, self.people),
            ("organizations", qo.LOAD_ORGANIZATIONS, self.organizations),
            ("connections", qc.LOAD_CONNECTIONS, self.connections),
            ("follows", qf.LOAD_FOLLOWS, self.follows),
            ("invitations", qi.LOAD_INVITATIONS, self.invitations),
            ("affiliations", qo.LOAD_AFFILIATIONS, self.affiliations),
            ("posts", qpo.LOAD_POSTS, self.posts),
            ("post times", qpo.LOAD_POST_TIMES, latest_post_times(self.posts)),
        ]

    def counts(self) -> dict[str, int]:
        return {part: len(rows) for part, _, rows in self.parts()}


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


Progress = Callable[[str, int], None]


async def load(
    graph: Graph, network: Network, batch_size: int = 5_000, progress: Progress | None = None
) -> dict[str, int]:
    """Load what is not loaded yet; returns the rows loaded now, by part. `progress`
    hears of each part's rows already loaded, then of each batch."""
    loaded = {}
    for part, statement, rows in network.parts():
        checkpoint = f"{network.name}:{part}"
        saved = await graph.rows(ql.LOAD_PROGRESS, name=checkpoint)
        start = saved[0]["done"] if saved else 0
        if progress is not None and start:
            progress(part, start)
        for offset in range(start, len(rows), batch_size):
            batch = rows[offset : offset + batch_size]
            await graph.write(_batch(statement, batch, checkpoint, offset + len(batch)))
            if progress is not None:
                progress(part, len(batch))
        loaded[part] = max(0, len(rows) - start)
    return loaded


def _batch(
    statement: LiteralString, rows: Rows, checkpoint: str, done: int
) -> Callable[[Tx], Awaitable[None]]:
    """One batch and its checkpoint, in one transaction."""

    async def work(tx: Tx) -> None:
        await tx.rows(statement, rows=rows)
        await tx.rows(ql.SAVE_PROGRESS, name=checkpoint, done=done)

    return work
