"""The invitation lifecycle: PENDING -> ACCEPTED | IGNORED | WITHDRAWN."""

from __future__ import annotations

from tests.api.network import ACCEPT, IGNORE, INVITE, WITHDRAW, invite, state
from tests.conftest import Api, Clock

LISTS = """query($state: InvitationState) { viewer {
  receivedInvitations(state: $state) { totalCount edges { node { id state sender { id } } } }
  sentInvitations(state: $state) { totalCount edges { node { id state recipient { id } } } } } }"""


async def test_accept_connects_both_ways(api: Api) -> None:
    alice, bob = await api.member("Alice"), await api.member("Bob")
    sent = await invite(api, alice, bob, note="  Hello Bob!  ")
    invitation = sent["invitation"]
    assert sent["connected"] is False
    assert invitation["state"] == "PENDING" and invitation["note"] == "Hello Bob!"
    assert invitation["sender"]["id"] == alice.gid and invitation["recipient"]["id"] == bob.gid
    accepted = (await api.ok(ACCEPT, {"id": invitation["id"]}, as_=bob))["acceptInvitation"]
    assert accepted["invitation"]["state"] == "ACCEPTED"
    assert accepted["invitation"]["acceptedAt"] is not None
    assert accepted["invitation"]["sender"]["connectionCount"] == 1
    for me, other in ((alice, bob), (bob, alice)):
        s = await state(api, me)
        assert s["connections"] == s["followers"] == s["following"] == {other.gid}
        assert s["counts"] == (1, 1, 1)


async def test_repeats_are_harmless(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    first = await invite(api, alice, bob)
    again = await invite(api, alice, bob, note="a different note")
    assert again["invitation"]["id"] == first["invitation"]["id"]
    assert again["invitation"]["note"] is None  # the pending invitation, unchanged
    invitation_id = first["invitation"]["id"]
    one = await api.ok(ACCEPT, {"id": invitation_id}, as_=bob)
    two = await api.ok(ACCEPT, {"id": invitation_id}, as_=bob)
    assert one == two
    assert (await state(api, alice))["counts"] == (1, 1, 1)


async def test_only_the_recipient_accepts_or_ignores_and_only_the_sender_withdraws(
    api: Api,
) -> None:
    alice, bob, eve = await api.member(), await api.member(), await api.member()
    invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
    for op, actor, reason in (
        (ACCEPT, alice, "NOT_RECIPIENT"),
        (IGNORE, alice, "NOT_RECIPIENT"),
        (WITHDRAW, bob, "NOT_SENDER"),
    ):
        error = await api.error(op, {"id": invitation_id}, as_=actor)
        assert error["extensions"] == {"code": "FORBIDDEN", "reason": reason}
    # A stranger learns nothing, not even that the invitation exists.
    for op in (ACCEPT, IGNORE, WITHDRAW):
        error = await api.error(op, {"id": invitation_id}, as_=eve)
        assert error["extensions"]["code"] == "NOT_FOUND"
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert (await api.ok(node, {"id": invitation_id}, as_=eve))["node"] is None
    assert (await api.ok(node, {"id": invitation_id}))["node"] is None
    assert (await api.ok(node, {"id": invitation_id}, as_=bob))["node"]["id"] == invitation_id
    error = await api.error(ACCEPT, {"id": invitation_id})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await state(api, alice))["counts"] == (0, 0, 0)


async def test_ignore_closes_without_connecting(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
    for _ in range(2):
        ignored = (await api.ok(IGNORE, {"id": invitation_id}, as_=bob))["ignoreInvitation"]
        assert ignored["invitation"]["state"] == "IGNORED"
    error = await api.error(ACCEPT, {"id": invitation_id}, as_=bob)
    assert error["extensions"] == {"code": "CONFLICT", "reason": "INVITATION_IGNORED"}
    error = await api.error(WITHDRAW, {"id": invitation_id}, as_=alice)
    assert error["extensions"]["reason"] == "INVITATION_IGNORED"
    assert (await state(api, bob))["counts"] == (0, 0, 0)
    # No cooldown after an ignore: a new invitation may follow.
    assert (await invite(api, alice, bob))["invitation"]["id"] != invitation_id


async def test_withdraw_then_cooldown(make_api) -> None:
    clock = Clock()
    async with make_api(clock=clock, invitation_cooldown_days=21) as api:
        alice, bob = await api.member(), await api.member()
        invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
        withdrawn = await api.ok(WITHDRAW, {"id": invitation_id}, as_=alice)
        assert withdrawn["withdrawInvitation"]["invitation"]["state"] == "WITHDRAWN"
        error = await api.error(ACCEPT, {"id": invitation_id}, as_=bob)
        assert error["extensions"]["reason"] == "INVITATION_WITHDRAWN"
        clock.advance(20 * 86_400_000)
        error = await api.error(INVITE, {"id": bob.gid}, as_=alice)
        assert error["extensions"]["code"] == "CONFLICT"
        assert error["extensions"]["reason"] == "COOLDOWN"
        assert error["extensions"]["retryAfter"]
        # The cooldown binds the sender only: the other side may invite.
        back = await invite(api, bob, alice)
        await api.ok(WITHDRAW, {"id": back["invitation"]["id"]}, as_=bob)
        clock.advance(1 * 86_400_000 + 1000)
        assert (await invite(api, alice, bob))["invitation"]["state"] == "PENDING"


async def test_invitation_rules(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    error = await api.error(INVITE, {"id": alice.gid}, as_=alice)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "SELF"}
    error = await api.error(INVITE, {"id": bob.gid, "note": "x" * 301}, as_=alice)
    assert error["extensions"]["reason"] == "TOO_LONG"
    assert error["extensions"]["maximum"] == 300
    lists = (await api.ok(LISTS, as_=alice))["viewer"]
    assert lists["sentInvitations"]["totalCount"] == 0  # the failed invite left nothing
    assert (await invite(api, alice, bob, note="y" * 300))["invitation"]["note"] == "y" * 300
    invitation_id = (await invite(api, alice, bob))["invitation"]["id"]
    await api.ok(ACCEPT, {"id": invitation_id}, as_=bob)
    error = await api.error(INVITE, {"id": bob.gid}, as_=alice)
    assert error["extensions"] == {"code": "CONFLICT", "reason": "ALREADY_CONNECTED"}


async def test_inviting_someone_who_invited_you_connects_at_once(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    theirs = (await invite(api, alice, bob))["invitation"]
    result = await invite(api, bob, alice)
    assert result["connected"] is True
    assert result["invitation"]["id"] == theirs["id"]
    assert result["invitation"]["state"] == "ACCEPTED"
    assert (await state(api, alice))["connections"] == {bob.gid}


async def test_connection_limit(make_api) -> None:
    async with make_api(max_connections=1) as api:
        hub, a, b, c = [await api.member() for _ in range(4)]
        pending = (await invite(api, b, hub))["invitation"]["id"]
        await api.ok(ACCEPT, {"id": (await invite(api, a, hub))["invitation"]["id"]}, as_=hub)
        error = await api.error(INVITE, {"id": hub.gid}, as_=c)
        assert error["extensions"]["code"] == "LIMIT_REACHED"
        assert error["extensions"]["reason"] == "OTHER_AT_LIMIT"
        error = await api.error(INVITE, {"id": c.gid}, as_=hub)
        assert error["extensions"]["reason"] == "VIEWER_AT_LIMIT"
        error = await api.error(ACCEPT, {"id": pending}, as_=hub)
        assert error["extensions"]["code"] == "LIMIT_REACHED"
        # Following still works beyond the limit.
        follow = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
        assert (await api.ok(follow, {"id": hub.gid}, as_=c))["followPerson"]["following"]


async def test_invitation_lists_are_the_owners_alone(api: Api) -> None:
    alice, bob, carol = await api.member(), await api.member(), await api.member()
    to_bob = (await invite(api, alice, bob))["invitation"]["id"]
    to_carol = (await invite(api, alice, carol))["invitation"]["id"]
    await api.ok(IGNORE, {"id": to_carol}, as_=carol)
    pending = (await api.ok(LISTS, as_=alice))["viewer"]["sentInvitations"]
    assert [e["node"]["id"] for e in pending["edges"]] == [to_bob]
    ignored = (await api.ok(LISTS, {"state": "IGNORED"}, as_=alice))["viewer"]
    assert [e["node"]["id"] for e in ignored["sentInvitations"]["edges"]] == [to_carol]
    received = (await api.ok(LISTS, as_=bob))["viewer"]["receivedInvitations"]
    assert received["totalCount"] == 1
    assert received["edges"][0]["node"]["sender"]["id"] == alice.gid
    others = """query($id: ID!) { node(id: $id) { ... on Person {
      receivedInvitations { totalCount } sentInvitations { totalCount } } } }"""
    for viewer in (bob, None):
        node = (await api.ok(others, {"id": alice.gid}, as_=viewer))["node"]
        assert node == {"receivedInvitations": None, "sentInvitations": None}
