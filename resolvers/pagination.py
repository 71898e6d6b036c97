"""Keyset cursors and page sizes shared by every list."""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import orjson

from graphdb.records import Keyset
from resolvers.errors import BadUserInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Lists ordered by a name; every other list is ordered by a time or a count (an integer
# the store holds in 64 bits: a larger one would fail in the driver, not as bad input).
TEXT_ORDERED = frozenset({"people", "mutual", "organizations"})
_INT64 = range(-(2**63), 2**63)
_MAX_KEY_LENGTH = 1_000  # longer than any sort name or id the service writes

T = TypeVar("T")


def page_size(first: int | None) -> int:
    """The validated `first` argument: default 20, at most 100."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(
            f"`first` must be between 0 and {MAX_PAGE_SIZE}, got {first}.",
            reason="PAGE_SIZE",
            maximum=MAX_PAGE_SIZE,
        )
    return first


def encode_cursor(list_name: str, keyset: Keyset) -> str:
    # orjson: a fifth of json's time, and a page makes a cursor for every edge.
    raw = orjson.dumps([list_name, keyset.value, keyset.id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(list_name: str, cursor: str | None) -> Keyset | None:
    """The keyset a cursor points after. A cursor is only valid for its own list."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, value, row_id = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        name = value = row_id = None
    if name != list_name or not _valid_key(list_name, value, row_id):
        raise BadUserInput(
            "`after` is not a cursor of this list; use an `endCursor` or edge `cursor` "
            "from a previous page of the same field.",
            reason="INVALID_CURSOR",
        )
    assert isinstance(value, int | str) and isinstance(row_id, str)  # _valid_key said so
    return Keyset(value, row_id)


def _valid_key(list_name: str, value: object, row_id: object) -> bool:
    if not isinstance(row_id, str) or len(row_id) > _MAX_KEY_LENGTH:
        return False
    if list_name in TEXT_ORDERED:
        return isinstance(value, str) and len(value) <= _MAX_KEY_LENGTH
    # bool is an int to Python, never a time or a count.
    return type(value) is int and value in _INT64


@dataclasses.dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows, each with its cursor, and whether more follow."""

    items: list[tuple[T, str]]
    has_next_page: bool
    has_previous_page: bool

    @property
    def start_cursor(self) -> str | None:
        return self.items[0][1] if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1][1] if self.items else None


def make_page(
    list_name: str,
    rows: Sequence[T],
    limit: int,
    keyset_of: Callable[[T], Keyset],
    after: Keyset | None,
) -> Page[T]:
    """A page from `limit + 1` fetched rows: the extra row only says a next page exists."""
    shown = list(rows[:limit])
    return Page(
        items=[(row, encode_cursor(list_name, keyset_of(row))) for row in shown],
        has_next_page=len(rows) > limit,
        has_previous_page=after is not None,
    )


async def fetch_page(
    list_name: str,
    first: int | None,
    after: str | None,
    fetch: Callable[[Keyset | None, int], Awaitable[Sequence[T]]],
    keyset_of: Callable[[T], Keyset],
) -> Page[T]:
    """Validate `first` and `after`, fetch one row more than the page, make the page."""
    limit = page_size(first)
    start = decode_cursor(list_name, after)
    rows = await fetch(start, limit + 1)
    return make_page(list_name, rows, limit, keyset_of, start)
