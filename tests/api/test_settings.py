"""Privacy settings: who sees the connections list, who may invite, follow-first; and
the contact details behind them."""

from __future__ import annotations

from tests.api.network import connect
from tests.api.social import RELATIONSHIP, SETTINGS
from tests.conftest import Api

CONNECTIONS = """query($id: ID!) { node(id: $id) { ... on Person {
  connections { totalCount } mutualConnections { totalCount } } } }"""
INVITE = """mutation($id: ID!) { sendInvitation(input: {personId: $id}) {
  invitation { state } } }"""
PROFILE = """mutation($input: UpdateProfileInput!) { updateProfile(input: $input) {
  person { email phone } } }"""


async def test_connections_list_can_be_kept_to_oneself(api: Api) -> None:
    owner, friend, other_friend = await api.member(), await api.member(), await api.member()
    await connect(api, owner, friend)
    await connect(api, owner, other_friend)
    await connect(api, friend, other_friend)
    seen = await api.ok(CONNECTIONS, {"id": owner.gid}, as_=friend)
    assert seen["node"] == {
        "connections": {"totalCount": 2},
        "mutualConnections": {"totalCount": 1},
    }
    changed = await api.ok(SETTINGS, {"input": {"connectionsVisibility": "ONLY_ME"}}, as_=owner)
    assert changed["updateSettings"]["settings"] == {
        "connectionsVisibility": "ONLY_ME",
        "invitationsFrom": "EVERYONE",
        "followFirst": False,
    }
    seen = await api.ok(CONNECTIONS, {"id": owner.gid}, as_=friend)
    # The list is hidden, but the connections the two share stay visible.
    assert seen["node"] == {"connections": None, "mutualConnections": {"totalCount": 1}}
    mine = await api.ok(CONNECTIONS, {"id": owner.gid}, as_=owner)
    assert mine["node"]["connections"] == {"totalCount": 2}
    # Nor can a third person read it through the mutual-connections query.
    stranger = await api.member()
    query = """query($a: ID!, $b: ID!) { mutualConnections(personA: $a, personB: $b) {
      totalCount } }"""
    error = await api.error(query, {"a": owner.gid, "b": friend.gid}, as_=stranger)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "CONNECTIONS_HIDDEN"}
    ok = await api.ok(query, {"a": owner.gid, "b": friend.gid}, as_=friend)
    assert ok["mutualConnections"]["totalCount"] == 1  # ...but either of the two may
    error = await api.error(query, {"a": owner.gid, "b": other_friend.gid}, as_=friend)
    assert error["extensions"]["reason"] == "CONNECTIONS_HIDDEN"


async def test_invitations_only_from_people_sharing_a_connection(api: Api) -> None:
    picky, friend, friend_of_friend, stranger = [await api.member() for _ in range(4)]
    await connect(api, picky, friend)
    await connect(api, friend, friend_of_friend)
    await api.ok(SETTINGS, {"input": {"invitationsFrom": "SHARED_CONNECTIONS"}}, as_=picky)
    rel = (await api.ok(RELATIONSHIP, {"id": picky.gid}, as_=stranger))["node"]["relationship"]
    assert rel == {
        "canInvite": False,
        "cannotInviteReason": "SHARED_CONNECTION_REQUIRED",
        "primaryAction": "FOLLOW",
        "mutualConnectionCount": 0,
    }
    error = await api.error(INVITE, {"id": picky.gid}, as_=stranger)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "SHARED_CONNECTION_REQUIRED"}
    rel = (await api.ok(RELATIONSHIP, {"id": picky.gid}, as_=friend_of_friend))["node"]
    assert rel["relationship"]["canInvite"] is True
    sent = await api.ok(INVITE, {"id": picky.gid}, as_=friend_of_friend)
    assert sent["sendInvitation"]["invitation"]["state"] == "PENDING"
    # The rule limits who may invite the picky person, not whom they may invite.
    back = await api.ok(INVITE, {"id": stranger.gid}, as_=picky)
    assert back["sendInvitation"]["invitation"]["state"] == "PENDING"


async def test_follow_first_makes_follow_the_primary_action(api: Api) -> None:
    creator, visitor = await api.member(), await api.member()
    rel = (await api.ok(RELATIONSHIP, {"id": creator.gid}, as_=visitor))["node"]["relationship"]
    assert rel["primaryAction"] == "CONNECT"
    await api.ok(SETTINGS, {"input": {"followFirst": True}}, as_=creator)
    rel = (await api.ok(RELATIONSHIP, {"id": creator.gid}, as_=visitor))["node"]["relationship"]
    assert rel["primaryAction"] == "FOLLOW"
    assert rel["canInvite"] is True  # connecting is still possible, just not offered first
    error = await api.error(SETTINGS, {"input": {}}, as_=creator)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "EMPTY_UPDATE"}


async def test_contact_details_are_checked_and_normalized(api: Api) -> None:
    me = await api.member()
    changed = await api.ok(
        PROFILE, {"input": {"email": " Me@Example.COM ", "phone": "+1 (202) 555-0143"}}, as_=me
    )
    assert changed["updateProfile"]["person"] == {
        "email": "Me@example.com",
        "phone": "+12025550143",
    }
    for field, value, reason in (
        ("email", "not-an-address", "INVALID_EMAIL"),
        ("phone", "12345", "INVALID_PHONE"),
    ):
        error = await api.error(PROFILE, {"input": {field: value}}, as_=me)
        assert error["extensions"]["reason"] == reason and error["extensions"]["field"] == field
    cleared = await api.ok(PROFILE, {"input": {"phone": None}}, as_=me)
    assert cleared["updateProfile"]["person"]["phone"] is None
