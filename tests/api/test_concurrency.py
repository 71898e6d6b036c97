"""Races on the real store: every mutation is safe to repeat and safe under concurrency."""

from __future__ import annotations

import asyncio

import pytest

from linkgraph.auth import new_subject
from tests.api.network import ACCEPT, FOLLOW, INVITE, WITHDRAW, invite, state
from tests.conftest import Api, Member

pytestmark = pytest.mark.slow

PENDING = """{ viewer { sentInvitations { totalCount } receivedInvitations { totalCount } } }"""


async def all_ok(api: Api, calls: list) -> list[dict]:
    """Run the (query, variables, member) calls at once; none may fail."""
    bodies = await asyncio.gather(*(api.gql(q, v, as_=m) for q, v, m in calls))
    for body in bodies:
        assert "errors" not in body, body["errors"]
    return [body["data"] for body in bodies]


async def test_fifty_concurrent_accepts_make_one_connection(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
    results = await all_ok(api, [(ACCEPT, {"id": invitation_id}, bob)] * 50)
    assert {r["acceptInvitation"]["invitation"]["state"] for r in results} == {"ACCEPTED"}
    for me, other in ((alice, bob), (bob, alice)):
        s = await state(api, me)
        assert s["connections"] == s["following"] == s["followers"] == {other.gid}
        assert s["counts"] == (1, 1, 1)


async def test_crossing_invitations_connect_once(api: Api) -> None:
    pairs = [(await api.member(), await api.member()) for _ in range(5)]
    calls = []
    for a, b in pairs:
        calls += [(INVITE, {"id": b.gid}, a), (INVITE, {"id": a.gid}, b)]
    results = await all_ok(api, calls)
    for i, (a, b) in enumerate(pairs):
        both = results[2 * i : 2 * i + 2]
        # The later of the two finds the other pending and accepts it: one invitation.
        assert sorted(r["sendInvitation"]["connected"] for r in both) == [False, True]
        assert len({r["sendInvitation"]["invitation"]["id"] for r in both}) == 1
        for me, other in ((a, b), (b, a)):
            s = await state(api, me)
            assert s["connections"] == s["following"] == {other.gid}
            assert s["counts"] == (1, 1, 1)
            pending = (await api.ok(PENDING, as_=me))["viewer"]
            assert pending == {
                "sentInvitations": {"totalCount": 0},
                "receivedInvitations": {"totalCount": 0},
            }


async def test_hundred_concurrent_follows_leave_one(api: Api) -> None:
    fan, star = await api.member(), await api.member()
    await all_ok(api, [(FOLLOW, {"id": star.gid}, fan)] * 100)
    s = await state(api, star)
    assert s["followers"] == {fan.gid} and s["counts"] == (0, 1, 0)


async def test_concurrent_invites_leave_one_pending(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    results = await all_ok(api, [(INVITE, {"id": bob.gid}, alice)] * 20)
    assert len({r["sendInvitation"]["invitation"]["id"] for r in results}) == 1
    assert (await api.ok(PENDING, as_=bob))["viewer"]["receivedInvitations"]["totalCount"] == 1


async def test_accept_racing_withdraw_has_one_outcome(api: Api) -> None:
    for _ in range(5):
        alice, bob = await api.member(), await api.member()
        invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
        accept, withdraw = await asyncio.gather(
            api.gql(ACCEPT, {"id": invitation_id}, as_=bob),
            api.gql(WITHDRAW, {"id": invitation_id}, as_=alice),
        )
        winners = [r for r in (accept, withdraw) if "errors" not in r]
        assert len(winners) == 1, (accept, withdraw)
        losers = [r for r in (accept, withdraw) if "errors" in r]
        assert losers[0]["errors"][0]["extensions"]["code"] == "CONFLICT"
        connected = (await state(api, alice))["counts"]
        assert connected == ((1, 1, 1) if winners[0] is accept else (0, 0, 0))


async def test_racing_profiles_for_one_handle(api: Api) -> None:
    handle = f"race-{new_subject()[:8]}"
    people = [Member(s, "", "", api.token_for(s)) for s in (new_subject() for _ in range(10))]
    create = """mutation($h: String!) { createProfile(input: {handle: $h, name: "Racer"}) {
      person { id } } }"""
    bodies = await asyncio.gather(*(api.gql(create, {"h": handle}, as_=p) for p in people))
    won = [b for b in bodies if "errors" not in b]
    lost = [b["errors"][0]["extensions"].get("reason") for b in bodies if "errors" in b]
    assert len(won) == 1 and lost == ["HANDLE_TAKEN"] * 9
