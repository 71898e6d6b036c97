"""Network queries: relationship to the viewer, mutual connections, second degree,
network size and degrees of separation."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from graphdb import network as network_db
from graphdb.records import (
    FollowSuggestion,
    Keyset,
    NetworkSize,
    PersonRecord,
    RelationshipFacts,
    Suggestion,
)
from resolvers import audience, invite_rules, people, suggestions
from resolvers.context import Info
from resolvers.errors import BadUserInput, Forbidden, NotFound
from resolvers.ids import node_id_of
from resolvers.pagination import decode_cursor, make_page, page_size
from resolvers.results import Listing, RelationshipView, SeparationView

MAX_IDS = 100
MAX_DEPTH = network_db.MAX_PATH_DEPTH


async def relationship(info: Info, person_id: str) -> RelationshipView | None:
    """How the viewer relates to a person; null without a signed-in profile."""
    ctx = info.context
    if ctx.viewer_id is None or await ctx.loaders.person.load(ctx.viewer_id) is None:
        return None
    if person_id == ctx.viewer_id:
        return _self_relationship(person_id)
    facts = await ctx.loaders.relationship.load(person_id)
    person = await ctx.loaders.person.load(person_id)
    if facts is None or person is None or await audience.is_hidden(info, person_id):
        return None
    return _relationship(info, facts, person)


async def relationships(info: Info, person_ids: Sequence[str]) -> list[RelationshipView]:
    """The viewer's relationship to each of up to 100 people, in order; all or nothing."""
    ctx = info.context
    ctx.require_viewer_id()
    if len(person_ids) > MAX_IDS:
        raise BadUserInput(
            f"Ask for at most {MAX_IDS} people at once (got {len(person_ids)}).",
            reason="TOO_MANY_IDS",
            maximum=MAX_IDS,
        )
    ids = [node_id_of(gid, "Person") for gid in person_ids]
    # The viewer's profile in the same batch as the people: one trip.
    _, found = await asyncio.gather(ctx.require_viewer(), ctx.loaders.person.load_many(ids))
    hidden = await audience.hidden(info)
    missing = [
        gid
        for gid, record in zip(person_ids, found, strict=True)
        if record is None or record.id in hidden
    ]
    if missing:
        raise NotFound(f"No person has the id {missing[0]!r}.", ids=missing)
    # Gathered, not awaited in turn: the loader then batches them into one store trip.
    results = await asyncio.gather(*(relationship(info, person_id) for person_id in ids))
    return [r for r in results if r is not None]


def _self_relationship(person_id: str) -> RelationshipView:
    return RelationshipView(
        person_id=person_id,
        degree="SELF",
        distance=0,
        connected=False,
        following=False,
        followed_by=False,
        mutual_connection_count=0,
        pending_invitation=None,
        invitation_direction=None,
        can_invite=False,
        cannot_invite_reason="SELF",
        can_invite_after=None,
        primary_action=None,
    )


def _relationship(info: Info, facts: RelationshipFacts, person: PersonRecord) -> RelationshipView:
    ctx = info.context
    degree: str
    if facts.connected:
        degree, distance = "FIRST", 1
    elif facts.mutual > 0:
        degree, distance = "SECOND", 2
    elif facts.distance == 3:
        degree, distance = "THIRD", 3
    else:
        degree, distance = "OUT_OF_NETWORK", None
    direction = None
    if facts.pending is not None:
        direction = "SENT" if facts.pending.sender_id == ctx.viewer_id else "RECEIVED"
    block, until = invite_rules.invite_block(
        ctx.policy,
        ctx.clock(),
        connected=facts.connected,
        pending=facts.pending is not None,
        withdrawn_at=facts.withdrawn_at,
        viewer_connections=facts.viewer_connections,
        other_connections=facts.person_connections,
        restricted=person.invitations_from == "SHARED_CONNECTIONS" and facts.mutual == 0,
    )
    return RelationshipView(
        person_id=facts.person_id,
        degree=degree,
        distance=distance,
        connected=facts.connected,
        following=facts.following,
        followed_by=facts.followed_by,
        mutual_connection_count=facts.mutual,
        pending_invitation=facts.pending,
        invitation_direction=direction,
        can_invite=block is None,
        cannot_invite_reason=block,
        can_invite_after=until,
        primary_action=_primary_action(facts, direction, block, person.follow_first),
    )


def _primary_action(
    facts: RelationshipFacts, direction: str | None, block: str | None, follow_first: bool
) -> str:
    if facts.connected:
        return "MESSAGE"
    if direction == "SENT":
        return "PENDING"
    if direction == "RECEIVED":
        return "ACCEPT"
    if follow_first:
        return "FOLLOW"  # the person asked to be followed rather than invited
    return "CONNECT" if block is None else "FOLLOW"  # cooldown, limit, rule


async def viewer_mutual_connections(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[tuple[PersonRecord, Keyset]] | None:
    """Mutual connections of the viewer and a person; null without a viewer, or for self.
    Batched: a page of people asking for theirs costs one trip (and one for the counts)."""
    viewer_id = info.context.viewer_id
    if viewer_id is None or viewer_id == person_id:
        return None
    limit = page_size(first)
    start = decode_cursor("mutual", after)
    loaders = info.context.loaders
    rows = await loaders.mutual.load((person_id, start, limit + 1))
    people.prime(info, [record for record, _ in rows])
    page = make_page("mutual", rows, limit, lambda row: row[1], start)
    return Listing(page, lambda: loaders.mutual_count.load(person_id))


async def mutual_connections(
    info: Info, person_a: str, person_b: str, first: int | None, after: str | None
) -> Listing[tuple[PersonRecord, Keyset]]:
    """Mutual connections of two different people: one of them may ask, and so may
    someone who may see both connections lists."""
    a, b = node_id_of(person_a, "Person"), node_id_of(person_b, "Person")
    if a == b:
        raise BadUserInput("Give two different people.", reason="SELF")
    records = await _require_people(info, [a, b])
    if info.context.viewer_id not in (a, b):
        await _require_connections_visible(info, records)
    limit = page_size(first)
    start = decode_cursor("mutual", after)
    graph = info.context.graph
    hidden = await audience.hidden(info)
    rows = (await network_db.mutual_pages(graph, a, [b], start, limit + 1, hidden))[b]
    people.prime(info, [record for record, _ in rows])
    page = make_page("mutual", rows, limit, lambda row: row[1], start)

    async def total() -> int:
        return (await network_db.mutual_counts(graph, a, [b], hidden)).get(b, 0)

    return Listing(page, total)


async def second_degree(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[Suggestion] | None:
    """Connections of connections, most mutual connections first (resolvers.suggestions
    says how they are found). The person's alone to see."""
    if not audience.is_owner(info, person_id):
        return None
    return await suggestions.second_degree(info, person_id, first, after)


async def follow_suggestions(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[FollowSuggestion] | None:
    """Whom to follow: the person's alone to see."""
    if not audience.is_owner(info, person_id):
        return None
    return await suggestions.follow_suggestions(info, person_id, first, after)


async def network_size(info: Info, person_id: str) -> NetworkSize:
    """Connections, and connections of connections: counted live while that walk fits
    its budget, else the newest analytics run's exact count (with its time)."""
    ctx = info.context
    found = suggestions.precomputed(info, person_id)
    if found is not None and not suggestions.walk_live(found[0], ctx.policy):
        counts = await ctx.loaders.counts.load(person_id)
        first = counts.connections if counts is not None else 0
        return NetworkSize(first, found[0].second_degree, exact=True, as_of=found[1])
    return await ctx.loaders.network_size.load(person_id) or NetworkSize(0, 0)


async def separation(info: Info, from_id: str | None, to_id: str, max_depth: int) -> SeparationView:
    """The shortest connection path between two people (from: default the viewer)."""
    if not 1 <= max_depth <= MAX_DEPTH:
        raise BadUserInput(
            f"`maxDepth` must be between 1 and {MAX_DEPTH}, got {max_depth}.",
            reason="DEPTH",
            maximum=MAX_DEPTH,
        )
    if from_id:
        a, b = node_id_of(from_id, "Person"), node_id_of(to_id, "Person")
    else:
        info.context.require_viewer_id()
        b = node_id_of(to_id, "Person")
        # The viewer's profile is looked up in the same batch as `b`: one trip.
        viewer, _ = await asyncio.gather(
            info.context.require_viewer(), info.context.loaders.person.load(b)
        )
        a = viewer.id
    if a == b:
        raise BadUserInput("A path needs two different people.", reason="SELF")
    records = await _require_people(info, [a, b])
    if a != info.context.viewer_id:
        # A path from someone else walks their connections: the list's own rule applies.
        await _require_connections_visible(info, records[:1])
    hidden = await audience.hidden(info)
    path = await network_db.shortest_path(info.context.graph, a, b, max_depth, hidden)
    if path is not None:
        people.prime(info, path)
    return SeparationView(max_depth, path)


async def _require_people(info: Info, ids: list[str]) -> list[PersonRecord]:
    """The people, all of whom must exist and be visible to the viewer."""
    found = await info.context.loaders.person.load_many(ids)
    hidden = await audience.hidden(info)
    if any(record is None or record.id in hidden for record in found):
        raise NotFound("No person has that id.")
    return [record for record in found if record is not None]


async def _require_connections_visible(info: Info, records: list[PersonRecord]) -> None:
    for record in records:
        if not await audience.sees_connections(info, record):
            raise Forbidden(
                f"{record.name}'s connections are not visible to you.",
                reason="CONNECTIONS_HIDDEN",
            )
