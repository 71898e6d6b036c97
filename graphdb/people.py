"""People in the store."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from graphdb.full_text import SEARCH_MATCH_CAP, NameOrdered, full_text_query, name_page
from graphdb.graph import Runner, Tx
from graphdb.queries import people as q
from graphdb.records import Keyset, PersonCounts, PersonRecord


async def by_ids(g: Runner, ids: Sequence[str]) -> dict[str, PersonRecord]:
    rows = await g.rows(q.PEOPLE_BY_IDS, ids=list(ids))
    return {row["person"]["id"]: PersonRecord.from_row(row["person"]) for row in rows}


async def by_ids_and_hidden(
    g: Runner, ids: Sequence[str], viewer_id: str
) -> tuple[dict[str, PersonRecord], frozenset[str]]:
    """People by id, and the ids of the people `viewer_id` blocked or was blocked by."""
    (row,) = await g.rows(q.PEOPLE_BY_IDS_AND_HIDDEN, ids=list(ids), viewerId=viewer_id)
    people = {p["id"]: PersonRecord.from_row(p) for p in row["people"]}
    return people, frozenset(row["hidden"])


async def with_counts(
    g: Runner, ids: Sequence[str]
) -> dict[str, tuple[PersonRecord, PersonCounts]]:
    """People and their follower, following and connection counts, in one trip."""
    rows = await g.rows(q.PEOPLE_WITH_COUNTS, ids=list(ids))
    return {
        row["person"]["id"]: (
            PersonRecord.from_row(row["person"]),
            PersonCounts(row["followers"], row["following"], row["connections"]),
        )
        for row in rows
    }


async def viewer(g: Runner, person_id: str) -> tuple[PersonRecord, frozenset[str]] | None:
    """The person, and the ids of the people they blocked or were blocked by."""
    rows = await g.rows(q.VIEWER, id=person_id)
    if not rows:
        return None
    return PersonRecord.from_row(rows[0]["person"]), frozenset(rows[0]["hidden"])


async def by_handle(g: Runner, handle: str) -> PersonRecord | None:
    rows = await g.rows(q.PERSON_BY_HANDLE, handle=handle)
    return PersonRecord.from_row(rows[0]["person"]) if rows else None


async def counts(g: Runner, ids: Sequence[str]) -> dict[str, PersonCounts]:
    rows = await g.rows(q.PERSON_COUNTS, ids=list(ids))
    return {
        row["id"]: PersonCounts(row["followers"], row["following"], row["connections"])
        for row in rows
    }


_PEOPLE = NameOrdered(q.SEARCH_PEOPLE, q.LIST_PEOPLE, q.LIST_PEOPLE_AFTER)


async def search(
    g: Runner, term: str, after: Keyset | None, limit: int, hidden: Collection[str] = ()
) -> list[tuple[PersonRecord, Keyset]]:
    rows = await name_page(g, _PEOPLE, term, after, limit, hidden=list(hidden))
    return [
        (PersonRecord.from_row(row["person"]), Keyset(row["sortName"], row["person"]["id"]))
        for row in rows
    ]


async def search_count(g: Runner, term: str, hidden: Collection[str] = ()) -> int:
    query = full_text_query(term)
    if query is None:
        rows = await g.rows(q.LIST_PEOPLE_COUNT, hidden=list(hidden))
    else:
        rows = await g.rows(
            q.SEARCH_PEOPLE_COUNT, terms=query, matchCap=SEARCH_MATCH_CAP, hidden=list(hidden)
        )
    return rows[0]["total"]


async def create(tx: Tx, person_id: str, fields: dict[str, Any], now: int) -> PersonRecord:
    rows = await tx.rows(q.CREATE_PERSON, id=person_id, fields=fields, now=now)
    return PersonRecord.from_row(rows[0]["person"])


async def update(tx: Tx, person_id: str, fields: dict[str, Any], now: int) -> PersonRecord:
    rows = await tx.rows(q.UPDATE_PERSON, id=person_id, fields=fields, now=now)
    return PersonRecord.from_row(rows[0]["person"])


async def any_exist(g: Runner) -> bool:
    return bool(await g.rows(q.ANY_PERSON))
