"""Organizations: lookups, search, follows and affiliations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from graphdb import organizations as organizations_db
from graphdb.records import Affiliation, Keyset, OrganizationRecord
from resolvers import people, validation
from resolvers.context import Info
from resolvers.errors import BadUserInput, LimitReached, NotFound
from resolvers.ids import node_id_of
from resolvers.loaders import forget
from resolvers.pagination import fetch_page
from resolvers.results import AffiliationChanged, Listing, OrganizationFollowed

# Affiliations per person: a profile lists them whole, so the list stays short.
MAX_AFFILIATIONS = 50
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


async def organization_by_id(info: Info, organization_id: str) -> OrganizationRecord | None:
    return await info.context.loaders.organization.load(organization_id)


async def organizations_by_ids(info: Info, ids: Sequence[str]) -> list[OrganizationRecord | None]:
    return await info.context.loaders.organization.load_many(ids)


async def counts(info: Info, organization_id: str) -> tuple[int, int]:
    return await info.context.loaders.organization_counts.load(organization_id)


async def viewer_follows(info: Info, organization_id: str) -> bool | None:
    if info.context.viewer_id is None:
        return None
    return (await info.context.loaders.organization_ties.load(organization_id))[0]


async def viewer_administers(info: Info, organization_id: str) -> bool:
    if info.context.viewer_id is None:
        return False
    return (await info.context.loaders.organization_ties.load(organization_id))[1]


async def affiliations(info: Info, person_id: str) -> list[Affiliation]:
    return await info.context.loaders.affiliations.load(person_id)


async def search(
    info: Info, term: str | None, first: int | None, after: str | None
) -> Listing[tuple[OrganizationRecord, Keyset]]:
    """Organizations whose name has a word starting with each word of `term`, in name
    order (graphdb/queries/organizations.py)."""
    term = validation.text("search", term) or ""
    graph = info.context.graph

    async def fetch(start: Keyset | None, limit: int) -> list[tuple[OrganizationRecord, Keyset]]:
        rows = await organizations_db.search(graph, term, start, limit)
        for record, _ in rows:
            info.context.loaders.organization.prime(record.id, record)
        return rows

    page = await fetch_page("organizations", first, after, fetch, lambda row: row[1])

    async def total() -> int:
        return await organizations_db.search_count(graph, term)

    return Listing(page, total)


async def create(info: Info, input: Any) -> OrganizationRecord:
    """Create an organization; its creator becomes its admin."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    name = validation.text("organization_name", input.name, required=True) or ""
    url = validation.url(input.url)
    organization_id, now = str(uuid.uuid4()), ctx.clock()
    record = await ctx.graph.write(
        lambda tx: organizations_db.create(
            tx, organization_id, viewer.id, name, input.kind.value, url, now
        )
    )
    ctx.loaders.organization.prime(record.id, record)
    return record


async def target(info: Info, organization_global_id: str) -> OrganizationRecord:
    organization_id = node_id_of(organization_global_id, "Organization")
    record = await info.context.loaders.organization.load(organization_id)
    if record is None:
        raise NotFound("No organization has that id.")
    return record


async def set_following(
    info: Info, organization_global_id: str, following: bool
) -> OrganizationFollowed:
    """Follow or stop following an organization (idempotent either way)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    organization = await target(info, organization_global_id)
    if following:
        now = ctx.clock()
        await ctx.graph.write(
            lambda tx: organizations_db.follow(tx, viewer.id, organization.id, now)
        )
    else:
        await ctx.graph.write(lambda tx: organizations_db.unfollow(tx, viewer.id, organization.id))
    forget(ctx.loaders.organization_ties, organization.id)
    forget(ctx.loaders.organization_counts, organization.id)
    return OrganizationFollowed(organization, following)


async def affiliate(info: Info, input: Any) -> AffiliationChanged:
    """Say the viewer works or studies at an organization (idempotent)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    organization = await target(info, input.organization_id)
    if input.year is not None and not _FIRST_YEAR <= input.year <= _LAST_YEAR:
        raise BadUserInput(
            f"`year` must be between {_FIRST_YEAR} and {_LAST_YEAR}.", reason="YEAR", field="year"
        )
    if await organizations_db.affiliation_count(ctx.graph, viewer.id) >= MAX_AFFILIATIONS:
        raise LimitReached(
            f"A profile lists at most {MAX_AFFILIATIONS} organizations.",
            reason="AFFILIATIONS",
            limit=MAX_AFFILIATIONS,
        )
    role = input.role.value
    await ctx.graph.write(
        lambda tx: organizations_db.affiliate(tx, viewer.id, organization.id, role, input.year)
    )
    forget(ctx.loaders.affiliations, viewer.id)
    forget(ctx.loaders.organization_counts, organization.id)
    return AffiliationChanged(await people.viewer(info), changed=True)


async def unaffiliate(info: Info, input: Any) -> AffiliationChanged:
    ctx = info.context
    viewer = await ctx.require_viewer()
    organization = await target(info, input.organization_id)
    role = input.role.value
    removed = await ctx.graph.write(
        lambda tx: organizations_db.unaffiliate(tx, viewer.id, organization.id, role)
    )
    forget(ctx.loaders.affiliations, viewer.id)
    forget(ctx.loaders.organization_counts, organization.id)
    return AffiliationChanged(await people.viewer(info), changed=removed)
