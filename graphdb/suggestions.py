"""Suggestions served from an analytics snapshot: what changed since it, in the store,
and the details a page of them shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from graphdb.graph import Runner
from graphdb.queries import suggestions as q
from graphdb.records import OrganizationRecord, PersonRecord


@dataclasses.dataclass(frozen=True)
class ConnectChanges:
    fresh: tuple[str, ...]  # connected since the snapshot, newest first (bounded)
    reached: tuple[str, ...]  # their connections (capped), once per path
    excluded: frozenset[str]  # an invitation pending or a block, either way


@dataclasses.dataclass(frozen=True)
class Details:
    person: PersonRecord | None
    organization: OrganizationRecord | None
    sample: tuple[PersonRecord, ...]
    organizations: tuple[OrganizationRecord, ...]


async def connect_changes(
    g: Runner, person_id: str, as_of: int, max_fresh: int, cap: int
) -> ConnectChanges:
    rows = await g.rows(q.CONNECT_CHANGES, id=person_id, asOf=as_of, maxFresh=max_fresh, cap=cap)
    if not rows:
        return ConnectChanges((), (), frozenset())
    r = rows[0]
    return ConnectChanges(tuple(r["fresh"]), tuple(r["reached"]), frozenset(r["excluded"]))


async def friend_ids(g: Runner, person_id: str) -> frozenset[str]:
    rows = await g.rows(q.FRIEND_IDS, id=person_id)
    return frozenset(rows[0]["friends"]) if rows else frozenset()


async def follow_changes(g: Runner, person_id: str, as_of: int) -> frozenset[str]:
    rows = await g.rows(q.FOLLOW_CHANGES, id=person_id, asOf=as_of)
    return frozenset(rows[0]["excluded"]) if rows else frozenset()


async def connect_details(
    g: Runner, viewer_id: str, people: Sequence[tuple[str, bool, bool]], sample: int
) -> dict[str, Details]:
    """Each of `people` that still exists, with a few mutual connections: (id, whether
    to walk their connections rather than the viewer's, whether to test each against
    the other from the other's side); see CONNECT_DETAILS."""
    rows = await g.rows(
        q.CONNECT_DETAILS,
        id=viewer_id,
        rows=[{"id": i, "fromC": walk, "testOther": other} for i, walk, other in people],
        sample=sample,
    )
    return {
        r["person"]["id"]: Details(
            PersonRecord.from_row(r["person"]),
            None,
            tuple(PersonRecord.from_row(m) for m in r["sample"]),
            tuple(OrganizationRecord.from_row(o) for o in r["organizations"]),
        )
        for r in rows
    }


async def follow_details(
    g: Runner, viewer_id: str, targets: Sequence[tuple[str, bool, bool]], sample: int
) -> dict[str, Details]:
    """Each of `targets` (id, is a person, has fewer followers than the viewer follows)
    that still exists, with a few of the people the viewer follows who follow it."""
    rows = await g.rows(
        q.FOLLOW_DETAILS,
        id=viewer_id,
        rows=[{"id": i, "person": person, "fromTarget": smaller} for i, person, smaller in targets],
        sample=sample,
    )
    found = {}
    for r in rows:
        seen: dict[str, PersonRecord] = {}
        for u in r["followedBy"]:
            seen.setdefault(u["id"], PersonRecord.from_row(u))
        found[r["id"]] = Details(
            PersonRecord.from_row(r["person"]) if r["person"] else None,
            OrganizationRecord.from_row(r["organization"]) if r["organization"] else None,
            tuple(seen.values()),
            (),
        )
    return found
