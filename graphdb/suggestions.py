"""Suggestions served from an analytics snapshot: what changed since it, in the store,
and the details a page of them shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from graphdb.connections import pair_key
from graphdb.follows import follow_key
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


async def followed_or_connected(
    g: Runner, person_id: str, candidates: Sequence[str]
) -> frozenset[str]:
    """Which of `candidates` the person follows or is connected to now, or blocks or is
    blocked by: their follows and connections looked up by key (a lookup each), the
    person's blocks walked."""
    blocks = await g.rows(q.FOLLOW_BLOCKS, id=person_id)
    follows = {follow_key(person_id, c): c for c in candidates}
    pairs = {pair_key(person_id, c): c for c in candidates if c != person_id}
    followed = await live_follows(g, list(follows), ())
    connected = await live_connections(g, list(pairs))
    return frozenset(
        [follows[k] for k in followed]
        + [pairs[k] for k in connected]
        + (blocks[0]["excluded"] if blocks else [])
    )


async def live_connections(g: Runner, keys: Sequence[str]) -> frozenset[str]:
    """Which of the connection `keys` exist now."""
    if not keys:
        return frozenset()
    rows = await g.rows(q.LIVE_CONNECTIONS, keys=sorted(set(keys)))
    return frozenset(r["key"] for r in rows)


async def live_follows(g: Runner, keys: Sequence[str], chosen: Sequence[str]) -> frozenset[str]:
    """Which of the follow `keys` exist now, and which of `chosen` exist and were chosen
    (not made by connecting)."""
    if not keys and not chosen:
        return frozenset()
    rows = await g.rows(q.LIVE_FOLLOWS, keys=sorted({*keys, *chosen}))
    wanted = set(chosen)
    return frozenset(r["key"] for r in rows if r["chosen"] or r["key"] not in wanted)


@dataclasses.dataclass(frozen=True)
class Shown:
    """A connect suggestion to show: its mutual connections are `given` (known to hold)
    or else walked: from their side (`from_them`) or the viewer's, testing each
    against the other from the other's side (`test_other`); see CONNECT_DETAILS."""

    id: str
    from_them: bool
    test_other: bool
    given: tuple[str, ...] = ()


async def connect_details(
    g: Runner, viewer_id: str, people: Sequence[Shown], sample: int
) -> dict[str, Details]:
    """Each of `people` that still exists, with a few mutual connections."""
    rows = await g.rows(
        q.CONNECT_DETAILS,
        id=viewer_id,
        rows=[
            {"id": p.id, "fromC": p.from_them, "testOther": p.test_other, "given": list(p.given)}
            for p in people
        ],
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


@dataclasses.dataclass(frozen=True)
class Target:
    """A follow suggestion to show: the people followed who follow it are `given` (known
    to hold) or else walked, from its followers' side when it has fewer followers than
    the viewer follows (`from_target`)."""

    id: str
    person: bool  # else an organization
    from_target: bool
    given: tuple[str, ...] = ()


async def follow_details(
    g: Runner, viewer_id: str, targets: Sequence[Target], sample: int
) -> dict[str, Details]:
    """Each of `targets` that still exists, with a few of the people the viewer follows
    who chose to follow it."""
    rows = await g.rows(
        q.FOLLOW_DETAILS,
        id=viewer_id,
        rows=[
            {"id": t.id, "person": t.person, "fromTarget": t.from_target, "given": list(t.given)}
            for t in targets
        ],
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
