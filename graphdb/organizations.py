"""Organizations, who follows them and who works or studies there."""

from __future__ import annotations

from collections.abc import Sequence

from graphdb.full_text import SEARCH_MATCH_CAP, NameOrdered, full_text_query, name_page
from graphdb.graph import Runner, Tx
from graphdb.queries import organizations as q
from graphdb.records import Affiliation, Keyset, OrganizationRecord


def affiliation_key(person_id: str, organization_id: str, role: str) -> str:
    return f"{person_id}@{organization_id}#{role}"


async def create(
    tx: Tx, organization_id: str, admin_id: str, name: str, kind: str, url: str | None, now: int
) -> OrganizationRecord:
    rows = await tx.rows(
        q.CREATE_ORGANIZATION, id=organization_id, adminId=admin_id, name=name, kind=kind,
        url=url, now=now,
    )  # fmt: skip
    return OrganizationRecord.from_row(rows[0]["organization"])


async def by_ids(g: Runner, ids: Sequence[str]) -> dict[str, OrganizationRecord]:
    rows = await g.rows(q.ORGANIZATIONS_BY_IDS, ids=list(ids))
    return {r["organization"]["id"]: OrganizationRecord.from_row(r["organization"]) for r in rows}


async def counts(g: Runner, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(followers, affiliated people) of each organization."""
    rows = await g.rows(q.ORGANIZATION_COUNTS, ids=list(ids))
    return {r["id"]: (r["followers"], r["people"]) for r in rows}


async def viewer_ties(
    g: Runner, viewer_id: str, ids: Sequence[str]
) -> dict[str, tuple[bool, bool]]:
    """(follows, administers) for the viewer and each organization."""
    rows = await g.rows(q.VIEWER_TIES, viewerId=viewer_id, ids=list(ids))
    return {r["id"]: (r["following"], r["admin"]) for r in rows}


_ORGANIZATIONS = NameOrdered(
    q.SEARCH_ORGANIZATIONS, q.LIST_ORGANIZATIONS, q.LIST_ORGANIZATIONS_AFTER
)


async def search(
    g: Runner, term: str, after: Keyset | None, limit: int
) -> list[tuple[OrganizationRecord, Keyset]]:
    rows = await name_page(g, _ORGANIZATIONS, term, after, limit)
    return [
        (
            OrganizationRecord.from_row(r["organization"]),
            Keyset(r["sortName"], r["organization"]["id"]),
        )
        for r in rows
    ]


async def search_count(g: Runner, term: str) -> int:
    query = full_text_query(term)
    if query is None:
        return (await g.rows(q.ORGANIZATIONS_COUNT))[0]["total"]
    rows = await g.rows(q.SEARCH_ORGANIZATIONS_COUNT, terms=query, matchCap=SEARCH_MATCH_CAP)
    return rows[0]["total"]


async def is_admin(g: Runner, person_id: str, organization_id: str) -> bool:
    rows = await g.rows(q.IS_ADMIN, personId=person_id, organizationId=organization_id)
    return bool(rows and rows[0]["admin"])


async def follow(tx: Tx, person_id: str, organization_id: str, now: int) -> None:
    await tx.rows(
        q.FOLLOW_ORGANIZATION, personId=person_id, organizationId=organization_id,
        key=f"{person_id}>{organization_id}", now=now,
    )  # fmt: skip


async def unfollow(tx: Tx, person_id: str, organization_id: str) -> None:
    await tx.rows(q.UNFOLLOW_ORGANIZATION, personId=person_id, organizationId=organization_id)


async def affiliation_count(g: Runner, person_id: str) -> int:
    return (await g.rows(q.AFFILIATION_COUNT, personId=person_id))[0]["total"]


async def affiliate(
    tx: Tx, person_id: str, organization_id: str, role: str, year: int | None
) -> None:
    await tx.rows(
        q.AFFILIATE, personId=person_id, organizationId=organization_id, role=role, year=year,
        key=affiliation_key(person_id, organization_id, role),
    )  # fmt: skip


async def unaffiliate(tx: Tx, person_id: str, organization_id: str, role: str) -> bool:
    rows = await tx.rows(
        q.UNAFFILIATE, personId=person_id, key=affiliation_key(person_id, organization_id, role)
    )
    return rows[0]["removed"] > 0


async def affiliations_of(g: Runner, ids: Sequence[str]) -> dict[str, list[Affiliation]]:
    found: dict[str, list[Affiliation]] = {}
    for r in await g.rows(q.AFFILIATIONS_OF, ids=list(ids)):
        organization = OrganizationRecord.from_row(r["organization"])
        found.setdefault(r["id"], []).append(Affiliation(organization, r["role"], r["year"]))
    return found
