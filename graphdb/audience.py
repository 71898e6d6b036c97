"""What the store knows about a viewer's standing towards people."""

from __future__ import annotations

from collections.abc import Sequence

from graphdb.connections import pair_key
from graphdb.graph import Runner
from graphdb.queries import audience as q


async def connected_to(g: Runner, viewer_id: str, ids: Sequence[str]) -> dict[str, bool]:
    """Whether the viewer is connected to each of `ids`."""
    rows = await g.rows(
        q.CONNECTED_TO_VIEWER, rows=[{"id": i, "pairKey": pair_key(viewer_id, i)} for i in ids]
    )
    return {row["id"]: row["connected"] for row in rows}


async def share_a_connection(g: Runner, a: str, b: str) -> bool:
    rows = await g.rows(q.SHARE_A_CONNECTION, a=a, b=b)
    return bool(rows and rows[0]["shared"])
