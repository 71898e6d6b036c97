"""What one HTTP client may cost the server before the app sees a request.

- Bodies over a limit are refused with 413, from Content-Length before anything is read,
  and while reading one without it (chunked), as soon as it passes the limit.
- A request (headers and body) must arrive within a deadline from its first byte, and a
  new connection must start one within it too; one that trickles or stalls is closed.
  uvicorn has no such timeout (its keep-alive timer only covers the idle time between
  requests and restarts on every byte received), so its protocol is extended here.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from linkgraph.graphql_http import error_body


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for a request body over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = orjson.dumps(
            error_body(
                f"The request body is over {self.max_bytes:,} bytes.",
                "PAYLOAD_TOO_LARGE",
                maximum=self.max_bytes,
            )
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def uvicorn_options(request_timeout_s: float) -> dict[str, Any]:
    """The server options the service runs with (the CLI and the tests' real server)."""
    return {
        "http": request_deadline_protocol(request_timeout_s),
        "timeout_keep_alive": 5,  # idle between requests
        "log_config": None,  # keep ours: every line with its request id
        "lifespan": "on",
        # Subscription messages are small JSON: compressing each cost more CPU than it
        # saved bytes on loopback or a LAN, and a zlib context per socket held memory.
        "ws_per_message_deflate": False,
        # The protocol's own ping/pong (linkgraph/websocket.py) finds dead sockets; the
        # server's WebSocket pings on top were two more timers per socket, and with ten
        # thousand sockets 500 pings a second.
        "ws_ping_interval": None,
    }


def request_deadline_protocol(seconds: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, closing connections whose request has not arrived
    whole `seconds` after it began (or after the connection opened)."""

    class RequestDeadlineProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(seconds, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.logger.info("closing a connection whose request did not arrive in time")
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()  # a connection that never sends a request is closed too

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._disarm()  # the app has it all: its own time is not the client's

        def handle_websocket_upgrade(self) -> None:
            self._disarm()
            super().handle_websocket_upgrade()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return RequestDeadlineProtocol
