"""Posts, who may see them, and the feed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from graphdb import organizations as organizations_db
from graphdb import posts as posts_db
from graphdb.records import FeedRow, Keyset, OrganizationRecord, PersonRecord, PostRecord
from resolvers import audience, organizations, people, validation
from resolvers.context import Info
from resolvers.errors import BadUserInput, Forbidden, NotFound
from resolvers.ids import node_id_of
from resolvers.lookahead import names_below
from resolvers.pagination import Page, fetch_page
from resolvers.results import Listing


def _keyset(record: PostRecord) -> Keyset:
    return Keyset(record.created_at, record.id)


async def author(
    info: Info, author_id: str, by_organization: bool
) -> PersonRecord | OrganizationRecord | None:
    if by_organization:
        return await organizations.organization_by_id(info, author_id)
    return await people.person_by_id(info, author_id)


async def may_delete(info: Info, author_id: str, by_organization: bool) -> bool:
    viewer_id = info.context.viewer_id
    if viewer_id is None:
        return False
    if by_organization:
        return await organizations.viewer_administers(info, author_id)
    return viewer_id == author_id


async def posts_by_ids(info: Info, ids: Sequence[str]) -> list[PostRecord | None]:
    """Posts by id; null for unknown ones and for those the viewer may not see."""
    records = await info.context.loaders.post.load_many(ids)
    return [r if r and await audience.sees_post(info, r) else None for r in records]


async def person_posts(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[PostRecord]:
    """A person's posts the viewer may see: connections-only ones only for the person
    and their connections."""
    everything = await audience.sees_connections_only_posts(info, person_id, False)
    return await _author_posts(info, person_id, False, everything, first, after)


async def organization_posts(
    info: Info, organization_id: str, first: int | None, after: str | None
) -> Listing[PostRecord]:
    return await _author_posts(info, organization_id, True, False, first, after)


async def _author_posts(
    info: Info, author_id: str, by_organization: bool, everything: bool,
    first: int | None, after: str | None,
) -> Listing[PostRecord]:  # fmt: skip
    list_name = "posts" if everything else "public-posts"
    graph = info.context.graph
    scope = {"by_organization": by_organization, "include_connections_only": everything}

    async def fetch(start: Keyset | None, limit: int) -> list[PostRecord]:
        rows = await posts_db.author_page(graph, author_id, after=start, limit=limit, **scope)
        _prime(info, rows)
        return rows

    page = await fetch_page(list_name, first, after, fetch, _keyset)

    async def total() -> int:
        return await posts_db.author_count(graph, author_id, **scope)

    return Listing(page, total)


async def feed(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Page[FeedRow] | None:
    """The person's feed (theirs alone to read): see graphdb/queries/posts.py FEED_PAGE."""
    if not audience.is_owner(info, person_id):
        return None
    hidden = await audience.hidden(info)
    with_authors = "author" in names_below(info, info._raw_info.field_nodes, ("edges", "node"))

    async def fetch(start: Keyset | None, limit: int) -> list[FeedRow]:
        rows = await posts_db.feed_page(
            info.context.graph, person_id, start, limit, hidden, with_authors=with_authors
        )
        _prime(info, [row.post for row in rows])
        loaders = info.context.loaders
        for row in rows:  # whole records: they answer any later lookup of the same author
            if isinstance(row.author, OrganizationRecord):
                loaders.organization.prime(row.author.id, row.author)
            elif row.author is not None:
                loaders.person.prime(row.author.id, row.author)
        return rows

    return await fetch_page("feed", first, after, fetch, lambda row: _keyset(row.post))


def _prime(info: Info, records: list[PostRecord]) -> None:
    for record in records:
        info.context.loaders.post.prime(record.id, record)


async def create(info: Info, input: Any) -> PostRecord:
    """Post as the viewer, or as an organization the viewer administers."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    text = validation.text("post", input.text, required=True)
    visibility: str = input.visibility.name  # the enum's names are its stored values
    author_id, by_organization = viewer.id, False
    if input.organization_id is not None:
        author_id = node_id_of(input.organization_id, "Organization")
        by_organization = True
        if await ctx.loaders.organization.load(author_id) is None:
            raise NotFound("No organization has that id.")
        if not await organizations_db.is_admin(ctx.graph, viewer.id, author_id):
            raise Forbidden("Only its admins post for an organization.", reason="NOT_ADMIN")
        if visibility != "PUBLIC":
            raise BadUserInput(
                "Organizations post publicly only.", reason="PUBLIC_ONLY", field="visibility"
            )
    post_id, now = str(uuid.uuid4()), ctx.clock()
    record = await ctx.graph.write(
        lambda tx: posts_db.create(
            tx,
            post_id,
            author_id,
            by_organization=by_organization,
            text=text or "",
            visibility=visibility,
            now=now,
        )
    )
    ctx.loaders.post.prime(record.id, record)
    return record


async def delete(info: Info, post_global_id: str) -> str:
    """Delete a post: its author, or an admin of the organization that wrote it."""
    ctx = info.context
    await ctx.require_viewer()
    post_id = node_id_of(post_global_id, "Post")
    record = await ctx.loaders.post.load(post_id)
    if record is None or not await audience.sees_post(info, record):
        raise NotFound("No post has that id.")
    if not await may_delete(info, record.author_id, record.by_organization):
        raise Forbidden("Only its author can delete a post.", reason="NOT_AUTHOR")
    await ctx.graph.write(lambda tx: posts_db.delete(tx, record))
    ctx.loaders.post.prime(post_id, None, force=True)
    return post_global_id
