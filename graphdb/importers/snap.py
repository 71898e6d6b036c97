"""SNAP edge lists (snap.stanford.edu): `#` comments, two node ids a line, separated by
a tab or spaces; CRLF tolerated. Imported as one-way follows or as connections."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from graphdb.bulk import Network
from graphdb.importers import EdgeSet, ImportFailed, Skipped, fingerprint, text_lines

As = Literal["follows", "connections"]


def read_edges(path: Path) -> list[tuple[int, int, int]]:
    """(line, from, to) for every edge line."""
    edges = []
    for n, line in text_lines(path):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) != 2:
            raise ImportFailed(
                path, n, f"expected two node ids separated by a tab or spaces, not {line!r}"
            )
        try:
            a, b = int(fields[0]), int(fields[1])
        except ValueError:
            raise ImportFailed(path, n, f"node ids must be whole numbers, not {line!r}") from None
        if a < 0 or b < 0:
            raise ImportFailed(path, n, "node ids must not be negative")
        edges.append((n, a, b))
    return edges


def network(
    path: Path, *, as_: As, prefix: str, now_ms: int | None = None
) -> tuple[Network, Skipped]:
    """People named after their node ids, and each edge once (self-loops left out)."""
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    seen = EdgeSet(directed=as_ == "follows")
    nodes: set[int] = set()
    for _, a, b in read_edges(path):
        nodes.update((a, b))
        seen.add(a, b)

    def pid(node: int) -> str:
        return f"{prefix}-{node}"

    people = [
        {"id": pid(node), "handle": pid(node), "name": f"{prefix} {node}", "createdAt": now}
        for node in sorted(nodes)
    ]
    edges = sorted(seen.pairs)
    if as_ == "follows":
        follows = [
            {"followerId": pid(a), "followeeId": pid(b), "since": now, "viaConnection": False}
            for a, b in edges
        ]
        connections = []
    else:
        follows = []
        # Ids compare as strings in the store: order each pair that way.
        connections = [
            {"lowId": min(pid(a), pid(b)), "highId": max(pid(a), pid(b)), "since": now}
            for a, b in edges
        ]
    name = f"snap:{prefix}:{as_}:{fingerprint(path)}"
    return Network(name, people, connections, follows), seen.skipped
