"""The notification inbox: one notification per committed change, none across a
block, keyset pages, read marks, the capped count and pruning."""

from __future__ import annotations

import asyncio

from graphdb.graph import Graph
from linkgraph import pruning
from tests.api.network import ACCEPT, FOLLOW, IGNORE, UNFOLLOW, WITHDRAW, invite
from tests.api.social import BLOCK, SEND, SETTINGS, UNBLOCK
from tests.conftest import Api
from tests.realtime.inbox import MARK_READ, all_notifications, inbox, kinds

COUNT_IN_STORE = """
MATCH (n:Notification) WHERE n.recipientId = $id
RETURN count(n) AS total, collect(n.seq) AS numbers
"""


async def test_each_change_notifies_whom_it_concerns(api: Api) -> None:
    a, b = await api.member("Ada"), await api.member("Bo")
    invitation = (await invite(api, a, b))["invitation"]
    (got,) = (await inbox(api, b))["notifications"]["edges"]
    assert got["node"]["kind"] == "INVITATION_RECEIVED"
    assert got["node"]["actor"]["id"] == a.gid and not got["node"]["read"]
    assert got["node"]["subject"] == {
        "__typename": "Invitation", "id": invitation["id"], "state": "PENDING"
    }  # fmt: skip
    await api.ok(ACCEPT, {"id": invitation["id"]}, as_=b)
    edges = (await inbox(api, a))["notifications"]["edges"]
    # Connecting made them follow each other: that is no "new follower" to anyone.
    assert kinds(edges) == [("INVITATION_ACCEPTED", b.gid)]
    assert kinds((await inbox(api, b))["notifications"]["edges"]) == [
        ("INVITATION_RECEIVED", a.gid)
    ]
    sent = await api.ok(SEND, {"id": b.gid, "text": "hello"}, as_=a)
    edges = (await inbox(api, b))["notifications"]["edges"]
    assert edges[0]["node"]["kind"] == "MESSAGE_RECEIVED"
    assert edges[0]["node"]["subject"]["id"] == sent["sendMessage"]["message"]["id"]
    assert edges[0]["node"]["subject"]["text"] == "hello"


async def test_ignoring_and_withdrawing_stay_silent(api: Api) -> None:
    a, b, c = await api.member(), await api.member(), await api.member()
    first = (await invite(api, a, b))["invitation"]
    await api.ok(IGNORE, {"id": first["id"]}, as_=b)
    second = (await invite(api, a, c))["invitation"]
    await api.ok(WITHDRAW, {"id": second["id"]}, as_=a)
    assert (await inbox(api, a))["notifications"]["edges"] == []
    assert kinds((await inbox(api, b))["notifications"]["edges"]) == [
        ("INVITATION_RECEIVED", a.gid)
    ]


async def test_a_follow_notifies_once_however_often_it_is_repeated(api: Api) -> None:
    star, fan = await api.member(), await api.member()
    for _ in range(3):
        await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    assert kinds((await inbox(api, star))["notifications"]["edges"]) == [("NEW_FOLLOWER", fan.gid)]
    # Unfollowing and following again is a new follow.
    await api.ok(UNFOLLOW, {"id": star.gid}, as_=fan)
    await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    edges = (await inbox(api, star))["notifications"]["edges"]
    assert kinds(edges) == [("NEW_FOLLOWER", fan.gid)] * 2
    assert edges[0]["node"]["subject"] == {"__typename": "Person", "id": fan.gid}


async def test_exactly_one_per_committed_change_under_concurrency(api: Api, graph: Graph) -> None:
    star = await api.member("Star")
    fans = [await api.member(f"Fan {i}") for i in range(12)]
    # Every fan follows at once, each sending the same follow three times over: racing
    # transactions conflict and are retried by the driver, and repeats change nothing.
    await asyncio.gather(
        *(api.ok(FOLLOW, {"id": star.gid}, as_=fan) for fan in fans for _ in range(3))
    )
    (row,) = await graph.rows(COUNT_IN_STORE, id=star.id)  # type: ignore[arg-type]
    assert row["total"] == len(fans)
    assert sorted(row["numbers"]) == list(range(1, len(fans) + 1))  # numbered without gaps
    assert {actor for _, actor in kinds(await all_notifications(api, star))} == {
        f.gid for f in fans
    }


async def test_a_refused_change_writes_nothing(api: Api, graph: Graph) -> None:
    a, b = await api.member(), await api.member()
    await api.ok(SETTINGS, {"input": {"invitationsFrom": "SHARED_CONNECTIONS"}}, as_=b)
    error = await api.error(
        "mutation($id: ID!) { sendInvitation(input: {personId: $id}) { connected } }",
        {"id": b.gid},
        as_=a,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    (row,) = await graph.rows(COUNT_IN_STORE, id=b.id)  # type: ignore[arg-type]
    assert row["total"] == 0


async def test_a_block_hides_notifications_and_none_cross_it(api: Api) -> None:
    me, them, other = await api.member(), await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": me.gid}, as_=them)
    await api.ok(FOLLOW, {"id": me.gid}, as_=other)
    assert (await inbox(api, me))["unreadNotificationCount"] == 2
    await api.ok(BLOCK, {"id": them.gid}, as_=me)
    seen = await inbox(api, me)
    assert kinds(seen["notifications"]["edges"]) == [("NEW_FOLLOWER", other.gid)]
    assert seen["unreadNotificationCount"] == 1
    # While the block stands they cannot reach me, so nothing is written either.
    refused = await api.error(FOLLOW, {"id": me.gid}, as_=them)
    assert refused["extensions"]["code"] == "NOT_FOUND"
    await api.ok(UNBLOCK, {"id": them.gid}, as_=me)
    # The block hid the old one; it did not delete it.
    assert [a for _, a in kinds((await inbox(api, me))["notifications"]["edges"])] == [
        other.gid, them.gid
    ]  # fmt: skip


async def test_pages_are_stable_and_read_marks_move_forward(api: Api) -> None:
    me = await api.member()
    fans = [await api.member() for _ in range(25)]
    for fan in fans:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    edges = await all_notifications(api, me, page=7)
    assert [a for _, a in kinds(edges)] == [f.gid for f in reversed(fans)]  # newest first
    # A new notification while paging does not shift the pages already read.
    first = (await inbox(api, me, first=10))["notifications"]
    late = await api.member()
    await api.ok(FOLLOW, {"id": me.gid}, as_=late)
    rest = (await inbox(api, me, first=10, after=first["pageInfo"]["endCursor"]))["notifications"]
    assert [e["node"]["id"] for e in rest["edges"]] == [e["node"]["id"] for e in edges[10:20]]
    assert rest["pageInfo"]["hasPreviousPage"]

    # Read up to the tenth newest: the ten newer ones (with the late one) stay unread.
    up_to = edges[9]["cursor"]
    marked = await api.ok(MARK_READ, {"upTo": up_to}, as_=me)
    assert marked["markNotificationsRead"]["viewer"]["unreadNotificationCount"] == 10
    unread = await all_notifications(api, me, unreadOnly=True)
    assert [e["node"]["id"] for e in unread][1:] == [e["node"]["id"] for e in edges[:9]]
    assert all(not e["node"]["read"] for e in unread)
    # An older mark does not move it back; no mark at all reads everything.
    await api.ok(MARK_READ, {"upTo": edges[20]["cursor"]}, as_=me)
    assert (await inbox(api, me))["unreadNotificationCount"] == 10
    await api.ok(MARK_READ, {}, as_=me)
    after = await inbox(api, me)
    assert after["unreadNotificationCount"] == 0
    assert all(e["node"]["read"] for e in after["notifications"]["edges"])


async def test_since_returns_exactly_what_came_after_a_cursor(api: Api) -> None:
    me = await api.member()
    fans = [await api.member() for _ in range(6)]
    for fan in fans[:2]:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    last_seen = (await inbox(api, me, first=1))["notifications"]["edges"][0]["cursor"]
    for fan in fans[2:]:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    missed = await all_notifications(api, me, page=3, since=last_seen)
    assert [a for _, a in kinds(missed)] == [f.gid for f in reversed(fans[2:])]


async def test_the_unread_count_is_capped_and_cheap(api: Api, graph: Graph) -> None:
    me = await api.member()
    fans = [await api.member() for _ in range(104)]
    for fan in fans:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    seen = await inbox(api, me)
    assert seen["unreadNotificationCount"] == 100  # "100 or more"
    await api.ok(BLOCK, {"id": fans[-1].gid}, as_=me)
    for fan in fans[-5:-1]:
        await api.ok(BLOCK, {"id": fan.gid}, as_=me)
    # 99 visible and unread: exact again below the cap.
    assert (await inbox(api, me))["unreadNotificationCount"] == 99


async def test_a_page_skips_the_holes_blocks_leave(api: Api) -> None:
    me = await api.member()
    fans = [await api.member() for _ in range(30)]
    for fan in fans:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    for fan in fans[5:29]:
        await api.ok(BLOCK, {"id": fan.gid}, as_=me)
    edges = await all_notifications(api, me, page=2)
    assert [a for _, a in kinds(edges)] == [f.gid for f in reversed(fans[:5] + fans[29:])]


async def test_old_notifications_are_pruned_in_batches(api: Api, graph: Graph, monkeypatch) -> None:
    me = await api.member()
    fans = [await api.member() for _ in range(7)]
    for fan in fans:
        await api.ok(FOLLOW, {"id": me.gid}, as_=fan)
    monkeypatch.setattr(pruning, "BATCH", 3)  # several batches, each its own transaction
    far_future = 10**15
    deleted = await pruning.prune(graph, retention_ms=1, now_ms=far_future)
    assert deleted >= len(fans)
    seen = await inbox(api, me)
    assert seen["notifications"]["edges"] == [] and seen["unreadNotificationCount"] == 0
    late = await api.member()
    await api.ok(FOLLOW, {"id": me.gid}, as_=late)
    assert kinds((await inbox(api, me))["notifications"]["edges"]) == [("NEW_FOLLOWER", late.gid)]


async def test_bad_cursors_are_refused(api: Api) -> None:
    me = await api.member()
    for args in ({"after": "nope"}, {"since": "bm9wZQ"}):
        error = await api.error(
            "query($after: String, $since: String) { viewer { "
            "notifications(after: $after, since: $since) { edges { cursor } } } }",
            args,
            as_=me,
        )
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["reason"] == "INVALID_CURSOR"
    error = await api.error(MARK_READ, {"upTo": "nope"}, as_=me)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_only_the_person_sees_their_inbox(api: Api) -> None:
    me, other = await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": me.gid}, as_=other)
    data = await api.ok(
        "query($id: ID!) { node(id: $id) { ... on Person { unreadNotificationCount "
        "notifications { edges { cursor } } } } }",
        {"id": me.gid},
        as_=other,
    )
    assert data["node"] == {"unreadNotificationCount": None, "notifications": None}
