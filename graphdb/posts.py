"""Posts and the feed in the store."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from graphdb.graph import Runner, Tx
from graphdb.paging import after_params
from graphdb.queries import posts as q
from graphdb.records import FeedRow, Keyset, OrganizationRecord, PersonRecord, PostRecord


async def create(
    tx: Tx, post_id: str, author_id: str, *, by_organization: bool, text: str,
    visibility: str, now: int,
) -> PostRecord:  # fmt: skip
    statement = q.CREATE_ORGANIZATION_POST if by_organization else q.CREATE_PERSON_POST
    rows = await tx.rows(
        statement, id=post_id, authorId=author_id, text=text, visibility=visibility, now=now
    )
    return PostRecord.from_row(rows[0])


async def delete(tx: Tx, post: PostRecord) -> None:
    """Delete a post; its author's latest-post times follow."""
    await tx.rows(q.DELETE_POST, id=post.id)
    recompute = (
        q.RECOMPUTE_ORGANIZATION_POST_TIMES if post.by_organization
        else q.RECOMPUTE_PERSON_POST_TIMES
    )  # fmt: skip
    await tx.rows(recompute, authorId=post.author_id)


async def by_ids(g: Runner, ids: Sequence[str]) -> dict[str, PostRecord]:
    rows = await g.rows(q.POSTS_BY_IDS, ids=list(ids))
    return {row["post"]["id"]: PostRecord.from_row(row) for row in rows}


async def author_page(
    g: Runner, author_id: str, *, by_organization: bool, include_connections_only: bool,
    after: Keyset | None, limit: int,
) -> list[PostRecord]:  # fmt: skip
    """An author's posts, newest first: public ones, and connections-only ones if asked."""
    statement = q.ORGANIZATION_POSTS_PAGE if by_organization else q.PERSON_POSTS_PAGE
    rows = await g.rows(
        statement, id=author_id, all=include_connections_only, **after_params(after, limit)
    )
    return [PostRecord.from_row(row) for row in rows]


async def author_count(
    g: Runner, author_id: str, *, by_organization: bool, include_connections_only: bool
) -> int:
    statement = q.ORGANIZATION_POST_COUNT if by_organization else q.PERSON_POST_COUNT
    rows = await g.rows(statement, id=author_id, all=include_connections_only)
    return rows[0]["total"]


async def feed_page(
    g: Runner, viewer_id: str, after: Keyset | None, limit: int, hidden: Collection[str] = (),
    *, with_authors: bool = False,
) -> list[FeedRow]:  # fmt: skip
    """A page of the viewer's feed; with each post's author (`FeedRow.author`) if
    `with_authors`."""
    rows = await g.rows(
        q.FEED_PAGE_WITH_AUTHORS if with_authors else q.FEED_PAGE,
        viewerId=viewer_id, hidden=list(hidden), **after_params(after, limit),
    )  # fmt: skip
    return [
        FeedRow(PostRecord.from_row(row), row["connected"], _author(row) if with_authors else None)
        for row in rows
    ]


def _author(row: dict) -> PersonRecord | OrganizationRecord:
    author = row["author"]
    if row["byOrganization"]:
        return OrganizationRecord.from_row(author)
    return PersonRecord.from_row(author)
