"""The event hub: how a change committed on one instance reaches subscribers.

`LocalHub` delivers within one process. `RedisHub` sends every event through one
Redis (or Valkey) pub/sub channel that every instance listens to, and delivers
locally from there, so a change made through instance A reaches a subscriber on B.
Push is best effort: when Redis goes away, publishing is skipped (mutations go on),
every local subscription fails with HubUnavailable (clients subscribe again and catch
up from the inbox), new ones are refused until it is back, and the hub reconnects on
its own.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Sequence

import orjson
import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from resolvers.events import Event, HubUnavailable, Sink, SubscriberLagging

log = logging.getLogger(__name__)

# Events held for one subscriber that has not read them yet; past this it is dropped
# (SubscriberLagging) rather than let one slow socket hold memory without bound.
BACKLOG = 1_000
CHANNEL = "linkgraph:events"
_RECONNECT_S = (0.1, 5.0)  # first and longest wait between attempts to reach Redis
_PING_S = 5.0  # a quiet listener pings this often, and gives up after two silent turns


class _Subscriber:
    """One subscription's events as an iterator, in order, until it ends or fails."""

    def __init__(self) -> None:
        self._pending: collections.deque[Event] = collections.deque()
        self._ready = asyncio.Event()
        self._error: Exception | None = None

    def offer(self, event: Event) -> None:
        if self._error is not None:
            return
        if len(self._pending) >= BACKLOG:
            self.fail(SubscriberLagging())
            return
        self._pending.append(event)
        self._ready.set()

    def fail(self, error: Exception) -> None:
        self._error = error
        self._pending.clear()
        self._ready.set()

    async def __aiter__(self) -> AsyncIterator[Event]:
        while True:
            await self._ready.wait()
            while self._pending:
                yield self._pending.popleft()
            if self._error is not None:
                raise self._error
            self._ready.clear()


class _Subscribers:
    """The subscriptions this process holds, by person."""

    def __init__(self) -> None:
        self._by_person: dict[str, set[Sink]] = collections.defaultdict(set)

    def deliver(self, event: Event) -> None:
        for sink in tuple(self._by_person.get(event.person_id, ())):
            sink.offer(event)

    def fail_all(self, error: Exception) -> None:
        sinks = [sink for held in self._by_person.values() for sink in held]
        for sink in sinks:  # a sink may detach itself when told
            sink.fail(error)

    def attach(self, person_id: str, sink: Sink) -> Callable[[], None]:
        self._by_person[person_id].add(sink)

        def detach() -> None:
            held = self._by_person.get(person_id)
            if held is not None:
                held.discard(sink)
                if not held:
                    del self._by_person[person_id]

        return detach

    @contextlib.contextmanager
    def holding(self, person_id: str) -> Iterator[_Subscriber]:
        subscriber = _Subscriber()
        detach = self.attach(person_id, subscriber)
        try:
            yield subscriber
        finally:
            detach()

    def __len__(self) -> int:
        return sum(len(s) for s in self._by_person.values())


class LocalHub:
    """Events within this process (one service instance)."""

    def __init__(self) -> None:
        self.subscribers = _Subscribers()

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        self.subscribers.fail_all(HubUnavailable())

    async def publish(self, events: Sequence[Event]) -> None:
        for event in events:
            self.subscribers.deliver(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, person_id: str) -> AsyncIterator[_Subscriber]:
        with self.subscribers.holding(person_id) as subscriber:
            yield subscriber

    def attach(self, person_id: str, sink: Sink) -> Callable[[], None]:
        return self.subscribers.attach(person_id, sink)


def _encode(event: Event) -> bytes:
    return orjson.dumps([event.person_id, event.kind, event.data, event.committed_at_ms])


def _decode(payload: bytes) -> Event:
    person_id, kind, data, committed_at_ms = orjson.loads(payload)
    return Event(person_id, kind, data, committed_at_ms)


class RedisHub:
    """Events through Redis pub/sub, shared by every instance that uses the same URL."""

    def __init__(self, url: str, *, timeout_s: float = 0.5) -> None:
        # No retries inside the client: a lost connection must surface here, where
        # subscribers are told, not be papered over while their events are lost.
        # The publisher retries once: after Redis restarts, its pooled connection is
        # dead, and the first publish would fail on it.
        self._publisher = aioredis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 1),
        )  # fmt: skip
        self._listener_client = aioredis.from_url(
            url, socket_connect_timeout=timeout_s, retry=Retry(NoBackoff(), 0)
        )
        self.subscribers = _Subscribers()
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._down_logged = False

    async def start(self, wait_s: float = 2.0) -> None:
        """Start listening; wait up to `wait_s` for Redis (it may come later)."""
        self._task = asyncio.create_task(self._listen(), name="linkgraph-events")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.connected.wait(), wait_s)
        if not self.connected.is_set():
            log.warning("events: Redis is not reachable yet; subscriptions wait for it")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.subscribers.fail_all(HubUnavailable())
        await self._publisher.aclose()
        await self._listener_client.aclose()

    async def publish(self, events: Sequence[Event]) -> None:
        if not self.connected.is_set():
            return  # its subscribers were told; they catch up from the inbox
        try:
            async with self._publisher.pipeline(transaction=False) as pipe:
                for event in events:
                    pipe.publish(CHANNEL, _encode(event))
                await pipe.execute()
        except (RedisError, OSError, TimeoutError):
            log.warning("events: could not publish %d event(s) to Redis", len(events))

    @contextlib.asynccontextmanager
    async def subscribe(self, person_id: str) -> AsyncIterator[_Subscriber]:
        if not self.connected.is_set():
            raise HubUnavailable()
        with self.subscribers.holding(person_id) as subscriber:
            yield subscriber

    def attach(self, person_id: str, sink: Sink) -> Callable[[], None]:
        if not self.connected.is_set():
            raise HubUnavailable()
        return self.subscribers.attach(person_id, sink)

    async def _read(self, pubsub: PubSub) -> None:
        """Deliver until the connection fails. A quiet connection is pinged, so a
        Redis that vanished without closing the socket is noticed too."""
        loop = asyncio.get_running_loop()
        heard = loop.time()
        while True:
            message = await pubsub.get_message(timeout=_PING_S)
            now = loop.time()
            if message is not None:
                heard = now
                if message["type"] == "message":
                    self.subscribers.deliver(_decode(message["data"]))
            elif now - heard > 2 * _PING_S:
                raise TimeoutError("no answer from Redis")
            elif now - heard >= _PING_S:
                await pubsub.ping()

    async def _listen(self) -> None:
        wait = _RECONNECT_S[0]
        while True:
            pubsub = self._listener_client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                await pubsub.get_message(timeout=1.0)  # the subscription's confirmation
                self.connected.set()
                if self._down_logged:
                    log.warning("events: Redis is back")
                self._down_logged, wait = False, _RECONNECT_S[0]
                await self._read(pubsub)
            except Exception as e:
                # Whatever ends the connection ends it: besides its own errors, redis-py
                # raises RuntimeError reading a transport that closed under it.
                if self.connected.is_set() or not self._down_logged:
                    log.warning("events: lost Redis (%s); telling %d subscriber(s)",
                                type(e).__name__, len(self.subscribers))  # fmt: skip
                    self._down_logged = True
                self.connected.clear()
                self.subscribers.fail_all(HubUnavailable())
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(wait)
            wait = min(wait * 2, _RECONNECT_S[1])


Hub = LocalHub | RedisHub


def hub_for(url: str | None) -> Hub:
    """The hub for LINKGRAPH_EVENTS_URL: Redis when set, in-process otherwise."""
    return RedisHub(url) if url else LocalHub()
