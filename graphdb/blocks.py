"""Blocks in the store."""

from __future__ import annotations

from graphdb.connections import pair_key
from graphdb.graph import Runner, Tx
from graphdb.paging import after_params
from graphdb.queries import blocks as q
from graphdb.records import Keyset, LinkedPerson, PersonRecord


def block_key(blocker_id: str, blocked_id: str) -> str:
    return f"{blocker_id}>{blocked_id}"


async def hidden_from(g: Runner, person_id: str) -> frozenset[str]:
    """Everyone `person_id` blocked or was blocked by."""
    rows = await g.rows(q.HIDDEN_FROM, id=person_id)
    return frozenset(rows[0]["ids"]) if rows else frozenset()


async def blocks(g: Runner, blocker_id: str, blocked_id: str) -> bool:
    """Whether `blocker_id` blocked `blocked_id` (one direction only)."""
    rows = await g.rows(q.BLOCKS, blockerId=blocker_id, blockedId=blocked_id)
    return bool(rows and rows[0]["blocks"])


async def block(tx: Tx, blocker_id: str, blocked_id: str, now: int) -> None:
    """Block (idempotent), ending the connection, the follows and a pending invitation."""
    await tx.rows(
        q.BLOCK,
        blockerId=blocker_id,
        blockedId=blocked_id,
        key=block_key(blocker_id, blocked_id),
        now=now,
    )
    await tx.rows(q.SEVER, a=blocker_id, b=blocked_id)
    await tx.rows(q.DROP_PENDING_INVITATION, pairKey=pair_key(blocker_id, blocked_id))


async def unblock(tx: Tx, blocker_id: str, blocked_id: str) -> bool:
    rows = await tx.rows(q.UNBLOCK, blockerId=blocker_id, blockedId=blocked_id)
    return rows[0]["removed"] > 0


async def count(g: Runner, person_id: str) -> int:
    return (await g.rows(q.BLOCK_COUNT, id=person_id))[0]["total"]


async def page(g: Runner, person_id: str, after: Keyset | None, limit: int) -> list[LinkedPerson]:
    rows = await g.rows(q.BLOCKED_PAGE, id=person_id, **after_params(after, limit))
    return [LinkedPerson(PersonRecord.from_row(r["person"]), r["since"]) for r in rows]
