"""The subscribers of `linkgraph bench-events`, in a process of their own so that
their work is not counted against the service.

`python -m linkgraph.bench.ws_clients URL TOKENS_FILE COUNT MODE` opens COUNT
graphql-transport-ws connections (tokens round robin from the file, one per line),
each subscribed to notificationAdded, and prints `ready`. When it reads `stop` on
stdin it prints, in `latency` mode, the delivery latency of what it received (now -
createdAt, ms: count, p50, p99, max); in `idle` mode it only held the sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sys
import time

import websockets

SUBSCRIBE = "subscription { notificationAdded { cursor node { createdAt } } }"


async def _subscriber(
    url: str, token: str, latencies: list[float] | None, subscribed: asyncio.Queue[bool]
) -> None:
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        max_size=2**20, ping_interval=None, open_timeout=60,
    ) as ws:  # fmt: skip
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": token}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        subscribed.put_nowait(True)
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "ping":
                await ws.send('{"type":"pong"}')
            elif message["type"] == "next" and latencies is not None:
                created = message["payload"]["data"]["notificationAdded"]["node"]["createdAt"]
                at = dt.datetime.fromisoformat(created).timestamp()
                latencies.append((time.time() - at) * 1000)


async def main(url: str, tokens: list[str], count: int, mode: str) -> None:
    latencies: list[float] | None = [] if mode == "latency" else None
    subscribed: asyncio.Queue[bool] = asyncio.Queue()
    tasks = []
    ready = 0
    for i in range(count):
        token = tokens[i % len(tokens)]
        tasks.append(asyncio.create_task(_subscriber(url, token, latencies, subscribed)))
        # At most 200 sockets opening at once: ten thousand clients arriving in the same
        # second is a reconnect storm, another benchmark.
        while i + 1 - ready - sum(t.done() for t in tasks) >= 200:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscribed.get(), 1.0)
                ready += 1
    while ready + sum(t.done() for t in tasks) < count:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(subscribed.get(), 1.0)
            ready += 1
    await asyncio.sleep(2.0)  # the last subscribe messages are read and settle
    print(json.dumps({"ready": ready, "failed": count - ready}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(BaseException):
            await task
    ordered = sorted(latencies or [])
    at = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0  # noqa: E731
    summary = {"received": len(ordered), "p50": at(0.5), "p99": at(0.99), "max": at(1.0)}
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    with open(sys.argv[2]) as f:
        bearers = [f"Bearer {t}" for t in f.read().split()]
    asyncio.run(main(sys.argv[1], bearers, int(sys.argv[3]), sys.argv[4]))
