"""People: lookups, search, and profiles written by their owners.

Inputs are the schema's input objects, read by attribute (typed Any: resolvers do not
import schema/)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from graphql import FieldNode

from graphdb import linked as linked_db
from graphdb import people as people_db
from graphdb.records import Keyset, LinkedPerson, PersonCounts, PersonRecord
from resolvers import audience, validation
from resolvers.context import Info
from resolvers.errors import BadUserInput, Conflict, NotFound
from resolvers.ids import node_id_of
from resolvers.lookahead import (
    argument,
    has_subfield,
    names_below,
    readable,
    selects,
    subfields,
)
from resolvers.pagination import Page, decode_cursor, make_page, page_size
from resolvers.results import Listing

_OPTIONAL_FIELDS = ("headline", "about", "location", "industry")
_CHECKED_FIELDS = {"email": validation.email, "phone": validation.phone}

# A store function returning one keyset page of linked people
# (graph, id, after, limit, hidden).
PageFetch = Callable[[Any, str, Keyset | None, int, frozenset[str]], Awaitable[list[LinkedPerson]]]


async def person_by_id(info: Info, person_id: str) -> PersonRecord | None:
    """A person the viewer may see; null if unknown or hidden by a block."""
    return (await people_by_ids(info, [person_id]))[0]


async def people_by_ids(info: Info, ids: Sequence[str]) -> list[PersonRecord | None]:
    records = await info.context.loaders.person.load_many(ids)
    # The viewer is never hidden from themself: their own lookup needs no block check.
    others = any(i != info.context.viewer_id for i in ids)
    hidden = await audience.hidden(info) if others else frozenset()
    return [r if r and r.id not in hidden else None for r in records]


# Fields of a person that read their counts.
COUNT_FIELDS = ("followerCount", "followingCount", "connectionCount")


async def prefetch_with_counts(info: Info, ids: Sequence[str]) -> None:
    """Load people and their counts in one trip, for an operation that asks for both
    (the loaders then answer both from memory)."""
    loaders = info.context.loaders
    for person_id, (record, counts) in (
        await people_db.with_counts(info.context.graph, ids)
    ).items():
        loaders.person.prime(person_id, record)
        loaders.counts.prime(person_id, counts)


def prime(info: Info, records: list[PersonRecord]) -> None:
    """People a page already fetched need no second trip when asked for again (a card
    is not the whole person, so it is not kept)."""
    for record in records:
        if not record.card:
            info.context.loaders.person.prime(record.id, record)


# What a card of a person answers (graphdb/queries/people.py PERSON_CARD_FIELDS).
CARD_FIELDS = frozenset({"id", "handle", "name", "headline", "__typename"})


def asks_for_cards(info: Info, list_fields: Sequence[FieldNode]) -> bool:
    """Whether a list of people (these nodes of one list field) asks only what a card
    answers of each person."""
    return names_below(info, list_fields, ("edges", "node")) <= CARD_FIELDS


async def linked_page(
    info: Info,
    list_name: str,
    fetch: PageFetch,
    person_id: str,
    first: int | None,
    after: str | None,
) -> Page[LinkedPerson]:
    """One keyset page of the people linked to `person_id`, newest link first."""
    limit = page_size(first)
    start = decode_cursor(list_name, after)
    rows = await fetch(info.context.graph, person_id, start, limit + 1, await audience.hidden(info))
    prime(info, [row.person for row in rows])
    return make_page(list_name, rows, limit, lambda r: Keyset(r.since, r.person.id), start)


# The lists of people around a person that one statement pages (graphdb/linked.py).
LINKED_LISTS = ("connections", "followers", "following")


async def prefetch_with_list(info: Info, person_id: str) -> bool:
    """For an operation that looks up one person and one of their lists of people, load
    both in one trip: the person is primed, the page kept for the list's field. False
    when there is nothing to do so (no such list asked for, several, bad arguments, or
    no such person): the fields then load as usual."""
    wanted = [(name, field) for name in LINKED_LISTS for field in subfields(info, name)]
    if len(wanted) != 1:
        return False
    list_name, field = wanted[0]
    first, after = argument(info, field, "first"), argument(info, field, "after")
    if not (readable(first) and readable(after)):
        return False
    try:
        limit = page_size(first)
        start = decode_cursor(list_name, after)
    except (BadUserInput, TypeError):
        return False  # the field itself will say why
    with_total = has_subfield(info, field, "totalCount")
    cards = asks_for_cards(info, [field])
    found = await linked_db.page(
        info.context.graph, list_name, person_id, info.context.viewer_id, start, limit + 1,
        with_total=with_total, with_owner=True, cards=cards,
    )  # fmt: skip
    if found.owner is None:
        return False
    info.context.loaders.person.prime(person_id, found.owner)
    info.context.pages[(list_name, person_id, limit, after, with_total, cards)] = found
    return True


async def linked_listing(
    info: Info,
    list_name: str,
    person_id: str,
    first: int | None,
    after: str | None,
    total: Callable[[], Awaitable[int]],
) -> Listing[LinkedPerson]:
    """One page of a person's connections, followers or following, newest link first,
    without the people hidden from the viewer, in one store trip; its total rides along
    when the operation asks for it (`total` counts it otherwise)."""
    limit = page_size(first)
    start = decode_cursor(list_name, after)
    with_total = selects(info, "totalCount")
    cards = asks_for_cards(info, info._raw_info.field_nodes)
    found = info.context.pages.pop((list_name, person_id, limit, after, with_total, cards), None)
    if found is None:
        found = await linked_db.page(
            info.context.graph, list_name, person_id, info.context.viewer_id, start,
            limit + 1, with_total=with_total, cards=cards,
        )  # fmt: skip
    prime(info, [row.person for row in found.rows])
    page = make_page(list_name, found.rows, limit, lambda r: Keyset(r.since, r.person.id), start)
    if found.total is None:
        return Listing(page, total)
    counted = found.total

    async def known() -> int:
        return counted

    return Listing(page, known)


def is_viewer(info: Info, person_id: str) -> bool:
    return info.context.viewer_id == person_id


async def counts(info: Info, person_id: str) -> PersonCounts:
    return await info.context.loaders.counts.load(person_id)


async def viewer(info: Info) -> PersonRecord | None:
    if info.context.viewer_id is None:
        return None
    viewer_id = info.context.viewer_id
    if not await prefetch(info, viewer_id):
        # The viewer and the people hidden from them, which most fields below read.
        found = await people_db.viewer(info.context.graph, viewer_id)
        if found is None:
            return None
        record, hidden = found
        info.context.loaders.person.prime(viewer_id, record)
        info.context.loaders.hidden.prime(viewer_id, hidden)
    return await person_by_id(info, viewer_id)


async def prefetch(info: Info, person_id: str) -> bool:
    """Look ahead: a person with the one list or the counts asked of them, in one trip.
    False when neither is asked (or the lookahead cannot say)."""
    if await prefetch_with_list(info, person_id):
        return True
    if asks_for_counts(info):
        await prefetch_with_counts(info, [person_id])
        return True
    return False


def asks_for_counts(info: Info) -> bool:
    """Whether the field being resolved (a person, or objects that may be people) asks
    for any of their counts."""
    return any(selects(info, name) for name in COUNT_FIELDS)


async def person(info: Info, id: str | None, handle: str | None) -> PersonRecord | None:
    """One person by global id or by handle (exactly one of them); null if unknown."""
    if (id is None) == (handle is None):
        raise BadUserInput("Give exactly one of `id` and `handle`.", reason="ONE_OF")
    if id is not None:
        person_id = node_id_of(id, "Person")
        await prefetch(info, person_id)
        return await person_by_id(info, person_id)
    assert handle is not None  # exactly one of the two was given
    record = await people_db.by_handle(info.context.graph, handle.strip().lower())
    if record is None or await audience.is_hidden(info, record.id):
        return None
    info.context.loaders.person.prime(record.id, record)
    return record


async def search(
    info: Info, term: str | None, first: int | None, after: str | None
) -> Listing[tuple[PersonRecord, Keyset]]:
    """People whose name, handle or headline contains `term`, in name order."""
    term = validation.text("search", term) or ""
    limit = page_size(first)
    start = decode_cursor("people", after)
    graph = info.context.graph
    hidden = await audience.hidden(info)
    rows = await people_db.search(graph, term, start, limit + 1, hidden)
    prime(info, [record for record, _ in rows])
    page = make_page("people", rows, limit, lambda row: row[1], start)

    async def total() -> int:
        return await people_db.search_count(graph, term, hidden)

    return Listing(page, total)


async def create_profile(info: Info, input: Any) -> PersonRecord:
    """Create the signed-in person's profile. Repeating the same request is harmless."""
    ctx = info.context
    viewer_id = ctx.require_viewer_id()
    handle = validation.handle(input.handle)
    fields: dict[str, Any] = {
        "handle": handle,
        "name": validation.text("name", input.name, required=True),
    }
    for field in _OPTIONAL_FIELDS:
        value = validation.text(field, getattr(input, field))
        if value is not None:
            fields[field] = value
    for field, check in _CHECKED_FIELDS.items():
        value = check(getattr(input, field))
        if value is not None:
            fields[field] = value

    async def work(tx: Any) -> PersonRecord:
        existing = (await people_db.by_ids(tx, [viewer_id])).get(viewer_id)
        if existing is not None:
            if existing.handle == handle:
                return existing  # the same request again
            raise Conflict(
                "You already have a profile; change it with `updateProfile`.",
                reason="PROFILE_EXISTS",
            )
        await _ensure_handle_free(tx, handle, viewer_id)
        return await people_db.create(tx, viewer_id, fields, ctx.clock())

    record = await ctx.graph.write(work)
    ctx.loaders.person.prime(viewer_id, record, force=True)
    return record


async def update_profile(info: Info, input: Any) -> PersonRecord:
    """Change the fields given; a null optional field clears it."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    fields: dict[str, Any] = {}
    if input.handle is not strawberry.UNSET:
        if input.handle is None:
            raise BadUserInput("`handle` cannot be cleared.", reason="REQUIRED", field="handle")
        fields["handle"] = validation.handle(input.handle)
    if input.name is not strawberry.UNSET:
        fields["name"] = validation.text("name", input.name, required=True)
    for field in _OPTIONAL_FIELDS:
        value = getattr(input, field)
        if value is not strawberry.UNSET:
            fields[field] = validation.text(field, value)  # None removes the property
    for field, check in _CHECKED_FIELDS.items():
        value = getattr(input, field)
        if value is not strawberry.UNSET:
            fields[field] = check(value)
    if not fields:
        raise BadUserInput("Give at least one field to change.", reason="EMPTY_UPDATE")

    async def work(tx: Any) -> PersonRecord:
        if "handle" in fields and fields["handle"] != viewer.handle:
            await _ensure_handle_free(tx, fields["handle"], viewer.id)
        return await people_db.update(tx, viewer.id, fields, ctx.clock())

    record = await ctx.graph.write(work)
    ctx.loaders.person.prime(viewer.id, record, force=True)
    return record


async def _ensure_handle_free(tx: Any, handle: str, owner_id: str) -> None:
    holder = await people_db.by_handle(tx, handle)
    if holder is not None and holder.id != owner_id:
        raise Conflict(f"The handle {handle!r} is taken.", reason="HANDLE_TAKEN", field="handle")


async def update_settings(info: Info, input: Any) -> PersonRecord:
    """Change the signed-in person's privacy settings (only those given)."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    fields: dict[str, Any] = {}
    if input.connections_visibility is not None:
        fields["connectionsVisibility"] = input.connections_visibility.value
    if input.invitations_from is not None:
        fields["invitationsFrom"] = input.invitations_from.value
    if input.follow_first is not None:
        fields["followFirst"] = input.follow_first
    if not fields:
        raise BadUserInput("Give at least one setting to change.", reason="EMPTY_UPDATE")
    record = await ctx.graph.write(lambda tx: people_db.update(tx, viewer.id, fields, ctx.clock()))
    ctx.loaders.person.prime(viewer.id, record, force=True)
    return record


async def target(
    info: Info, person_global_id: str, *, action: str, blocked_by_viewer: bool = False
) -> PersonRecord:
    """The person a mutation acts on: never the viewer, and they must exist and be
    visible to the viewer (someone behind a block is as good as unknown), unless
    `blocked_by_viewer` and the block is the viewer's own (blocking again, unblocking):
    someone who blocked the viewer stays unknown to them."""
    person_id = node_id_of(person_global_id, "Person")
    if person_id == info.context.viewer_id:
        raise BadUserInput(f"You can't {action} yourself.", reason="SELF")
    record = await info.context.loaders.person.load(person_id)
    if record is None or (
        await audience.is_hidden(info, person_id)
        and not (blocked_by_viewer and await audience.viewer_blocks(info, person_id))
    ):
        raise NotFound("No person has that id.")
    return record
