"""Invitations in the store."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import LiteralString

from graphdb.connections import pair_key
from graphdb.graph import Runner, Tx
from graphdb.paging import after_params
from graphdb.queries import invitations as q
from graphdb.records import InvitationRecord, Keyset

PENDING, ACCEPTED, IGNORED, WITHDRAWN = "PENDING", "ACCEPTED", "IGNORED", "WITHDRAWN"


async def by_ids(g: Runner, ids: Sequence[str]) -> dict[str, InvitationRecord]:
    rows = await g.rows(q.INVITATIONS_BY_IDS, ids=list(ids))
    return {row["invitation"]["id"]: InvitationRecord.from_row(row) for row in rows}


async def create(
    tx: Tx, invitation_id: str, sender_id: str, recipient_id: str, note: str | None, now: int
) -> InvitationRecord:
    rows = await tx.rows(
        q.CREATE_INVITATION,
        id=invitation_id,
        senderId=sender_id,
        recipientId=recipient_id,
        pairKey=pair_key(sender_id, recipient_id),
        note=note,
        now=now,
    )
    return InvitationRecord.from_row(rows[0])


async def set_state(tx: Tx, invitation_id: str, state: str, now: int) -> InvitationRecord:
    rows = await tx.rows(q.SET_INVITATION_STATE, id=invitation_id, state=state, now=now)
    return InvitationRecord.from_row(rows[0])


# A person's invitations in one direction: ("received" | "sent") -> (page, count).
_LISTS: dict[str, tuple[LiteralString, LiteralString]] = {
    "received": (q.RECEIVED_INVITATIONS_PAGE, q.RECEIVED_INVITATIONS_COUNT),
    "sent": (q.SENT_INVITATIONS_PAGE, q.SENT_INVITATIONS_COUNT),
}


async def page(
    g: Runner, person_id: str, direction: str, state: str, after: Keyset | None, limit: int,
    hidden: Collection[str] = (),
) -> list[InvitationRecord]:  # fmt: skip
    statement = _LISTS[direction][0]
    rows = await g.rows(
        statement, id=person_id, state=state, hidden=list(hidden), **after_params(after, limit)
    )
    return [InvitationRecord.from_row(r) for r in rows]


async def count(
    g: Runner, person_id: str, direction: str, state: str, hidden: Collection[str] = ()
) -> int:
    rows = await g.rows(_LISTS[direction][1], id=person_id, state=state, hidden=list(hidden))
    return rows[0]["total"]
