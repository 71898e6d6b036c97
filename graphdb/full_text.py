"""Search terms as full-text index queries (people and organizations search the same
way: each word of the term starts a word of what is searched), and the name-ordered
page that a search, or no term, reads."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, LiteralString

from graphdb.graph import Row, Runner
from graphdb.records import Keyset

# The best matches a search keeps (graphdb/queries/people.py, organizations.py).
SEARCH_MATCH_CAP = 1_000
# Words of the term, as the index splits text (an apostrophe inside a word keeps it whole).
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Shorter words must match a word whole: as prefixes they match most of the network.
_PREFIX_FROM = 3


def full_text_query(term: str) -> str | None:
    """The index query for a search term: all of its words, each the start of a word
    (from three letters; shorter ones whole). None when the term has no words. Words
    hold no characters the index's query syntax reads as operators."""
    words = _WORD.findall(term.casefold())
    if not words:
        return None
    return " AND ".join(w + "*" if len(w) >= _PREFIX_FROM else w for w in words)


@dataclasses.dataclass(frozen=True)
class NameOrdered:
    """A list in name order: its search, and everyone from the start or after a cursor
    (two statements, so that each can read the sort-name index in order)."""

    search: LiteralString
    everyone: LiteralString
    everyone_after: LiteralString


async def name_page(
    g: Runner, lists: NameOrdered, term: str, after: Keyset | None, limit: int, **params: Any
) -> list[Row]:
    """One page of `lists` after `after`: the search's matches, or everyone when the
    term has no words."""
    page = {
        "afterName": after.value if after else None,
        "afterId": after.id if after else None,
        "limit": limit,
        **params,
    }
    query = full_text_query(term)
    if query is None:
        return await g.rows(lists.everyone_after if after else lists.everyone, **page)
    return await g.rows(lists.search, terms=query, matchCap=SEARCH_MATCH_CAP, **page)
