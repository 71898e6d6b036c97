"""Following: one-way, no approval, idempotent; lists page newest first by keyset."""

from __future__ import annotations

import base64
import json

from tests.conftest import Api, Clock, Member

FOLLOW = """mutation($id: ID!) { followPerson(input: {personId: $id}) {
  following viewer { followingCount } person { followerCount } } }"""
UNFOLLOW = """mutation($id: ID!) { unfollowPerson(input: {personId: $id}) {
  following viewer { followingCount } person { followerCount } } }"""
FOLLOWERS = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Person {
  followerCount
  followers(first: $first, after: $after) {
    totalCount edges { cursor followedAt node { id handle } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }"""
FOLLOWING = """query($id: ID!) { node(id: $id) { ... on Person {
  following { totalCount edges { node { id } } } } } }"""


async def followers_of(api: Api, who: Member, first: int = 100, after: str | None = None) -> dict:
    data = await api.ok(FOLLOWERS, {"id": who.gid, "first": first, "after": after})
    return data["node"]["followers"]


async def test_follow_is_one_way_and_idempotent(api: Api) -> None:
    fan, star = await api.member(), await api.member()
    first = (await api.ok(FOLLOW, {"id": star.gid}, as_=fan))["followPerson"]
    again = (await api.ok(FOLLOW, {"id": star.gid}, as_=fan))["followPerson"]
    assert (
        first
        == again
        == {"following": True, "viewer": {"followingCount": 1}, "person": {"followerCount": 1}}
    )
    assert [e["node"]["id"] for e in (await followers_of(api, star))["edges"]] == [fan.gid]
    # one-way: the star follows nobody, and the fan has no followers
    star_following = await api.ok(FOLLOWING, {"id": star.gid})
    assert star_following["node"]["following"]["totalCount"] == 0
    assert (await followers_of(api, fan))["totalCount"] == 0


async def test_unfollow_is_idempotent(api: Api) -> None:
    fan, star = await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    for _ in range(2):
        result = (await api.ok(UNFOLLOW, {"id": star.gid}, as_=fan))["unfollowPerson"]
        assert result == {
            "following": False,
            "viewer": {"followingCount": 0},
            "person": {"followerCount": 0},
        }


async def test_follow_rules(api: Api) -> None:
    me = await api.member()
    error = await api.error(FOLLOW, {"id": me.gid}, as_=me)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "SELF"}
    error = await api.error(FOLLOW, {"id": "UGVyc29uOm5vYm9keQ=="}, as_=me)  # Person:nobody
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await api.error(FOLLOW, {"id": me.gid})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_followers_page_newest_first_and_stable_under_inserts(api: Api, clock: Clock) -> None:
    star = await api.member()
    fans = [await api.member() for _ in range(5)]
    for fan in fans:
        clock.advance(5)  # distinct follow times
        await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    page1 = await followers_of(api, star, first=2)
    assert [e["node"]["id"] for e in page1["edges"]] == [fans[4].gid, fans[3].gid]
    assert page1["pageInfo"]["hasNextPage"] is True
    assert page1["pageInfo"]["hasPreviousPage"] is False
    assert page1["totalCount"] == 5
    # Changes between pages neither repeat nor skip anyone already behind the cursor.
    await api.ok(FOLLOW, {"id": star.gid}, as_=await api.member())
    await api.ok(UNFOLLOW, {"id": star.gid}, as_=fans[4])
    page2 = await followers_of(api, star, first=2, after=page1["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in page2["edges"]] == [fans[2].gid, fans[1].gid]
    assert page2["pageInfo"]["hasPreviousPage"] is True
    page3 = await followers_of(api, star, first=2, after=page2["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in page3["edges"]] == [fans[0].gid]
    assert page3["pageInfo"]["hasNextPage"] is False
    assert page3["pageInfo"]["endCursor"] == page3["edges"][0]["cursor"]


async def test_same_millisecond_follows_page_without_loss(api: Api, clock: Clock) -> None:
    star = await api.member()
    fans = [await api.member() for _ in range(4)]
    with clock.frozen():
        for fan in fans:
            await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    times = {e["followedAt"] for e in (await followers_of(api, star))["edges"]}
    assert len(times) == 1  # all four in one millisecond: only the id orders them
    seen, after = [], None
    while True:
        page = await followers_of(api, star, first=1, after=after)
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(f.gid for f in fans) and len(seen) == 4


async def test_page_size_bounds_and_bad_cursors(api: Api) -> None:
    star = await api.member()
    for first in (-1, 101):
        error = await api.error(FOLLOWERS, {"id": star.gid, "first": first})
        assert error["extensions"]["reason"] == "PAGE_SIZE"
        assert error["extensions"]["maximum"] == 100
    assert (await followers_of(api, star, first=0))["edges"] == []
    people_cursor = await api.ok("{ people(first: 1) { pageInfo { endCursor } } }")
    foreign = people_cursor["people"]["pageInfo"]["endCursor"]
    forged = [forge("followers", 2**63, "x"), forge("followers", True, "x"),
              forge("followers", "2024", "x"), forge("followers", 1, 7)]  # fmt: skip
    for after in ("garbage", foreign, *forged):
        error = await api.error(FOLLOWERS, {"id": star.gid, "after": after})
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["reason"] == "INVALID_CURSOR"
    # The largest time a cursor may hold is still a cursor: an empty page after it.
    assert (await followers_of(api, star, after=forge("followers", 2**63 - 1, "x")))["edges"] == []


def forge(list_name: str, value: object, row_id: object) -> str:
    """A cursor as a client could make one up (the format is not secret, only opaque)."""
    raw = json.dumps([list_name, value, row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
