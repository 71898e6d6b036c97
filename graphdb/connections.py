"""Connections in the store, and the pair lock every network change takes first."""

from __future__ import annotations

from graphdb.graph import Tx
from graphdb.queries import connections as q
from graphdb.records import InvitationRecord, PairState


def pair_key(a: str, b: str) -> str:
    """The unordered pair's key: the same whichever side acts."""
    low, high = sorted((a, b))
    return f"{low}|{high}"


async def lock_pair(tx: Tx, a: str, b: str) -> set[str]:
    """Serialise changes to this pair's network state. Returns the ids that exist."""
    rows = await tx.rows(q.LOCK_PAIR, ids=[a, b])
    return {row["id"] for row in rows}


async def pair_state(tx: Tx, a: str, b: str) -> PairState:
    rows = await tx.rows(q.PAIR_STATE, a=a, b=b, pairKey=pair_key(a, b))
    row = rows[0]
    return PairState(
        connected_since=row["connectedSince"],
        pending=InvitationRecord.from_row(row) if row["invitation"] else None,
        a_connections=row["aConnections"],
        b_connections=row["bConnections"],
        a_withdrawn_at=tuple(t for t in row["aWithdrawnAt"] if t is not None),
    )


async def connect(tx: Tx, a: str, b: str, now: int) -> int:
    """Connect the pair and make each follow the other (idempotent). Returns since."""
    low, high = sorted((a, b))
    rows = await tx.rows(q.CONNECT, lowId=low, highId=high, now=now)
    return rows[0]["since"]


async def disconnect(tx: Tx, a: str, b: str) -> bool:
    """Remove the connection and the follows it created. Returns whether it existed."""
    low, high = sorted((a, b))
    rows = await tx.rows(q.DISCONNECT, lowId=low, highId=high)
    if rows[0]["removed"] == 0:
        return False
    await tx.rows(q.UNFOLLOW_VIA_CONNECTION, lowId=low, highId=high)
    return True
