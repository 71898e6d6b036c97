"""Suggestions: whom to connect with (the second degree) and whom to follow.

Connect suggestions are walked live in the store when that walk is exact for the
person (every connection of every connection fits the walk's budget); for everyone
else they are served from the newest analytics run, which ranked everyone's second
degree exactly, merged with what the store says has changed since: people connected,
invited or blocked since leave the list, and the connections of people connected
since join it. Follow suggestions come from the run only (see analytics.candidates for
the measure); the store removes whom the viewer has followed, connected with or
blocked since. With no run yet, connect suggestions are walked live for everyone and
follow suggestions are empty.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from analytics.suggestion_index import PersonSuggestions
from graphdb import network as network_db
from graphdb import suggestions as suggestions_db
from graphdb.records import FollowSuggestion, Keyset, PersonRecord, Suggestion
from resolvers import people
from resolvers.context import Info
from resolvers.pagination import decode_cursor, make_page, page_size
from resolvers.policy import Policy
from resolvers.results import Listing

# Connections made since the snapshot that a merge walks, and how many of each one's
# connections: together at most the live walk's budget.
FRESH_CONNECTIONS = 50
FRESH_MIN_CAP = 100
# A page asks the store for a few more suggestions than it shows: people deleted since
# the snapshot are missing from the answer, and the page must still fill.
SLACK = 5
# "Many followers and few connections": suggested to follow rather than to connect.
FOLLOW_FIRST_FOLLOWERS = 1_000
FOLLOW_FIRST_RATIO = 10


def walk_cap(degrees: Sequence[int], budget: int) -> int:
    """The most connections walked of any one friend so that all together walk at most
    `budget` (water-filling: everyone under the cap is walked whole, everyone above it
    is sampled to it). Everyone fits: the largest degree."""
    remaining, left = budget, len(degrees)
    for degree in sorted(degrees):
        if degree * left > remaining:
            return max(remaining // left, 1)
        remaining -= degree
        left -= 1
    return max(degrees, default=1)


def primary_action(follow_first: bool, followers: int, connections: int) -> str:
    """FOLLOW for people who asked to be followed first and for people followed by many
    who connect with few (a public figure); CONNECT for everyone else."""
    if follow_first:
        return "FOLLOW"
    if followers >= FOLLOW_FIRST_FOLLOWERS and followers >= FOLLOW_FIRST_RATIO * connections:
        return "FOLLOW"
    return "CONNECT"


def precomputed(info: Info, person_id: str) -> tuple[PersonSuggestions, int] | None:
    """The newest run's suggestions for the person and the snapshot's time, if any."""
    analytics = info.context.analytics
    latest = analytics.latest() if analytics is not None else None
    index = latest.suggestions if latest is not None else None
    found = index.person(person_id) if index is not None else None
    return (found, latest.taken_at_ms) if found is not None and latest is not None else None


def walk_is_exact(found: PersonSuggestions, policy: Policy) -> bool:
    """Would the live walk have been exact for them at the snapshot?"""
    return found.connections <= policy.max_friends and found.walk <= policy.walk_budget


def suggestion_keyset(row: Suggestion) -> Keyset:
    return Keyset(row.mutual, row.person.id)


async def second_degree(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[Suggestion]:
    """The person's second degree, most mutual connections first (id breaks ties)."""
    limit = page_size(first)
    start = decode_cursor("second-degree", after)
    found = precomputed(info, person_id)
    if found is not None and not walk_is_exact(found[0], info.context.policy):
        return await _from_snapshot(info, person_id, *found, start, limit)
    return await _live(info, person_id, start, limit)


async def _live(
    info: Info, person_id: str, start: Keyset | None, limit: int
) -> Listing[Suggestion]:
    ctx = info.context
    policy = ctx.policy
    degrees = await network_db.friend_degrees(ctx.graph, person_id, policy.max_friends)
    cap = walk_cap(degrees, policy.walk_budget)
    rows = await network_db.second_degree_page(
        ctx.graph,
        person_id,
        start,
        limit + 1,
        max_friends=policy.max_friends,
        cap=cap,
        sample=policy.mutual_sample,
    )
    for row in rows:
        people.prime(info, [row.person, *row.sample])
    page = make_page("second-degree", rows, limit, suggestion_keyset, start)

    async def total() -> int:
        return await network_db.second_degree_count(
            ctx.graph, person_id, max_friends=policy.max_friends, cap=cap
        )

    return Listing(page, total)


async def _from_snapshot(
    info: Info,
    person_id: str,
    found: PersonSuggestions,
    as_of: int,
    start: Keyset | None,
    limit: int,
) -> Listing[Suggestion]:
    ctx = info.context
    changes = await suggestions_db.connect_changes(
        ctx.graph,
        person_id,
        as_of,
        FRESH_CONNECTIONS,
        max(ctx.policy.walk_budget // FRESH_CONNECTIONS, FRESH_MIN_CAP),
    )
    mutual = {c.id: c.mutual for c in found.connect}
    for reached in changes.reached:  # one more mutual connection: someone connected since
        mutual[reached] = mutual.get(reached, 0) + 1
    out = changes.friends | changes.excluded | {person_id}
    ranked = sorted(
        ((count, cid) for cid, count in mutual.items() if cid not in out),
        key=lambda row: (-row[0], row[1]),
    )
    if start is not None:
        assert isinstance(start.value, int)  # decode_cursor checked it
        ranked = [
            (count, cid)
            for count, cid in ranked
            if count < start.value or (count == start.value and cid > start.id)
        ]
    wanted = ranked[: limit + 1 + SLACK]
    details = await suggestions_db.connect_details(
        ctx.graph, person_id, [cid for _, cid in wanted], ctx.policy.mutual_sample
    )
    rows = []
    for count, cid in wanted:
        d = details.get(cid)
        if d is None or d.person is None:
            continue  # deleted since the snapshot
        rows.append(
            Suggestion(
                person=d.person,
                mutual=count,
                sample=_by_name(d.sample),
                organizations=d.organizations,
                followers=d.followers,
                connections=d.connections,
                as_of=as_of,
            )
        )
        people.prime(info, [d.person, *d.sample])
    rows = rows[: limit + 1]
    page = make_page("second-degree", rows, limit, suggestion_keyset, start)

    async def total() -> int:
        return found.second_degree  # exact, as of the snapshot

    return Listing(page, total)


def _by_name(sample: Sequence[PersonRecord]) -> tuple[PersonRecord, ...]:
    return tuple(sorted(sample, key=lambda p: (p.name.lower(), p.id)))


def score_key(score: float) -> int:
    """A score as an integer keeping its order (a float32's bits, for scores >= 0):
    cursors hold integers, and the run ranked by float32 scores."""
    return int(struct.unpack("<I", struct.pack("<f", score))[0])


def follow_keyset(row: FollowSuggestion) -> Keyset:
    return Keyset(score_key(row.score), row.id)


async def follow_suggestions(
    info: Info, viewer_id: str, first: int | None, after: str | None
) -> Listing[FollowSuggestion]:
    """People and organizations the viewer's circle follows, best by the walk first."""
    limit = page_size(first)
    start = decode_cursor("follow-suggestions", after)
    ctx = info.context
    found = precomputed(info, viewer_id)
    if found is None:
        return Listing(make_page("follow-suggestions", [], limit, follow_keyset, start), _none)
    listed, as_of = found
    excluded = await suggestions_db.follow_changes(ctx.graph, viewer_id, as_of)
    available = [c for c in listed.follow if c.id not in excluded and c.id != viewer_id]
    ranked = available
    if start is not None:
        assert isinstance(start.value, int)  # decode_cursor checked it
        ranked = [
            c
            for c in ranked
            if score_key(c.score) < start.value
            or (score_key(c.score) == start.value and c.id > start.id)
        ]
    wanted = ranked[: limit + 1 + SLACK]
    details = await suggestions_db.follow_details(
        ctx.graph, viewer_id, [(c.id, c.person) for c in wanted], ctx.policy.mutual_sample
    )
    rows = []
    for c in wanted:
        d = details.get(c.id)
        if d is None:
            continue  # deleted since the snapshot
        sample = _by_name(d.sample)[: ctx.policy.mutual_sample]
        rows.append(
            FollowSuggestion(
                person=d.person,
                organization=d.organization,
                followed_by=c.followed_by,
                score=c.score,
                sample=sample,
                followers=d.followers,
                connections=d.connections,
                as_of=as_of,
            )
        )
        people.prime(info, [*([d.person] if d.person else []), *sample])
    rows = rows[: limit + 1]
    page = make_page("follow-suggestions", rows, limit, follow_keyset, start)

    async def total() -> int:
        return len(available)

    return Listing(page, total)


async def _none() -> int:
    return 0
