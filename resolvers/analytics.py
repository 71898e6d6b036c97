"""Analytics for analysts: runs, their results, and each person's measures.

Only a token with the analyst role gets here (FORBIDDEN otherwise). Results are
immutable once a run succeeds, so their pages are positions in a fixed order: a cursor
names its run and a position, and stays valid as long as the run is kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from analytics.results import Community, PersonMeasures, Results
from analytics.runs import SUCCEEDED, Run, RunInProgress
from graphdb.records import Keyset
from resolvers.context import Info
from resolvers.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from resolvers.pagination import Page, decode_cursor, encode_cursor, page_size

ANALYST = "analyst"
T = TypeVar("T")


class AnalyticsBackend(Protocol):
    """What the composition root provides (linkgraph.analytics_runner)."""

    def start(self, fresh: bool) -> Run: ...

    def cancel(self, run_id: str) -> Run | None: ...

    def run(self, run_id: str) -> Run | None: ...

    def all(self) -> list[Run]: ...

    def results(self, run: Run) -> Results | None: ...

    def latest(self) -> Results | None:
        """The newest succeeded run's results (what suggestions are served from)."""
        ...


def backend(info: Info) -> AnalyticsBackend:
    """The analytics backend, for an analyst; UNAUTHENTICATED or FORBIDDEN otherwise."""
    context = info.context
    if context.viewer_id is None:
        raise Unauthenticated("Sign in with an analyst's token: `linkgraph token --analyst`.")
    if ANALYST not in context.roles:
        raise Forbidden("Analytics is for tokens with the analyst role.", reason="ANALYST_ROLE")
    if context.analytics is None:
        raise Forbidden("Analytics is not enabled on this service.", reason="NOT_ENABLED")
    return context.analytics


def runs(info: Info, first: int | None, after: str | None) -> Page[Run]:
    """Every run, newest first."""
    limit = page_size(first)
    start = decode_cursor("analyticsRuns", after)
    found = backend(info).all()
    if start is not None:
        found = [r for r in found if (r.created_at_ms, r.id) < (start.value, start.id)]
    shown = found[:limit]
    return Page(
        [(r, encode_cursor("analyticsRuns", Keyset(r.created_at_ms, r.id))) for r in shown],
        has_next_page=len(found) > limit,
        has_previous_page=start is not None,
    )


def latest_run(info: Info, succeeded: bool) -> Run | None:
    for run in backend(info).all():
        if not succeeded or run.state == SUCCEEDED:
            return run
    return None


def run(info: Info, run_id: str) -> Run | None:
    return backend(info).run(run_id)


def start(info: Info, input: Any) -> Run:
    try:
        return backend(info).start(bool(input.fresh))
    except RunInProgress as busy:
        raise Conflict(str(busy), reason="RUN_IN_PROGRESS", runId=busy.run.id) from None


def cancel(info: Info, input: Any) -> Run:
    found = backend(info).cancel(str(input.id))
    if found is None:
        raise NotFound(f"No analytics run {input.id}.", reason="UNKNOWN_RUN")
    return found


async def with_tables(found: Results) -> Results:
    """`found` with its people and communities read, in a thread the first time: at a
    million people that takes 1.3 s, which on the event loop would stall every request
    the service is answering."""
    if not found.tables_read:
        await asyncio.to_thread(found.read_tables)
    return found


def results(info: Info, run: Run) -> Results | None:
    """A succeeded run's results (null before it succeeds)."""
    return backend(info).results(run)


def positions(
    list_name: str,
    run: Run,
    first: int | None,
    after: str | None,
    take: Callable[[int, int], tuple[Sequence[T], bool]],
) -> Page[T]:
    """A page of a run's fixed list: `take(start, limit)` gives the items from position
    `start` and whether more follow."""
    limit = page_size(first)
    cursor = decode_cursor(list_name, after)
    if cursor is not None and cursor.id != run.id:
        raise BadUserInput("`after` is a cursor of another run's list.", reason="INVALID_CURSOR")
    start = int(cursor.value) if cursor is not None else 0
    if start < 0:
        raise BadUserInput("`after` is not a cursor of this list.", reason="INVALID_CURSOR")
    items, more = take(start, limit)
    return Page(
        [
            (item, encode_cursor(list_name, Keyset(start + i + 1, run.id)))
            for i, item in enumerate(items)
        ],
        has_next_page=more,
        has_previous_page=cursor is not None,
    )


def listed(items: Sequence[T]) -> Callable[[int, int], tuple[Sequence[T], bool]]:
    return lambda start, limit: (items[start : start + limit], start + limit < len(items))


def influencers(
    info: Info, run: Run, found: Results, first: int | None, after: str | None
) -> Page[PersonMeasures]:
    return positions("influencers", run, first, after, found.influencers)


def communities(
    info: Info, run: Run, found: Results, first: int | None, after: str | None
) -> Page[Community]:
    return positions(
        "communities", run, first, after, lambda start, limit: found.communities(start - 1, limit)
    )


def series(
    info: Info, run: Run, rows: Sequence[dict], name: str, first: int | None, after: str | None
) -> Page[dict]:
    return positions(name, run, first, after, listed(rows))


async def person_measures(info: Info, person_id: str) -> PersonMeasures | None:
    """A person's measures in the newest succeeded run; null if none has them."""
    latest = latest_run(info, succeeded=True)
    found = results(info, latest) if latest is not None else None
    if found is None:
        return None
    return (await with_tables(found)).person(person_id)
