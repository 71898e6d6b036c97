"""Several instances: events through a real Redis server, and what happens when it
goes away and comes back."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Iterator

import httpx
from gql import GraphQLRequest

from linkgraph.settings import Settings
from tests.api.network import FOLLOW
from tests.conftest import Api, Clock, serving
from tests.realtime.conftest import RedisServer
from tests.realtime.inbox import all_notifications
from tests.realtime.test_subscriptions import NOTIFICATION_ADDED, collecting, session_of, until


@contextlib.contextmanager
def two_instances(settings: Settings, redis: RedisServer) -> Iterator[tuple[str, str]]:
    shared = dataclasses.replace(settings, events_url=redis.url)
    with serving(shared, Clock()) as a, serving(shared, Clock()) as b:
        yield a, b


@contextlib.asynccontextmanager
async def api_at(url: str, settings: Settings):
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        yield Api(client, settings)


async def test_a_change_on_one_instance_reaches_a_subscriber_on_another(
    settings: Settings, redis_server: RedisServer
) -> None:
    with two_instances(settings, redis_server) as (a, b):
        async with api_at(a, settings) as api_a:
            me, fan = await api_a.member(), await api_a.member()
            async with session_of(b, me) as session, collecting(session, NOTIFICATION_ADDED) as got:
                await api_a.ok(FOLLOW, {"id": me.gid}, as_=fan)
                await until(lambda: len(got) == 1, "the event from the other instance")
            assert got[0]["notificationAdded"]["node"]["actor"]["id"] == fan.gid


async def test_redis_down_and_back(settings: Settings, redis_server: RedisServer) -> None:
    with two_instances(settings, redis_server) as (a, b):
        async with api_at(a, settings) as api_a:
            me = await api_a.member()
            fans = [await api_a.member() for _ in range(3)]
            async with session_of(b, me) as session, collecting(session, NOTIFICATION_ADDED) as got:
                await api_a.ok(FOLLOW, {"id": me.gid}, as_=fans[0])
                await until(lambda: len(got) == 1, "the first event")
                last_cursor = got[0]["notificationAdded"]["cursor"]
                redis_server.stop()
                # The subscriber is told, with a code that says what to do.
                await until(lambda: len(got) == 2, "the subscriber being told")
                (error,) = got[1]["errors"]
                assert error["extensions"]["code"] == "EVENTS_UNAVAILABLE"
                assert error["extensions"]["reason"] == "HUB_DOWN"
                # Mutations go on; the inbox keeps everything.
                await api_a.ok(FOLLOW, {"id": me.gid}, as_=fans[1])
                # New subscriptions are refused while it is down.
                async with collecting(session, NOTIFICATION_ADDED) as refused:
                    await until(lambda: len(refused) == 1, "a refusal")
                assert refused[0]["errors"][0]["extensions"]["code"] == "EVENTS_UNAVAILABLE"

            redis_server.start()
            async with session_of(b, me) as session:
                got = await _subscribed_once_back(session)
                await api_a.ok(FOLLOW, {"id": me.gid}, as_=fans[2])
                await until(lambda: len(got) == 1, "events after Redis came back")
                assert got[0]["notificationAdded"]["node"]["actor"]["id"] == fans[2].gid
            missed = await all_notifications(api_a, me, since=last_cursor)
            assert [e["node"]["actor"]["id"] for e in missed] == [fans[2].gid, fans[1].gid]


async def _subscribed_once_back(session) -> list:
    """Subscribe until the hub has reconnected (it retries on its own, with backoff)."""
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        received: list = []
        task = asyncio.create_task(_collect(session, received))
        await asyncio.sleep(0.5)
        if not received:
            _keep.add(task)
            return received
        task.cancel()
        assert asyncio.get_running_loop().time() < deadline, "the hub did not reconnect"


_keep: set = set()  # tasks that outlive the helper until the session closes


async def _collect(session, received: list) -> None:
    from gql.transport.exceptions import TransportQueryError

    try:
        async for result in session.subscribe(GraphQLRequest(NOTIFICATION_ADDED)):
            received.append(result)
    except TransportQueryError as e:
        received.append({"errors": e.errors})
