"""Network queries in the store."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from graphdb.connections import pair_key
from graphdb.graph import Runner
from graphdb.queries import network as q
from graphdb.records import (
    InvitationRecord,
    Keyset,
    NetworkSize,
    OrganizationRecord,
    PersonRecord,
    RelationshipFacts,
    Suggestion,
)

MAX_PATH_DEPTH = max(q.PATHS_WITHIN)


async def relationships(
    g: Runner, viewer_id: str, ids: Sequence[str], hub_degree: int
) -> dict[str, RelationshipFacts]:
    """Facts about the viewer and each of `ids` (not the viewer), in one round trip."""
    pairs = [{"id": i, "pairKey": pair_key(viewer_id, i)} for i in ids]
    rows = await g.rows(q.RELATIONSHIPS, viewerId=viewer_id, rows=pairs, hubDegree=hub_degree)
    return {
        row["id"]: RelationshipFacts(
            person_id=row["id"],
            connected=row["connected"],
            mutual=row["mutual"],
            distance=row["distance"],
            following=row["following"],
            followed_by=row["followedBy"],
            pending=InvitationRecord.from_row(row) if row["invitation"] else None,
            withdrawn_at=tuple(t for t in row["withdrawnAt"] if t is not None),
            viewer_connections=row["viewerConnections"],
            person_connections=row["personConnections"],
        )
        for row in rows
    }


async def mutual_pages(
    g: Runner,
    a: str,
    others: Sequence[str],
    after: Keyset | None,
    limit: int,
    hidden: Collection[str] = (),
) -> dict[str, list[tuple[PersonRecord, Keyset]]]:
    """The same page of mutual connections of `a` and each of `others`, in one trip."""
    rows = await g.rows(
        q.MUTUAL_PAGES,
        a=a,
        others=list(others),
        hidden=list(hidden),
        afterName=after.value if after else None,
        afterId=after.id if after else None,
        limit=limit,
    )
    pages: dict[str, list[tuple[PersonRecord, Keyset]]] = {other: [] for other in others}
    for r in rows:
        pages[r["other"]].append(
            (PersonRecord.from_row(r["person"]), Keyset(r["sortName"], r["person"]["id"]))
        )
    return pages


async def mutual_counts(
    g: Runner, a: str, others: Sequence[str], hidden: Collection[str] = ()
) -> dict[str, int]:
    rows = await g.rows(q.MUTUAL_COUNTS, a=a, others=list(others), hidden=list(hidden))
    return {r["other"]: r["total"] for r in rows}


async def friend_degrees(g: Runner, person_id: str, max_friends: int) -> list[int]:
    """How many connections each of the person's newest `max_friends` connections has,
    newest first: what sizes the walk's cap."""
    rows = await g.rows(q.FRIEND_DEGREES, id=person_id, maxFriends=max_friends)
    return [r["degree"] for r in rows]


async def second_degree_page(
    g: Runner,
    person_id: str,
    after: Keyset | None,
    limit: int,
    *,
    max_friends: int,
    cap: int,
    sample: int,
) -> list[Suggestion]:
    """A page of the person's second degree walked live, leaving out everyone a block
    hides; each friend's connections walked up to `cap`."""
    rows = await g.rows(
        q.SECOND_DEGREE_PAGE,
        id=person_id,
        afterCount=after.value if after else None,
        afterId=after.id if after else None,
        limit=limit,
        maxFriends=max_friends,
        cap=cap,
        sample=sample,
    )
    return [
        Suggestion(
            person=PersonRecord.from_row(r["person"]),
            mutual=r["mutual"],
            sample=tuple(PersonRecord.from_row(m) for m in r["sample"]),
            organizations=tuple(OrganizationRecord.from_row(o) for o in r["organizations"]),
        )
        for r in rows
    ]


async def second_degree_count(g: Runner, person_id: str, *, max_friends: int, cap: int) -> int:
    rows = await g.rows(q.SECOND_DEGREE_COUNT, id=person_id, maxFriends=max_friends, cap=cap)
    return rows[0]["total"]


async def network_sizes(
    g: Runner, ids: Sequence[str], *, max_friends: int, walk_budget: int
) -> dict[str, NetworkSize]:
    """First and second degree of each person, the second counted within the walk
    bounds second degree uses (exact unless a friend had to be left out)."""
    rows = await g.rows(q.NETWORK_SIZES, ids=list(ids), maxFriends=max_friends,
                        walkBudget=walk_budget)  # fmt: skip
    return {
        r["id"]: NetworkSize(r["firstDegree"], r["secondDegree"], r["walked"] == r["firstDegree"])
        for r in rows
    }


async def shortest_path(
    g: Runner, a: str, b: str, max_depth: int, hidden: Collection[str] = ()
) -> list[PersonRecord] | None:
    """The people on one shortest connection path from a to b (both included) that
    avoids `hidden`, or None if there is none within `max_depth` hops. `a` and `b`
    must differ."""
    rows = await g.rows(q.PATHS_WITHIN[max_depth], a=a, b=b, hidden=list(hidden))
    people = rows[0]["people"] if rows else None
    return [PersonRecord.from_row(p) for p in people] if people else None
