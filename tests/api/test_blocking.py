"""Blocking: it ends everything between two people, and afterwards each is invisible
to the other everywhere. The blocked person is not told."""

from __future__ import annotations

from tests.api.network import FOLLOW, STATE, connect, invite
from tests.api.social import BLOCK, CONVERSATIONS, SEND, UNBLOCK, feed_of, post
from tests.conftest import Api, Member

LOOKUP = "query($id: ID!) { node(id: $id) { id } }"
SEARCH = "query($q: String!) { people(search: $q) { totalCount edges { node { id } } } }"
LISTS = """query($id: ID!) { node(id: $id) { ... on Person {
  connections { edges { node { id } } }
  followers { edges { node { id } } }
  mutualConnections { edges { node { id } } } } } }"""
# One list alone: the person and their page come in one statement (graphdb/linked.py).
FOLLOWERS = (
    "query($id: ID!) { node(id: $id) { ... on Person { followers { edges { node { id } } } } } }"
)
SECOND = "{ viewer { secondDegree { edges { node { id } } } } }"
PATH = "query($to: ID!) { separation(to: $to) { degree path { id } } }"
INVITES = """{ viewer {
  receivedInvitations { totalCount } sentInvitations { totalCount }
  blockedPeople { totalCount edges { node { id } } } } }"""


async def ids(api: Api, query: str, variables: dict, as_: Member, *path: str) -> set[str]:
    data = await api.ok(query, variables, as_=as_)
    for key in path:
        data = data[key]
    return {edge["node"]["id"] for edge in data["edges"]}


async def test_blocking_ends_everything_and_hides_both_ways(api: Api) -> None:
    a = await api.member("Ann Blocker")
    b = await api.member("Ben Blocked")
    friend, far = await api.member("Mia Mutual"), await api.member("Fay Far")
    inviter = await api.member("Ian Inviter")
    await connect(api, a, b)
    await connect(api, a, friend)
    await connect(api, b, friend)
    await connect(api, a, far)  # every path from Ben to Fay runs through Ann
    await invite(api, inviter, a)
    await api.ok(SEND, {"id": b.gid, "text": "hello"}, as_=a)
    ann_post = await post(api, a, "Ann's news")
    assert ann_post in {p for p, _ in await feed_of(api, b)}

    assert (await api.ok(BLOCK, {"id": b.gid}, as_=a))["blockPerson"] == {"blocked": True}
    again = await api.ok(BLOCK, {"id": b.gid}, as_=a)  # repeating is harmless
    assert again["blockPerson"] == {"blocked": True}

    # Everything between them ended: connection and follows both ways.
    for me, other in ((a, b), (b, a)):
        node = (await api.ok(STATE, {"id": me.gid}, as_=me))["node"]
        assert other.gid not in {e["node"]["id"] for e in node["connections"]["edges"]}
        assert other.gid not in {e["node"]["id"] for e in node["followers"]["edges"]}
        assert other.gid not in {e["node"]["id"] for e in node["following"]["edges"]}

    for me, other in ((a, b), (b, a)):
        # lookups and search
        assert (await api.ok(LOOKUP, {"id": other.gid}, as_=me))["node"] is None
        found = await ids(api, SEARCH, {"q": "Blocke"}, me, "people")  # both names match
        assert me.gid in found and other.gid not in found
        # a third person's lists, and the connections they share
        lists = (await api.ok(LISTS, {"id": friend.gid}, as_=me))["node"]
        for name in ("connections", "followers", "mutualConnections"):
            assert other.gid not in {e["node"]["id"] for e in lists[name]["edges"]}, name
        alone = await ids(api, FOLLOWERS, {"id": friend.gid}, me, "node", "followers")
        assert me.gid in alone and other.gid not in alone
        # conversations
        inbox = (await api.ok(CONVERSATIONS, {}, as_=me))["viewer"]
        assert inbox["conversations"]["totalCount"] == 0
    # Anonymous, a list hides nobody: a block is between the two of them.
    anonymous = await api.ok(FOLLOWERS, {"id": friend.gid})
    assert {a.gid, b.gid} <= {e["node"]["id"] for e in anonymous["node"]["followers"]["edges"]}
    assert ann_post not in {p for p, _ in await feed_of(api, b)}
    # Ben's suggestions and paths never show Ann.
    assert a.gid not in await ids(api, SECOND, {}, b, "viewer", "secondDegree")
    assert (await api.ok(PATH, {"to": far.gid}, as_=b))["separation"] == {
        "degree": None,
        "path": None,
    }
    # Ann's own list of blocks is the one place Ben appears, for her alone.
    mine = (await api.ok(INVITES, as_=a))["viewer"]
    assert mine["blockedPeople"]["totalCount"] == 1
    assert [e["node"]["id"] for e in mine["blockedPeople"]["edges"]] == [b.gid]
    assert (await api.ok(INVITES, as_=b))["viewer"]["blockedPeople"]["totalCount"] == 0


async def test_the_blocked_person_is_not_told(api: Api) -> None:
    a, b = await api.member(), await api.member()
    await api.ok(BLOCK, {"id": b.gid}, as_=a)
    nobody = "UGVyc29uOm5vYm9keS1hdC1hbGw="  # Person:nobody-at-all
    sending = SEND.replace("$text: String!", '$text: String = "hi"')
    for mutation in (FOLLOW, sending, BLOCK, UNBLOCK):
        blocked = await api.error(mutation, {"id": a.gid}, as_=b)
        unknown = await api.error(mutation, {"id": nobody}, as_=b)
        # exactly what an unknown id gets: nothing says "blocked"
        assert blocked["message"] == unknown["message"]
        assert blocked["extensions"] == unknown["extensions"] == {"code": "NOT_FOUND"}


async def test_only_the_blocker_may_act_on_a_block(api: Api) -> None:
    a, b = await api.member(), await api.member()
    await api.ok(BLOCK, {"id": b.gid}, as_=a)
    # To b, a does not exist: b can neither block nor unblock them.
    for mutation in (BLOCK, UNBLOCK):
        assert (await api.error(mutation, {"id": a.gid}, as_=b))["extensions"] == {
            "code": "NOT_FOUND"
        }
    assert (await api.ok(BLOCK, {"id": b.gid}, as_=a))["blockPerson"] == {"blocked": True}
    assert (await api.ok(UNBLOCK, {"id": b.gid}, as_=a))["unblockPerson"] == {"blocked": False}
    assert (await api.ok(BLOCK, {"id": a.gid}, as_=b))["blockPerson"] == {"blocked": True}


async def test_blocking_drops_a_pending_invitation(api: Api) -> None:
    a, pest = await api.member(), await api.member()
    await invite(api, pest, a)
    await api.ok(BLOCK, {"id": pest.gid}, as_=a)
    assert (await api.ok(INVITES, as_=a))["viewer"]["receivedInvitations"]["totalCount"] == 0
    assert (await api.ok(INVITES, as_=pest))["viewer"]["sentInvitations"]["totalCount"] == 0


async def test_unblocking_restores_visibility_but_nothing_else(api: Api) -> None:
    a, b = await api.member(), await api.member()
    await connect(api, a, b)
    await api.ok(BLOCK, {"id": b.gid}, as_=a)
    assert (await api.ok(UNBLOCK, {"id": b.gid}, as_=a))["unblockPerson"] == {"blocked": False}
    assert (await api.ok(LOOKUP, {"id": a.gid}, as_=b))["node"] == {"id": a.gid}
    node = (await api.ok(STATE, {"id": a.gid}, as_=a))["node"]
    assert node["connectionCount"] == 0 and node["followerCount"] == 0
    error = await api.error(BLOCK, {"id": a.gid}, as_=a)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "SELF"}


async def test_everyone_counted_without_the_people_a_block_hides(api: Api) -> None:
    everyone = "{ people { totalCount } }"
    before = (await api.ok(everyone))["people"]["totalCount"]
    a, b, c = await api.member("Ann Counted"), await api.member(), await api.member()
    await api.ok(BLOCK, {"id": b.gid}, as_=a)
    await api.ok(BLOCK, {"id": a.gid}, as_=c)  # hidden both ways, whoever blocked
    assert (await api.ok(everyone))["people"]["totalCount"] == before + 3
    assert (await api.ok(everyone, as_=a))["people"]["totalCount"] == before + 1
    assert (await api.ok(everyone, as_=b))["people"]["totalCount"] == before + 2
    assert (await api.ok(everyone, as_=c))["people"]["totalCount"] == before + 2


async def test_a_signed_in_lookup_and_its_block_check_are_one_trip(api: Api) -> None:
    me, other, blocked = await api.member(), await api.member("Looked Up"), await api.member()
    await api.ok(BLOCK, {"id": me.gid}, as_=blocked)  # hidden from me, though I did not block
    query = "query($id: ID!) { node(id: $id) { ... on Person { name } } }"
    seen = await api.gql(query, {"id": other.gid}, as_=me)
    assert seen["data"]["node"] == {"name": "Looked Up"}
    assert seen["extensions"]["storeRoundTrips"] == 1
    unseen = await api.gql(query, {"id": blocked.gid}, as_=me)
    assert unseen["data"]["node"] is None
    assert unseen["extensions"]["storeRoundTrips"] == 1
    both = await api.gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { name } } }",
        {"ids": [other.gid, blocked.gid, me.gid]},
        as_=me,
    )
    assert both["data"]["nodes"][:2] == [{"name": "Looked Up"}, None]
    assert both["extensions"]["storeRoundTrips"] == 1
