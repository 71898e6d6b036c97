"""Records read from rows put each value where it belongs."""

from __future__ import annotations

import dataclasses

from graphdb.records import PersonRecord


def test_every_person_field_comes_from_its_own_key() -> None:
    row = {
        "id": "p1", "handle": "ada", "name": "Ada", "headline": "h", "about": "a",
        "location": "l", "industry": "i", "createdAt": 1, "updatedAt": 2, "email": "e",
        "phone": "+1", "connectionsVisibility": "ONLY_ME",
        "invitationsFrom": "SHARED_CONNECTIONS", "followFirst": True,
    }  # fmt: skip
    assert dataclasses.asdict(PersonRecord.from_row(row)) == {
        "id": "p1", "handle": "ada", "name": "Ada", "headline": "h", "about": "a",
        "location": "l", "industry": "i", "created_at": 1, "updated_at": 2, "email": "e",
        "phone": "+1", "connections_visibility": "ONLY_ME",
        "invitations_from": "SHARED_CONNECTIONS", "follow_first": True, "card": False,
    }  # fmt: skip


def test_a_card_holds_what_a_list_shows_and_says_so() -> None:
    card = PersonRecord.from_card({"id": "p1", "handle": "ada", "name": "Ada", "headline": None})
    assert (card.id, card.handle, card.name, card.headline, card.card) == (
        "p1", "ada", "Ada", None, True,
    )  # fmt: skip
    assert (card.about, card.email, card.phone) == (None, None, None)


def test_absent_values_take_their_defaults() -> None:
    record = PersonRecord.from_row({"id": "p", "handle": "h", "name": "N", "createdAt": 5})
    assert (record.updated_at, record.headline, record.email) == (5, None, None)
    assert (record.connections_visibility, record.invitations_from) == ("CONNECTIONS", "EVERYONE")
    assert record.follow_first is False
