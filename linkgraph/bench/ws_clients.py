"""The subscribers of `linkgraph bench-events`, in a process of their own so that
their work is not counted against the service.

`python -m linkgraph.bench.ws_clients URL TOKENS_FILE COUNT MODE` opens COUNT
graphql-transport-ws connections (tokens round robin from the file, one per line),
each subscribed to notificationAdded, and prints `ready` (with how many sockets could
not connect, and how many subscriptions the service refused or ended). When it reads
`stop` on stdin it prints, in `latency` mode, the delivery latency of what it received
(now - createdAt, ms: count, p50, p99, max); in `idle` mode it only held the sockets,
and counts the events they received (a check that each subscription was live).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import sys
import time

import websockets

# Sockets opening at once (a reconnect storm is 200 by default).
OPENING = int(os.environ.get("LINKGRAPH_BENCH_OPENING", "200"))
SUBSCRIBE = "subscription { notificationAdded { cursor node { createdAt } } }"


async def _subscriber(
    url: str,
    token: str,
    latencies: list[float] | None,
    subscribed: asyncio.Queue[bool],
    counts: dict[str, int],
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
            kind = message["type"]
            if kind == "ping":
                await ws.send('{"type":"pong"}')
            elif kind in ("error", "complete") or "errors" in message.get("payload", {}):
                counts["ended"] += 1  # refused, or failed: no longer subscribed
                return
            elif kind == "next":
                counts["received"] += 1
            if kind == "next" and latencies is not None:
                created = message["payload"]["data"]["notificationAdded"]["node"]["createdAt"]
                at = dt.datetime.fromisoformat(created).timestamp()
                latencies.append((time.time() - at) * 1000)


async def main(url: str, tokens: list[str], count: int, mode: str) -> None:
    latencies: list[float] | None = [] if mode == "latency" else None
    counts = {"ended": 0, "received": 0}
    subscribed: asyncio.Queue[bool] = asyncio.Queue()
    tasks = []
    ready = 0
    for i in range(count):
        token = tokens[i % len(tokens)]
        tasks.append(asyncio.create_task(_subscriber(url, token, latencies, subscribed, counts)))
        # At most 200 sockets opening at once: ten thousand clients arriving in the same
        # second is a reconnect storm, another benchmark.
        while i + 1 - ready - sum(t.done() for t in tasks) >= OPENING:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscribed.get(), 1.0)
                ready += 1
    while ready + sum(t.done() for t in tasks) < count:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(subscribed.get(), 1.0)
            ready += 1
    await asyncio.sleep(2.0)  # the last subscribe messages are read and settle
    failed = count - ready
    print(json.dumps({"ready": ready, "failed": failed, "ended": counts["ended"]}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(BaseException):
            await task
    ordered = sorted(latencies or [])
    at = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0  # noqa: E731
    received = len(ordered) if latencies is not None else counts["received"]
    summary = {"received": received, "ended": counts["ended"]}
    summary |= {"p50": at(0.5), "p99": at(0.99), "max": at(1.0)}
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    with open(sys.argv[2]) as f:
        bearers = [f"Bearer {t}" for t in f.read().split()]
    asyncio.run(main(sys.argv[1], bearers, int(sys.argv[3]), sys.argv[4]))
