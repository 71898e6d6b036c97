"""Keyset cursors: opaque, tied to their list, and checked for type and range."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphdb.records import Keyset
from resolvers.errors import BadUserInput
from resolvers.pagination import decode_cursor, encode_cursor, make_page, page_size


def forge(*parts: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@given(value=st.integers(-(2**63), 2**63 - 1), row_id=st.text(max_size=100))
def test_a_time_cursor_round_trips(value: int, row_id: str) -> None:
    assert decode_cursor("followers", encode_cursor("followers", Keyset(value, row_id))) == (
        Keyset(value, row_id)
    )


@given(name=st.text(max_size=100), row_id=st.text(max_size=100))
def test_a_name_cursor_round_trips(name: str, row_id: str) -> None:
    assert decode_cursor("people", encode_cursor("people", Keyset(name, row_id))) == Keyset(
        name, row_id
    )


@pytest.mark.parametrize(
    ("list_name", "cursor"),
    [
        ("followers", "garbage"),
        ("followers", ""),
        ("followers", forge("followers", 2**63, "x")),  # past the store's 64 bits
        ("followers", forge("followers", -(2**63) - 1, "x")),
        ("followers", forge("followers", True, "x")),  # a boolean is no time
        ("followers", forge("followers", 1.5, "x")),
        ("followers", forge("followers", "1", "x")),  # a time list holds integers
        ("people", forge("people", 1, "x")),  # a name list holds text
        ("followers", forge("followers", 1, 7)),  # ids are text
        ("followers", forge("following", 1, "x")),  # another list's cursor
        ("followers", forge("followers", 1)),
        ("followers", forge("followers", 1, "x" * 1001)),
    ],
)
def test_a_forged_cursor_is_refused(list_name: str, cursor: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_cursor(list_name, cursor)
    assert (refused.value.extensions or {})["reason"] == "INVALID_CURSOR"


def test_page_sizes_and_the_extra_row() -> None:
    assert page_size(None) == 20
    for bad in (-1, 101):
        with pytest.raises(BadUserInput):
            page_size(bad)
    page = make_page("followers", [1, 2, 3], 2, lambda n: Keyset(n, str(n)), None)
    assert [row for row, _ in page.items] == [1, 2]
    assert page.has_next_page and not page.has_previous_page
