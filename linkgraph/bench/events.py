"""`linkgraph bench-events`: what real time costs.

1. Delivery latency, commit to client, at a steady rate of events (default 1,000/s):
   with one instance (the in-process hub), and with two joined by Redis (events
   published on instance A, subscribers on B). Events are handed to the hub exactly
   as a committed mutation hands them; the subscribers run in their own process.
2. Idle subscriptions one service process holds (default 10,000): its resident memory
   before and after, and a query's p50/p99 with and without them.
3. What writing a notification adds to a mutation: a follow's transaction with and
   without its notification, against the follow mutation's p50 over HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import psutil
import uvicorn

from graphdb import follows as follows_db
from graphdb.graph import Graph, Tx
from graphdb.records import NotificationRecord
from linkgraph.app import create_app
from linkgraph.auth import authenticator_from, new_subject
from linkgraph.bench.network import _client, _post, percentile, serving
from linkgraph.http_limits import uvicorn_options
from linkgraph.settings import Settings
from linkgraph.store import local_store, open_store
from resolvers import notifications
from resolvers.events import NOTIFICATION, Event

CREATE = """mutation($input: CreateProfileInput!) { createProfile(input: $input) {
  person { id } } }"""
FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
UNFOLLOW = "mutation($id: ID!) { unfollowPerson(input: {personId: $id}) { following } }"
PERSON = "query($id: ID!) { node(id: $id) { ... on Person { name headline } } }"


@dataclasses.dataclass
class _Server:
    url: str
    app: Any
    loop: asyncio.AbstractEventLoop


@contextlib.contextmanager
def _in_thread(settings: Settings) -> Iterator[_Server]:
    """The app behind uvicorn on its own loop and thread (so a publisher can run on
    that loop, as a mutation's resolver would)."""
    app = create_app(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning",
        **{**uvicorn_options(settings.request_timeout_s), "log_config": None},
    )  # fmt: skip
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(server.serve(),), daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the service did not start")
        time.sleep(0.05)
    try:
        yield _Server(f"http://127.0.0.1:{port}", app, loop)
    finally:
        server.should_exit = True
        thread.join(60)


async def _members(url: str, settings: Settings, count: int) -> list[tuple[str, str, str]]:
    """`count` new people: (id, global id, token)."""
    authenticator = authenticator_from(settings)
    made = []
    async with _client(url) as client:
        for i in range(count):
            subject = new_subject()
            token = authenticator.mint(subject)
            body = {"query": CREATE, "variables": {"input": {
                "handle": f"bench-{subject[:8]}-{i}", "name": f"Bench Person {i}"}}}  # fmt: skip
            payload = await _post(client, body, {"Authorization": f"Bearer {token}"})
            made.append((subject, payload["data"]["createProfile"]["person"]["id"], token))
    return made


@contextlib.asynccontextmanager
async def _subscribers(url: str, tokens: list[str], count: int, mode: str) -> AsyncIterator[Any]:
    """The subscriber process, its sockets open; yields a function that stops it and
    returns what it measured."""
    with tempfile.NamedTemporaryFile("w", suffix=".tokens", delete=False) as f:
        f.write("\n".join(tokens))
    ws = url.replace("http://", "ws://") + "/graphql"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "linkgraph.bench.ws_clients", ws, f.name, str(count), mode,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stdin is not None
    ready = json.loads(await asyncio.wait_for(process.stdout.readline(), 600))
    if ready["failed"]:
        print(f"  {ready['failed']} subscriber(s) could not connect", flush=True)
    if ready["ended"]:
        print(f"  {ready['ended']} subscription(s) refused or ended by the service", flush=True)

    async def stop() -> dict[str, float]:
        process.stdin.write(b"stop\n")  # type: ignore[union-attr]
        await process.stdin.drain()  # type: ignore[union-attr]
        result = json.loads(await asyncio.wait_for(process.stdout.readline(), 600))  # type: ignore[union-attr]
        await process.wait()
        return result

    try:
        yield stop
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        os.unlink(f.name)


async def _pump(hub: Any, people: list[tuple[str, str, str]], rate: int, seconds: float) -> int:
    """Hand the hub `rate` notifications a second, round robin over `people`, each
    stamped with the moment it is handed over (its commit, for a mutation)."""
    loop = asyncio.get_running_loop()
    started, sent = loop.time(), 0
    while (elapsed := loop.time() - started) < seconds:
        due = int(elapsed * rate) - sent
        if due > 0:
            now = int(time.time() * 1000)
            events = []
            for k in range(sent, sent + due):
                person, _, _ = people[k % len(people)]
                actor = people[(k + 1) % len(people)][0]
                record = NotificationRecord(
                    str(uuid.uuid4()), notifications.NEW_FOLLOWER, person, actor, actor, None,
                    now, k + 1,
                )  # fmt: skip
                events.append(Event(person, NOTIFICATION, record.to_dict(), now))
            await hub.publish(events)
            sent += due
        await asyncio.sleep(0.001)
    return sent


def _figures(latency: dict[str, float], sent: int) -> str:
    return (
        f"sent {sent:,}, received {latency['received']:,}: p50 {latency['p50']:.1f} ms, "
        f"p99 {latency['p99']:.1f} ms, max {latency['max']:.1f} ms"
    )


async def _delivery(
    publisher: _Server, subscribed: _Server, settings: Settings, rate: int, seconds: float
) -> str:
    people = await _members(publisher.url, settings, 50)
    async with _subscribers(
        subscribed.url, [t for _, _, t in people], len(people), "latency"
    ) as stop:
        hub = publisher.app.state.events
        sent = await asyncio.wrap_future(
            asyncio.run_coroutine_threadsafe(_pump(hub, people, rate, seconds), publisher.loop)
        )
        await asyncio.sleep(1.0)  # the last ones arrive
        return _figures(await stop(), sent)


def _redis(port: int, data_dir: Path) -> subprocess.Popen:
    executable = shutil.which("redis-server") or shutil.which("valkey-server")
    if executable is None:
        raise SystemExit(
            "redis-server is not installed (Debian: redis-server), or pass --events-url"
        )
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir",
         str(data_dir)], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    return process


async def _query_latency(
    url: str, person_gid: str, token: str, n: int
) -> tuple[float, float, float]:
    """Person by id, sequential: p50, p99 and max (ms)."""
    timings = []
    async with _client(url) as client:
        for i in range(n + 20):
            started = time.perf_counter()
            await _post(client, {"query": PERSON, "variables": {"id": person_gid}},
                        {"Authorization": f"Bearer {token}"})  # fmt: skip
            if i >= 20:
                timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings, 0.5), percentile(timings, 0.99), max(timings)


async def _idle(settings: Settings, count: int) -> str:
    env = {"LINKGRAPH_WS_CONNECTIONS_PER_PERSON": str(count), "LINKGRAPH_WS_IDLE_TIMEOUT": "3600"}
    os.environ.update(env)
    async with serving(settings) as (url, pid):
        ((_, gid, token), (_, _, fan_token)) = await _members(url, settings, 2)
        server = psutil.Process(pid)
        before = server.memory_info().rss
        # Enough requests to meet the collector's full passes over the heap the
        # subscriptions make (one per ~a quarter more surviving objects).
        quiet = await _query_latency(url, gid, token, 2_000)
        async with _subscribers(url, [token], count, "idle") as stop:
            held = server.memory_info().rss
            busy = await _query_latency(url, gid, token, 2_000)
            # Proof they are live: one follow, and every subscription must hear of it.
            async with _client(url) as client:
                await _post(client, {"query": FOLLOW, "variables": {"id": gid}},
                            {"Authorization": f"Bearer {fan_token}"})  # fmt: skip
            await asyncio.sleep(min(30.0, 2.0 + count / 1_000))
            heard = await stop()
    return (
        f"{count:,} idle subscriptions: service RSS {before / 2**20:,.0f} MB -> "
        f"{held / 2**20:,.0f} MB (+{(held - before) / count / 1024:.1f} KB each); "
        f"person by id p50/p99/max {quiet[0]:.1f}/{quiet[1]:.1f}/{quiet[2]:.0f} ms without "
        f"them, {busy[0]:.1f}/{busy[1]:.1f}/{busy[2]:.0f} ms with them; one event reached "
        f"{heard['received']:,} of them ({heard['ended']:,} ended)"
    )


async def _mutation_cost(server: _Server, settings: Settings, n: int) -> str:
    (star, star_gid, _), *fans = await _members(server.url, settings, 2)
    fan, _, fan_token = fans[0]
    headers = {"Authorization": f"Bearer {fan_token}"}
    http = []
    async with _client(server.url) as client:
        for i in range(n + 20):
            await _post(client, {"query": UNFOLLOW, "variables": {"id": star_gid}}, headers)
            started = time.perf_counter()
            await _post(client, {"query": FOLLOW, "variables": {"id": star_gid}}, headers)
            if i >= 20:
                http.append((time.perf_counter() - started) * 1000)

    async def transactions() -> tuple[float, float]:
        async with open_store(settings) as store:  # the running store, a handle of our own
            graph = Graph(store.driver, store.database)
            plain, noted = [], []
            for i in range(n + 20):
                for timings, with_note in ((plain, False), (noted, True)):
                    await graph.write(lambda tx: _unfollow(tx, fan, star))
                    now = int(time.time() * 1000) + i
                    started = time.perf_counter()
                    await graph.write(lambda tx, w=with_note, t=now: _follow(tx, fan, star, t, w))
                    if i >= 20:
                        timings.append((time.perf_counter() - started) * 1000)
            return percentile(plain, 0.5), percentile(noted, 0.5)

    plain, noted = await transactions()
    mutation = percentile(http, 0.5)
    return (
        f"follow mutation p50 {mutation:.2f} ms over HTTP; its transaction p50 {plain:.2f} ms "
        f"without the notification, {noted:.2f} ms with it: +{noted - plain:.2f} ms, "
        f"{(noted - plain) / mutation * 100:.0f}% of the mutation"
    )


async def _unfollow(tx: Tx, fan: str, star: str) -> None:
    await follows_db.unfollow(tx, fan, star)


async def _follow(tx: Tx, fan: str, star: str, now: int, with_note: bool) -> None:
    if with_note:
        await notifications.follow(tx, fan, star, now)
    else:
        await follows_db.follow(tx, fan, star, now)


def main(data_dir: Path, rate: int, seconds: float, idle: int, events_url: str | None) -> None:
    base = Settings.from_env({**os.environ, "LINKGRAPH_DATA_DIR": str(data_dir)})
    settings = dataclasses.replace(
        base, demo_data=False, rate_limit_cost=0, anonymous_rate_limit_cost=0, log_level="WARNING"
    )
    asyncio.run(_main(settings, rate, seconds, idle, events_url))


async def _main(
    settings: Settings, rate: int, seconds: float, idle: int, events_url: str | None
) -> None:
    # One store for every service the benchmark starts: each attaches to it and leaves it.
    store = local_store(settings) if settings.uses_local_store else None
    started = store is not None and (await asyncio.to_thread(store.start))[1]
    try:
        await _phases(settings, rate, seconds, idle, events_url)
    finally:
        if store is not None and started:
            await asyncio.to_thread(store.stop)


async def _phases(
    settings: Settings, rate: int, seconds: float, idle: int, events_url: str | None
) -> None:
    print(f"delivery at {rate:,} events/s for {seconds:.0f} s, 50 subscribers", flush=True)
    with _in_thread(dataclasses.replace(settings, events_url=None)) as one:
        figures = await _delivery(one, one, settings, rate, seconds)
        print(f"  one instance (in-process hub): {figures}", flush=True)
        print(f"  {await _mutation_cost(one, settings, 300)}", flush=True)
    redis = None
    if events_url is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        redis = _redis(port, Path(tempfile.mkdtemp()))
        events_url = f"redis://127.0.0.1:{port}/0"
    try:
        # B, where the subscribers are, in its own process, as a second instance is.
        shared = dataclasses.replace(settings, events_url=events_url)
        os.environ["LINKGRAPH_EVENTS_URL"] = events_url
        with _in_thread(shared) as a:
            async with serving(shared) as (b_url, _):
                b = _Server(b_url, None, a.loop)
                figures = await _delivery(a, b, settings, rate, seconds)
        del os.environ["LINKGRAPH_EVENTS_URL"]
        print(f"  two instances through Redis (A -> B): {figures}", flush=True)
    finally:
        if redis is not None:
            redis.kill()
    print(await _idle(settings, idle), flush=True)
