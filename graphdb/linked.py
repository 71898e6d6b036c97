"""The lists of people linked to a person, one statement a page (graphdb/queries/linked.py)."""

from __future__ import annotations

import dataclasses
from typing import LiteralString

from graphdb.graph import Runner
from graphdb.paging import after_params
from graphdb.queries import linked as q
from graphdb.records import Keyset, LinkedPerson, PersonRecord

# Each list's statement for whole people, and for cards.
_PAGES: dict[str, tuple[LiteralString, LiteralString]] = {
    "connections": (q.CONNECTIONS_PAGE, q.CONNECTIONS_CARDS),
    "followers": (q.FOLLOWERS_PAGE, q.FOLLOWERS_CARDS),
    "following": (q.FOLLOWING_PAGE, q.FOLLOWING_CARDS),
}
LISTS = frozenset(_PAGES)


@dataclasses.dataclass(frozen=True)
class LinkedPage:
    rows: list[LinkedPerson]
    total: int | None  # counted only when asked for
    owner: PersonRecord | None = None  # the person whose list it is, when asked for


async def page(
    g: Runner, list_name: str, person_id: str, viewer_id: str | None, after: Keyset | None,
    limit: int, *, with_total: bool, with_owner: bool = False, cards: bool = False,
) -> LinkedPage:  # fmt: skip
    """One page of `list_name` (connections, followers, following) of a person, without
    the people hidden from the viewer, and the whole list's size if `with_total`. With
    `cards`, each person is a card (`PersonRecord.from_card`)."""
    rows = await g.rows(
        _PAGES[list_name][cards], id=person_id, viewerId=viewer_id, withTotal=with_total,
        withOwner=with_owner, **after_params(after, limit),
    )  # fmt: skip
    if not rows:  # no such person
        return LinkedPage([], None)
    (row,) = rows
    owner = row["owner"]
    person = PersonRecord.from_card if cards else PersonRecord.from_row
    return LinkedPage(
        [LinkedPerson(person(p), p["since"]) for p in row["page"]],
        row["total"] if with_total else None,
        PersonRecord.from_row(owner) if owner else None,
    )
