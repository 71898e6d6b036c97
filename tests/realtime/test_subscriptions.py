"""Subscriptions over graphql-transport-ws, driven by real clients against a real
server: the Python `gql` client, the npm `graphql-ws` client, and the raw protocol."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import websockets
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from linkgraph.settings import Settings
from tests.api.network import ACCEPT, FOLLOW, IGNORE, connect, invite
from tests.api.social import SEND
from tests.conftest import Api, Clock, Member, serving
from tests.realtime.conftest import ws_url
from tests.realtime.inbox import all_notifications

NOTIFICATION_ADDED = gql(
    "subscription { notificationAdded { cursor node { id kind read actor { id } } } }"
)
MESSAGE_RECEIVED = gql(
    "subscription($id: ID!) { messageReceived(conversationId: $id) { id text sender { id } } }"
)
INVITATION_CHANGED = gql("subscription { invitationChanged { id state } }")
JS_SUBSCRIBER = Path(__file__).parent.parent / "http_audit" / "subscriber.mjs"
WAIT_S = 10.0


@contextlib.asynccontextmanager
async def session_of(server: str, who: Member) -> AsyncIterator[Any]:
    transport = WebsocketsTransport(
        url=ws_url(server), init_payload={"Authorization": f"Bearer {who.token}"}
    )
    async with Client(transport=transport) as session:
        yield session


@contextlib.asynccontextmanager
async def collecting(session: Any, document: Any, **variables: Any) -> AsyncIterator[list]:
    """Results of one subscription as they arrive, while the block runs."""
    received: list = []
    started = asyncio.Event()

    async def listen() -> None:
        started.set()
        request = GraphQLRequest(document, variable_values=variables or None)
        try:
            async for result in session.subscribe(request):
                received.append(result)
        except TransportQueryError as e:  # an error ends a subscription: show it
            received.append({"errors": e.errors})

    task = asyncio.create_task(listen())
    await started.wait()
    await asyncio.sleep(0.3)  # the subscribe message is on its way before changes start
    try:
        yield received
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def until(condition: Any, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def test_a_pushed_notification_carries_its_cursor_to_catch_up_from(
    server: str, live: Api
) -> None:
    me = await live.member()
    fans = [await live.member() for _ in range(4)]
    async with session_of(server, me) as session, collecting(session, NOTIFICATION_ADDED) as got:
        await live.ok(FOLLOW, {"id": me.gid}, as_=fans[0])
        await until(lambda: len(got) == 1, "the first notification")
    pushed = got[0]["notificationAdded"]
    assert pushed["node"]["kind"] == "NEW_FOLLOWER"
    assert pushed["node"]["actor"]["id"] == fans[0].gid and not pushed["node"]["read"]
    # Offline now: these are never pushed to this client.
    for fan in fans[1:]:
        await live.ok(FOLLOW, {"id": me.gid}, as_=fan)
    # Back: subscribe first, then fetch what came since the last cursor seen.
    async with session_of(server, me) as session, collecting(session, NOTIFICATION_ADDED) as got:
        missed = await all_notifications(live, me, since=pushed["cursor"])
        assert [e["node"]["actor"]["id"] for e in missed] == [f.gid for f in reversed(fans[1:])]
        late = await live.member()
        await live.ok(FOLLOW, {"id": me.gid}, as_=late)
        await until(lambda: len(got) == 1, "the next notification")
        assert got[0]["notificationAdded"]["node"]["actor"]["id"] == late.gid


async def test_only_ones_own_events_arrive(server: str, live: Api) -> None:
    me, other, fan = await live.member(), await live.member(), await live.member()
    async with session_of(server, me) as session, collecting(session, NOTIFICATION_ADDED) as got:
        await live.ok(FOLLOW, {"id": other.gid}, as_=fan)
        await live.ok(FOLLOW, {"id": me.gid}, as_=fan)
        await until(lambda: len(got) >= 1, "a notification")
        await asyncio.sleep(0.3)
    assert [r["notificationAdded"]["node"]["actor"]["id"] for r in got] == [fan.gid]


async def test_messages_of_one_conversation(server: str, live: Api) -> None:
    me, friend, stranger_friend = await live.member(), await live.member(), await live.member()
    await connect(live, me, friend)
    await connect(live, me, stranger_friend)
    first = await live.ok(SEND, {"id": friend.gid, "text": "hi"}, as_=me)
    conversation = first["sendMessage"]["conversation"]["id"]
    async with (
        session_of(server, me) as session,
        collecting(session, MESSAGE_RECEIVED, id=conversation) as got,
    ):
        await live.ok(SEND, {"id": me.gid, "text": "elsewhere"}, as_=stranger_friend)
        await live.ok(SEND, {"id": friend.gid, "text": "my own"}, as_=me)
        await live.ok(SEND, {"id": me.gid, "text": "hello back"}, as_=friend)
        await until(lambda: len(got) >= 1, "the message")
        await asyncio.sleep(0.3)
    assert [(r["messageReceived"]["text"], r["messageReceived"]["sender"]["id"]) for r in got] == [
        ("hello back", friend.gid)
    ]


async def test_someone_elses_conversation_is_not_found(server: str, live: Api) -> None:
    a, b, me = await live.member(), await live.member(), await live.member()
    await connect(live, a, b)
    sent = await live.ok(SEND, {"id": b.gid, "text": "private"}, as_=a)
    async with session_of(server, me) as session:
        with pytest.raises(TransportQueryError) as refused:
            conversation = sent["sendMessage"]["conversation"]["id"]
            request = GraphQLRequest(MESSAGE_RECEIVED, variable_values={"id": conversation})
            async for _ in session.subscribe(request):
                pass
    assert refused.value.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_invitations_change_for_both_sides_but_ignoring_stays_silent(
    server: str, live: Api
) -> None:
    sender, recipient = await live.member(), await live.member()
    async with (
        session_of(server, sender) as s1,
        session_of(server, recipient) as s2,
        collecting(s1, INVITATION_CHANGED) as sender_saw,
        collecting(s2, INVITATION_CHANGED) as recipient_saw,
    ):
        first = (await invite(live, sender, recipient))["invitation"]
        await live.ok(IGNORE, {"id": first["id"]}, as_=recipient)
        await until(lambda: len(recipient_saw) == 2, "the recipient's two changes")
        await asyncio.sleep(0.3)
    states = [(r["invitationChanged"]["id"], r["invitationChanged"]["state"]) for r in sender_saw]
    assert states == [(first["id"], "PENDING")]  # never told it was ignored
    assert [r["invitationChanged"]["state"] for r in recipient_saw] == ["PENDING", "IGNORED"]

    other = await live.member()
    async with session_of(server, other) as session, collecting(session, INVITATION_CHANGED) as got:
        second = (await invite(live, other, recipient))["invitation"]
        await live.ok(ACCEPT, {"id": second["id"]}, as_=recipient)
        await until(lambda: len(got) == 2, "sent, then accepted")
    assert [r["invitationChanged"]["state"] for r in got] == ["PENDING", "ACCEPTED"]


async def test_subscription_documents_meet_the_operation_limits(server: str, live: Api) -> None:
    me = await live.member()
    deep = "connections { edges { node { " * 6 + "id" + " } } }" * 6
    costly = "connections(first: 100) { edges { node { " * 3 + "id" + " } } }" * 3
    async with session_of(server, me) as session:
        for document, code in [
            ("subscription { notificationAdded { node { actor { " + deep + " } } } }",
             "QUERY_TOO_COMPLEX"),
            ("subscription { notificationAdded { node { actor { " + costly + " } } } }",
             "QUERY_TOO_COMPLEX"),
            ("subscription { notificationAdded { nope } }", "GRAPHQL_VALIDATION_FAILED"),
        ]:  # fmt: skip
            with pytest.raises(TransportQueryError) as refused:
                async for _ in session.subscribe(gql(document)):
                    pass
            assert refused.value.errors[0]["extensions"]["code"] == code


async def _closed_with(url: str, init: dict) -> tuple[int, str]:
    """Open a raw graphql-transport-ws socket, send connection_init, and return the
    close code and reason the server ends it with."""
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), WAIT_S))
                if message["type"] == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
        assert ws.close_code is not None
        return ws.close_code, ws.close_reason or ""


async def test_sign_in_happens_in_connection_init(server: str, live: Api) -> None:
    url = ws_url(server)
    code, reason = await _closed_with(url, {})
    assert code == 4403 and "Sign in" in reason
    code, reason = await _closed_with(url, {"Authorization": "Bearer not-a-token"})
    assert code == 4403 and "not valid" in reason


async def test_the_socket_closes_when_its_token_expires(server: str, live: Api) -> None:
    me = await live.member()
    short = live.authenticator.mint(me.id, ttl_s=2)
    code, reason = await _closed_with(ws_url(server), {"Authorization": f"Bearer {short}"})
    assert (code, reason) == (4403, "Token expired")


async def test_connections_and_subscriptions_are_bounded(settings: Settings, live: Api) -> None:
    limited = dataclasses.replace(
        settings, ws_connections_per_person=2, ws_subscriptions_per_connection=2
    )
    me = await live.member()
    with serving(limited, Clock()) as url:
        async with session_of(url, me), session_of(url, me):
            code, reason = await _closed_with(ws_url(url), {"Authorization": f"Bearer {me.token}"})
            assert code == 4403 and "At most 2 connections" in reason
        async with (
            session_of(url, me) as session,
            collecting(session, NOTIFICATION_ADDED),
            collecting(session, INVITATION_CHANGED),
        ):
            with pytest.raises(TransportQueryError) as refused:
                async for _ in session.subscribe(NOTIFICATION_ADDED):
                    pass
            assert "limit" in refused.value.errors[0]["message"]


async def test_a_graphql_ws_client_reconnects_and_catches_up(
    server: str, live: Api, tmp_path: Path
) -> None:
    me = await live.member()
    fans = [await live.member() for _ in range(3)]
    token_file = tmp_path / "token"
    token_file.write_text(live.authenticator.mint(me.id, ttl_s=3))
    process = await asyncio.create_subprocess_exec(
        "node", str(JS_SUBSCRIBER), ws_url(server), server + "/graphql", str(token_file),
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    lines: list[dict] = []

    async def next_event(kind: str) -> dict:
        while True:
            raw = await asyncio.wait_for(process.stdout.readline(), WAIT_S)  # type: ignore[union-attr]
            assert raw, f"the client ended before {kind}: {lines}"
            lines.append(json.loads(raw))
            if lines[-1]["event"] == kind:
                return lines[-1]

    try:
        await next_event("connected")
        await asyncio.sleep(0.3)
        await live.ok(FOLLOW, {"id": me.gid}, as_=fans[0])
        assert (await next_event("pushed"))["actor"] == fans[0].gid
        # The token runs out: the server closes the socket; the client connects again
        # with the fresh token the app gave it, and catches up on what it missed.
        token_file.write_text(live.authenticator.mint(me.id))
        closed = await next_event("closed")
        assert (closed["code"], closed["reason"]) == (4403, "Token expired")
        for fan in fans[1:]:
            await live.ok(FOLLOW, {"id": me.gid}, as_=fan)
        await next_event("connected")
        caught_up = await next_event("caught-up")
        assert caught_up["actors"] == [f.gid for f in fans[1:]]
    finally:
        process.kill()
        await process.wait()
