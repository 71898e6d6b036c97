"""Strings that look like code, or like nothing at all, are stored and returned as data."""

from __future__ import annotations

import unicodedata

import pytest

from linkgraph.auth import new_subject
from tests.api.network import invite
from tests.conftest import Api

ODD = [
    'O\'Brien "the" `Builder`',
    "'}) MATCH (n) DETACH DELETE n //",
    "$id $viewerId {id: $x} \\u0000 \\' \\\\",
    "Robert'); DROP TABLE people;--",
    "👩🏽‍💻 Zoë Ångström",
    "مرحبا بالعالم",  # right-to-left
    "a\u200db\u200bc",  # zero-width joiner and space
    "e\u0301",  # combining accent: stored in NFC as é
    "{{7*7}} ${7*7} <script>alert(1)</script>",
]


@pytest.mark.parametrize("text", ODD)
async def test_profile_fields_round_trip(api: Api, text: str) -> None:
    me = await api.member(text, headline=text, about=text)
    query = """query($id: ID!) { node(id: $id) { ... on Person { name headline about } } }"""
    node = (await api.ok(query, {"id": me.gid}))["node"]
    expected = unicodedata.normalize("NFC", text).strip()
    assert node == {"name": expected, "headline": expected, "about": expected}


async def test_search_and_notes_take_odd_text_as_data(api: Api) -> None:
    tag = new_subject()[:8]
    target = await api.member(f"Needle {tag} 'quoted' `tick`")
    search = "query($s: String) { people(search: $s) { totalCount edges { node { id } } } }"
    for term in (f"{tag} 'quoted'", f"{tag} 'quoted' `tick`", "'}) RETURN 1 //"):
        found = (await api.ok(search, {"s": term}))["people"]
        ids = {e["node"]["id"] for e in found["edges"]}
        assert (target.gid in ids) is term.startswith(tag), term
    sender = await api.member()
    note = ODD[1] + " " + ODD[4]
    sent = await invite(api, sender, target, note=note)
    assert sent["invitation"]["note"] == note


async def test_control_characters_and_malformed_ids_are_refused(api: Api) -> None:
    me = await api.member()
    update = "mutation($n: String) { updateProfile(input: {name: $n}) { person { name } } }"
    error = await api.error(update, {"n": "bad\x00name"}, as_=me)
    assert error["extensions"]["reason"] == "INVALID_CHARACTERS"
    for bad in ("' OR 1=1 --", "UGVyc29uOg==", "😀", ""):
        error = await api.error("query($id: ID!) { node(id: $id) { id } }", {"id": bad})
        assert error["extensions"]["code"] == "BAD_USER_INPUT", bad
