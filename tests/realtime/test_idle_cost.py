"""What a waiting subscription costs the server: its connection took it over
(linkgraph/standing.py), so it holds no task of its own, every one still hears its
events, and the protocol's rules (complete, duplicate ids) hold for it as for any
operation. The server runs in the test's own event loop, so its tasks can be counted;
the clients are the real `websockets` client speaking the raw protocol."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn
import websockets

from linkgraph.app import create_app
from linkgraph.http_limits import uvicorn_options
from linkgraph.settings import Settings
from tests.api.network import FOLLOW
from tests.conftest import Api, Clock, Member
from tests.realtime.conftest import ws_url

SUBSCRIBE = "subscription { notificationAdded { node { kind actor { id } } } }"
SOCKETS = 8
WAIT_S = 10.0


@contextlib.asynccontextmanager
async def serving_here(settings: Settings) -> AsyncIterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, clock=Clock()), host="127.0.0.1", port=port,
        **uvicorn_options(settings.request_timeout_s),
    )  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the server did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


@contextlib.asynccontextmanager
async def signed_in(url: str, who: Member) -> AsyncIterator[Any]:
    async with websockets.connect(ws_url(url), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {who.token}"}}
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        yield ws


async def subscribe(ws: Any, operation_id: str = "1") -> None:
    message = {"id": operation_id, "type": "subscribe", "payload": {"query": SUBSCRIBE}}
    await ws.send(json.dumps(message))


async def next_message(ws: Any) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), WAIT_S))
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
        else:
            return message


async def follow(url: str, fan: Member, star: Member) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        body = {"query": FOLLOW, "variables": {"id": star.gid}}
        response = await client.post(
            "/graphql", json=body, headers={"Authorization": f"Bearer {fan.token}"}
        )
        assert "errors" not in response.json(), response.json()


async def settled_tasks(at_most: int) -> int:
    """The loop's task count once it is down to `at_most` (or the last seen)."""
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while (count := len(asyncio.all_tasks())) > at_most:
        if asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.05)
    return count


async def test_waiting_subscriptions_hold_no_task_and_each_hears_its_event(
    settings: Settings, live: Api
) -> None:
    me, fan = await live.member(), await live.member()
    async with serving_here(settings) as url, contextlib.AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(signed_in(url, me)) for _ in range(SOCKETS)]
        before = await settled_tasks(at_most=0)
        for ws in sockets:
            await subscribe(ws)
        await asyncio.sleep(0.5)  # each subscription starts (a store trip) and is taken over
        # A subscription each, and not one task more than the sockets alone needed.
        assert await settled_tasks(at_most=before) == before
        await follow(url, fan, me)
        for ws in sockets:
            message = await next_message(ws)
            assert message["type"] == "next" and message["id"] == "1"
            node = message["payload"]["data"]["notificationAdded"]["node"]
            assert node == {"kind": "NEW_FOLLOWER", "actor": {"id": fan.gid}}
        assert await settled_tasks(at_most=before) == before


async def test_a_completed_subscription_hears_nothing_more_and_its_id_is_free_again(
    settings: Settings, live: Api
) -> None:
    me, fans = await live.member(), [await live.member() for _ in range(2)]
    async with serving_here(settings) as url, signed_in(url, me) as ws, signed_in(url, me) as other:
        await subscribe(ws)
        await subscribe(other)
        await asyncio.sleep(0.5)
        await ws.send(json.dumps({"id": "1", "type": "complete"}))
        await follow(url, fans[0], me)
        assert (await next_message(other))["type"] == "next"  # the event went out
        with contextlib.suppress(TimeoutError):
            message = await asyncio.wait_for(next_message(ws), 1.0)
            raise AssertionError(f"a completed subscription was sent {message}")
        await subscribe(ws)  # the same id again: allowed once completed
        await asyncio.sleep(0.5)
        await follow(url, fans[1], me)
        message = await next_message(ws)
        assert message["type"] == "next" and message["id"] == "1"


async def test_a_second_subscription_with_a_waiting_ones_id_closes_the_socket(
    settings: Settings, live: Api
) -> None:
    me = await live.member()
    async with serving_here(settings) as url, signed_in(url, me) as ws:
        await subscribe(ws)
        await asyncio.sleep(0.5)
        await subscribe(ws)
        with contextlib.suppress(websockets.ConnectionClosed):
            await next_message(ws)
        assert ws.close_code == 4409
