"""Suggestions: whom to connect with (the second degree) and whom to follow.

Connect suggestions are walked live in the store when that walk is exact for the
person (every connection of every connection fits the walk's budget) and cheap (at
most `Policy.live_walk` rows); everyone else is served from the newest analytics run,
which ranked everyone's second degree exactly, merged with what the store says has
changed since: people connected, invited or blocked since leave the list, and the
connections of people connected since join it. Follow suggestions come from the run
only (see analytics.candidates for the measure); the store removes whom the viewer has
followed, connected with or blocked since. With no run yet, connect suggestions are
walked live for everyone and follow suggestions are empty.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from analytics.suggestion_index import (
    WITNESSES,
    FollowCandidate,
    PersonSuggestions,
    SuggestionIndex,
)
from graphdb import network as network_db
from graphdb import suggestions as suggestions_db
from graphdb.connections import pair_key
from graphdb.follows import follow_key
from graphdb.graph import Runner
from graphdb.records import FollowSuggestion, Keyset, PersonRecord, Suggestion
from graphdb.suggestions import Details
from resolvers import people
from resolvers.context import Info
from resolvers.pagination import decode_cursor, make_page, page_size
from resolvers.policy import Policy
from resolvers.results import Listing

T = TypeVar("T")

# Connections made since the snapshot that a merge walks (the newest), and how many of
# each one's connections: a share of the live walk's budget, and at least 100.
FRESH_CONNECTIONS = 50
FRESH_MIN_CAP = 100
# People deleted since the snapshot are missing from the store's answer: a page asks
# again for more at most this many times.
REFILLS = 2
# A mutual connection is tested from the far person's side while they have at most
# this many connections, else from the connection's own (graphdb CONNECT_DETAILS).
TEST_FROM_SIDE = 500
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


def _index(info: Info) -> tuple[SuggestionIndex, int] | None:
    """The newest run's suggestions and its snapshot's time, if there is a run."""
    analytics = info.context.analytics
    latest = analytics.latest() if analytics is not None else None
    index = latest.suggestions if latest is not None else None
    return (index, latest.taken_at_ms) if index is not None and latest is not None else None


def precomputed(info: Info, person_id: str) -> tuple[PersonSuggestions, int] | None:
    """The newest run's suggestions for the person and the snapshot's time, if any."""
    found = _index(info)
    person = found[0].person(person_id) if found is not None else None
    return (person, found[1]) if person is not None and found is not None else None


def walk_live(found: PersonSuggestions, policy: Policy) -> bool:
    """Walk their second degree live? When that walk is exact (it was at the run) and
    cheap enough; else the run serves it."""
    walk = min(policy.walk_budget, policy.live_walk)
    return found.connections <= policy.max_friends and found.walk <= walk


def _counts(info: Info, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Followers and connections at the newest run (a live count costs the local store
    a walk: 0.5 ms for a hub)."""
    found = _index(info)
    return found[0].counts(ids) if found is not None else {}


def _actions(info: Info, people_shown: Sequence[PersonRecord]) -> dict[str, str]:
    """Each person's primary action, by their followers and connections at the run."""
    counts = _counts(info, [p.id for p in people_shown])
    return {p.id: primary_action(p.follow_first, *counts.get(p.id, (0, 0))) for p in people_shown}


def suggestion_keyset(row: Suggestion) -> Keyset:
    return Keyset(row.mutual, row.person.id)


async def second_degree(
    info: Info, person_id: str, first: int | None, after: str | None
) -> Listing[Suggestion]:
    """The person's second degree, most mutual connections first (id breaks ties)."""
    limit = page_size(first)
    start = decode_cursor("second-degree", after)
    found = precomputed(info, person_id)
    if found is not None and not walk_live(found[0], info.context.policy):
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
    actions = _actions(info, [row.person for row in rows])
    rows = [dataclasses.replace(row, primary_action=actions[row.person.id]) for row in rows]
    for row in rows:
        people.prime(info, [row.person, *row.sample])
    page = make_page("second-degree", rows, limit, suggestion_keyset, start)

    async def total() -> int:
        return await network_db.second_degree_count(
            ctx.graph, person_id, max_friends=policy.max_friends, cap=cap
        )

    return Listing(page, total)


async def _details(
    ranked: Sequence[T],
    limit: int,
    fetch: Callable[[Sequence[T]], Awaitable[dict[str, Details]]],
    key: Callable[[T], str],
) -> list[tuple[T, Details]]:
    """The first `limit + 1` of `ranked` the store still has, with their details: asked
    for that many, and for more only if some were deleted since the snapshot (at most
    REFILLS more trips, each asking for twice as many as were missing)."""
    found: list[tuple[T, Details]] = []
    at = 0
    for _ in range(1 + REFILLS):
        size = limit + 1 if at == 0 else 2 * (limit + 1 - len(found))
        wanted = ranked[at : at + size]
        if not wanted:
            break
        at += len(wanted)
        details = await fetch(wanted)
        found += [(row, details[key(row)]) for row in wanted if key(row) in details]
        if len(found) > limit:
            break
    return found[: limit + 1]


async def _from_snapshot(
    info: Info,
    person_id: str,
    found: PersonSuggestions,
    as_of: int,
    start: Keyset | None,
    limit: int,
) -> Listing[Suggestion]:
    ctx = info.context
    sample = ctx.policy.mutual_sample
    changes = await suggestions_db.connect_changes(
        ctx.graph,
        person_id,
        as_of,
        FRESH_CONNECTIONS,
        max(ctx.policy.walk_budget // FRESH_CONNECTIONS, FRESH_MIN_CAP),
    )
    mutual = {c.id: c.mutual for c in found.connect}
    out = set(changes.fresh) | changes.excluded | {person_id}
    if changes.reached:
        # one more mutual connection: someone connected since; among the people reached
        # through them are the viewer's own connections, to tell out
        out |= await suggestions_db.friend_ids(ctx.graph, person_id)
        for reached in changes.reached:
            mutual[reached] = mutual.get(reached, 0) + 1
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

    noted = {c.id: c.witnesses for c in found.connect if c.witnesses}

    async def fetch(rows: Sequence[tuple[int, str]]) -> dict[str, Details]:
        given = await _still_mutual(ctx.graph, person_id, [cid for _, cid in rows], noted, sample)
        counts = _counts(info, [cid for _, cid in rows if cid not in given])
        people_shown = []
        for _, cid in rows:
            if cid in given:
                people_shown.append(suggestions_db.Shown(cid, False, False, given[cid]))
                continue
            theirs = counts.get(cid, (0, 0))[1]
            walk_theirs = theirs <= found.connections
            other = found.connections if walk_theirs else theirs
            people_shown.append(suggestions_db.Shown(cid, walk_theirs, other <= TEST_FROM_SIDE))
        return await suggestions_db.connect_details(ctx.graph, person_id, people_shown, sample)

    shown = await _details(ranked, limit, fetch, lambda row: row[1])
    actions = _actions(info, [d.person for _, d in shown if d.person is not None])
    rows = []
    for (count, _), d in shown:
        assert d.person is not None  # connect details are people
        rows.append(
            Suggestion(
                person=d.person,
                mutual=count,
                sample=_by_name(d.sample),
                organizations=d.organizations,
                primary_action=actions[d.person.id],
                as_of=as_of,
            )
        )
        people.prime(info, [d.person, *d.sample])
    page = make_page("second-degree", rows, limit, suggestion_keyset, start)

    async def total() -> int:
        return found.second_degree  # exact, as of the snapshot

    return Listing(page, total)


KeyPair = tuple[str, str]


async def _still_noted(
    ids: Sequence[str],
    noted: Mapping[str, tuple[str, ...]],
    sample: int,
    keys_of: Callable[[str, str], KeyPair],
    holding: Callable[[Sequence[KeyPair]], Awaitable[frozenset[str]]],
) -> dict[str, tuple[str, ...]]:
    """For each of `ids` the run noted people beside, those who still hold now: both
    relationships (`keys_of(noted person, suggestion)`) found by key, one statement for
    the page. Only where they are as many as the page shows; the others are walked for
    (one ended since the snapshot, or the page shows more than the run noted)."""
    if sample > WITNESSES:
        return {}
    wanted = {sid: noted[sid] for sid in ids if sid in noted}
    pairs = [keys_of(w, sid) for sid, witnesses in wanted.items() for w in witnesses]
    live = await holding(pairs)
    held = {}
    for sid, witnesses in wanted.items():
        still = tuple(w for w in witnesses if all(k in live for k in keys_of(w, sid)))
        if len(still) >= min(sample, len(witnesses)):
            held[sid] = still[:sample]
    return held


async def _still_mutual(
    g: Runner, viewer_id: str, ids: Sequence[str], noted: Mapping[str, tuple[str, ...]], sample: int
) -> dict[str, tuple[str, ...]]:
    """Noted mutual connections still connected to both."""

    async def holding(pairs: Sequence[KeyPair]) -> frozenset[str]:
        return await suggestions_db.live_connections(g, [k for pair in pairs for k in pair])

    return await _still_noted(
        ids, noted, sample, lambda m, cid: (pair_key(viewer_id, m), pair_key(m, cid)), holding
    )


async def _still_followed_by(
    g: Runner, viewer_id: str, ids: Sequence[str], noted: Mapping[str, tuple[str, ...]], sample: int
) -> dict[str, tuple[str, ...]]:
    """Noted followers the viewer still follows and who still choose to follow it (a
    follow connecting made since does not count)."""

    async def holding(pairs: Sequence[KeyPair]) -> frozenset[str]:
        return await suggestions_db.live_follows(g, [a for a, _ in pairs], [b for _, b in pairs])

    return await _still_noted(
        ids, noted, sample, lambda u, tid: (follow_key(viewer_id, u), follow_key(u, tid)), holding
    )


def _by_name(sample: Sequence[PersonRecord]) -> tuple[PersonRecord, ...]:
    return tuple(sorted(sample, key=lambda p: (p.name.lower(), p.id)))


def score_key(score: float) -> int:
    """A score as an integer keeping its order (a float32's bits, for scores >= 0):
    cursors hold integers, and the run ranked by float32 scores."""
    return int(struct.unpack("<I", struct.pack("<f", score))[0])


def follow_keyset(row: FollowSuggestion) -> Keyset:
    return Keyset(score_key(row.score), row.id)


def check_by_key(listed: PersonSuggestions) -> bool:
    """Whether to tell whom the viewer has followed or connected with since the run by
    looking each suggestion up (two keys each) rather than walking the viewer's
    follows and connections: when those, at the run, outnumber the keys."""
    return listed.following + listed.connections > 2 * len(listed.follow)


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
    if check_by_key(listed):
        candidates = [c.id for c in listed.follow]
        excluded = await suggestions_db.followed_or_connected(ctx.graph, viewer_id, candidates)
    else:
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

    sample = ctx.policy.mutual_sample
    noted = {c.id: c.witnesses for c in listed.follow if c.witnesses}

    async def fetch(rows: Sequence[FollowCandidate]) -> dict[str, Details]:
        given = await _still_followed_by(ctx.graph, viewer_id, [c.id for c in rows], noted, sample)
        counts = _counts(info, [c.id for c in rows if c.person and c.id not in given])
        targets = [
            suggestions_db.Target(
                c.id,
                c.person,
                c.person and counts.get(c.id, (0, 0))[0] < listed.following,
                given.get(c.id, ()),
            )
            for c in rows
        ]
        return await suggestions_db.follow_details(ctx.graph, viewer_id, targets, sample)

    shown = await _details(ranked, limit, fetch, lambda c: c.id)
    actions = _actions(info, [d.person for _, d in shown if d.person is not None])
    rows = []
    for c, d in shown:
        sample_shown = _by_name(d.sample)[:sample]
        rows.append(
            FollowSuggestion(
                person=d.person,
                organization=d.organization,
                followed_by=c.followed_by,
                score=c.score,
                sample=sample_shown,
                primary_action=actions[d.person.id] if d.person is not None else "FOLLOW",
                as_of=as_of,
            )
        )
        people.prime(info, [*([d.person] if d.person else []), *sample_shown])
    page = make_page("follow-suggestions", rows, limit, follow_keyset, start)

    async def total() -> int:
        return len(available)

    return Listing(page, total)


async def _none() -> int:
    return 0
