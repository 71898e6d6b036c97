"""Direct messages: only between connected people, paged newest first, with unread
counts; a removed connection stops messages, even one racing the removal."""

from __future__ import annotations

import asyncio

from tests.api.network import REMOVE, connect
from tests.api.social import CONVERSATIONS, MARK_READ, MESSAGES, SEND
from tests.conftest import Api, Clock, Member


async def send(api: Api, sender: Member, to: Member, text: str) -> dict:
    return (await api.ok(SEND, {"id": to.gid, "text": text}, as_=sender))["sendMessage"]


async def inbox(api: Api, who: Member) -> dict:
    return (await api.ok(CONVERSATIONS, {"first": 10}, as_=who))["viewer"]


async def test_connections_message_each_other(api: Api) -> None:
    alice, bob, carol = await api.member(), await api.member(), await api.member()
    await connect(api, alice, bob)
    await connect(api, alice, carol)
    first = await send(api, alice, bob, "Hi Bob")
    assert first["message"]["isMine"] is True and first["message"]["sender"]["id"] == alice.gid
    assert first["conversation"]["unreadCount"] == 0  # the sender has read their own
    await send(api, bob, alice, "Hi Alice")
    await send(api, alice, bob, "How are you?")
    await send(api, carol, alice, "Lunch?")

    bobs = await inbox(api, bob)
    assert bobs["unreadMessages"] == {"messages": 1, "conversations": 1}
    (conversation,) = bobs["conversations"]["edges"]
    assert conversation["node"]["participant"]["id"] == alice.gid
    assert conversation["node"]["canSend"] is True
    alices = await inbox(api, alice)
    assert alices["unreadMessages"] == {"messages": 1, "conversations": 1}
    # latest message first: Carol wrote last
    assert [e["node"]["participant"]["id"] for e in alices["conversations"]["edges"]] == [
        carol.gid,
        bob.gid,
    ]
    read = await api.ok(MARK_READ, {"id": conversation["node"]["id"]}, as_=bob)
    assert read["markConversationRead"]["conversation"]["unreadCount"] == 0
    assert (await inbox(api, bob))["unreadMessages"] == {"messages": 0, "conversations": 0}


async def test_a_conversation_pages_newest_first_without_loss(api: Api, clock: Clock) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    texts = [f"message {n}" for n in range(7)]
    with clock.frozen():  # ties within one millisecond: the id orders them
        for text in texts[:4]:
            await send(api, alice, bob, text)
    for text in texts[4:]:
        clock.advance(5)
        await send(api, bob, alice, text)
    conversation = (await inbox(api, alice))["conversations"]["edges"][0]["node"]["id"]
    seen, after = [], None
    while True:
        data = await api.ok(MESSAGES, {"id": conversation, "first": 3, "after": after}, as_=bob)
        page = data["node"]["messages"]
        assert page["totalCount"] == 7
        seen += [e["node"]["text"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen[:3] == ["message 6", "message 5", "message 4"]
    assert sorted(seen) == sorted(texts)
    # Only its two people can read it.
    stranger = await api.member()
    assert (await api.ok(MESSAGES, {"id": conversation}, as_=stranger))["node"] is None
    error = await api.error(MARK_READ, {"id": conversation}, as_=stranger)
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_messages_need_a_connection(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    error = await api.error(SEND, {"id": bob.gid, "text": "Hello?"}, as_=alice)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "NOT_CONNECTED"}
    await connect(api, alice, bob)
    await send(api, alice, bob, "Now we can talk")
    await api.ok(REMOVE, {"id": bob.gid}, as_=alice)
    error = await api.error(SEND, {"id": alice.gid, "text": "Still there?"}, as_=bob)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "NOT_CONNECTED"}
    # The history stays readable; sending does not.
    conversation = (await inbox(api, bob))["conversations"]["edges"][0]["node"]
    assert conversation["canSend"] is False
    data = await api.ok(MESSAGES, {"id": conversation["id"]}, as_=bob)
    assert data["node"]["messages"]["totalCount"] == 1
    for text, reason in (("  ", "REQUIRED"), ("x" * 4001, "TOO_LONG")):
        await connect(api, alice, bob)
        error = await api.error(SEND, {"id": bob.gid, "text": text}, as_=alice)
        assert error["extensions"]["reason"] == reason
        await api.ok(REMOVE, {"id": bob.gid}, as_=alice)


async def test_a_message_racing_the_removal_never_lands_after_it(api: Api) -> None:
    """Each round races a removal against a burst of messages. Sends that lost the race
    are FORBIDDEN; those that won were committed while the two were connected, so after
    the removal settles nothing more can land."""
    outcomes = set()
    for _ in range(4):
        alice, bob = await api.member(), await api.member()
        await connect(api, alice, bob)
        sends = [api.gql(SEND, {"id": bob.gid, "text": f"#{n}"}, as_=alice) for n in range(4)]
        results = await asyncio.gather(api.gql(REMOVE, {"id": bob.gid}, as_=alice), *sends)
        assert "errors" not in results[0]
        for body in results[1:]:
            errors = body.get("errors")
            code = errors[0]["extensions"]["code"] if errors else "SENT"
            assert code in ("SENT", "FORBIDDEN"), body
            outcomes.add(code)
        sent = sum("errors" not in body for body in results[1:])
        conversations = (await inbox(api, bob))["conversations"]["edges"]
        total = 0
        if conversations:
            data = await api.ok(MESSAGES, {"id": conversations[0]["node"]["id"]}, as_=bob)
            total = data["node"]["messages"]["totalCount"]
        assert total == sent  # every reported send landed, and only those
        error = await api.error(SEND, {"id": bob.gid, "text": "after"}, as_=alice)
        assert error["extensions"]["reason"] == "NOT_CONNECTED"
    assert "FORBIDDEN" in outcomes, "the race should be lost at least once"


async def test_a_retried_send_with_its_client_id_sends_once(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    send_once = """mutation($id: ID!, $key: String) { sendMessage(input: {personId: $id,
      text: "Once", clientMessageId: $key}) { message { id } } }"""
    variables = {"id": bob.gid, "key": "3f0e0b5c-retry"}
    first, again = [
        (await api.ok(send_once, variables, as_=alice))["sendMessage"]["message"]["id"]
        for _ in range(2)
    ]
    assert first == again
    other = await api.ok(send_once, {**variables, "key": "another"}, as_=alice)
    assert other["sendMessage"]["message"]["id"] != first
    assert (await inbox(api, bob))["unreadMessages"] == {"messages": 2, "conversations": 1}


async def test_a_message_is_a_node_its_two_people_can_fetch(api: Api) -> None:
    alice, bob, eve = await api.member(), await api.member(), await api.member()
    await connect(api, alice, bob)
    message_id = (await send(api, alice, bob, "Node?"))["message"]["id"]
    query = "query($id: ID!) { node(id: $id) { id ... on Message { text isMine } } }"
    for who, mine in ((alice, True), (bob, False)):
        node = (await api.ok(query, {"id": message_id}, as_=who))["node"]
        assert node == {"id": message_id, "text": "Node?", "isMine": mine}
    assert (await api.ok(query, {"id": message_id}, as_=eve))["node"] is None
    assert (await api.ok(query, {"id": message_id}))["node"] is None


async def test_an_inbox_costs_the_same_trips_whatever_its_size(api: Api) -> None:
    """Each conversation brings the person it is with: no trip per participant."""
    me = await api.member("Inbox Owner")
    query = "{ viewer { conversations { edges { node { participant { name } } } } } }"
    trips = []
    for n in (1, 3):
        others = [await api.member(f"Pen Pal {n}-{i}") for i in range(n)]
        for other in others:
            await connect(api, other, me)
            await send(api, other, me, "hello")
        body = await api.gql(query, as_=me)
        names = {
            e["node"]["participant"]["name"]
            for e in body["data"]["viewer"]["conversations"]["edges"]
        }
        assert {f"Pen Pal {n}-{i}" for i in range(n)} <= names
        trips.append(body["extensions"]["storeRoundTrips"])
    assert trips == [2, 2]
