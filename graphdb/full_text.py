"""Search terms as full-text index queries (people and organizations search the same
way: each word of the term starts a word of what is searched)."""

from __future__ import annotations

import re

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
