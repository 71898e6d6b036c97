"""GraphQL over WebSocket at /graphql: the graphql-transport-ws protocol, with the
service's own rules on top of strawberry's handler.

- Authentication in `connection_init` (`{"Authorization": "Bearer <token>"}`): no
  token, a bad one, or a person at their limit of connections is refused with 4403 and
  a reason.
- The socket closes (4403, "Token expired") when its token expires: a client connects
  again with a fresh one (graphql-ws and gql do so on their own).
- The server pings every `ping_interval_s` and closes a socket that has not answered
  for two intervals (4408); a socket with no operation for `idle_timeout_s` is closed
  (1000) too.
- Subscriptions per connection: strawberry's own bound (an `error` message past it).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import logging
import time
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)

from linkgraph.auth import Authenticator, TokenError
from linkgraph.persisted_queries import PersistedQueryError
from resolvers.context import Context

log = logging.getLogger(__name__)

FORBIDDEN = 4403  # the protocol's code for a refused connection
TIMED_OUT = 4408


@dataclasses.dataclass(frozen=True)
class SocketLimits:
    per_person: int = 10  # open, acknowledged connections per person
    ping_interval_s: float = 30.0
    idle_timeout_s: float = 600.0


class SocketRegistry:
    """Acknowledged connections by person, across this process."""

    def __init__(self, limits: SocketLimits) -> None:
        self.limits = limits
        self._open: collections.Counter[str] = collections.Counter()

    def admit(self, person_id: str) -> bool:
        if self._open[person_id] >= self.limits.per_person:
            return False
        self._open[person_id] += 1
        return True

    def release(self, person_id: str) -> None:
        self._open[person_id] -= 1
        if self._open[person_id] <= 0:
            del self._open[person_id]

    def __len__(self) -> int:
        return sum(self._open.values())


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """Sends text frames: the protocol's messages are text, and the view's JSON
    encoder (orjson) makes bytes, which strawberry would send as binary frames."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def _authorization(payload: Mapping[str, Any]) -> str | None:
    for key in ("Authorization", "authorization"):
        value = payload.get(key)
        if isinstance(value, str):
            return value
    headers = payload.get("headers")  # some clients nest their headers
    return _authorization(headers) if isinstance(headers, Mapping) else None


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """strawberry's graphql-transport-ws handler with authentication, expiry,
    keep-alive and idle limits."""

    _person: str | None = None
    _tasks: tuple[asyncio.Task[None], ...] = ()
    _expiry: asyncio.Task[None] | None = None
    _heard_at: float = 0.0

    @property
    def _ws(self) -> Any:
        return self.websocket.ws  # type: ignore[attr-defined]

    async def handle_message(self, message: Any) -> None:
        self._heard_at = time.monotonic()
        await super().handle_message(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # With trusted documents, a subscription too runs only a manifest's document.
        persisted = self.view.persisted  # type: ignore[attr-defined]
        payload: Any = message.get("payload")
        if persisted.trusted is not None and isinstance(payload, dict):
            try:
                payload["query"] = persisted.resolve(
                    None, payload.get("extensions"), payload.get("documentId")
                )
            except PersistedQueryError as e:
                error: Any = {"message": str(e), "extensions": {"code": e.code}}
                await self.send_message({"id": message["id"], "type": "error", "payload": [error]})
                return
        await super().handle_subscribe(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload") or {}
        if self.connection_init_received or not isinstance(payload, dict):
            await super().handle_connection_init(message)  # the protocol's own refusals
            return
        refusal = await self._admit(payload)
        if refusal is not None:
            if self.connection_init_timeout_task:
                self.connection_init_timeout_task.cancel()
            self.connection_init_received = True
            await self.websocket.close(code=FORBIDDEN, reason=refusal)
            return
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self._tasks = (asyncio.create_task(self._keep_alive()),)

    async def _admit(self, payload: Mapping[str, Any]) -> str | None:
        """Sign the connection in; the close reason when it may not open."""
        state = self._ws.state
        authenticator: Authenticator = state.authenticator
        try:
            identity = await authenticator.identify(_authorization(payload))
        except TokenError as e:
            return str(e)[:120]  # a close reason is at most 123 bytes
        if identity is None:
            return 'Sign in: send {"Authorization": "Bearer <token>"} in connection_init.'
        registry: SocketRegistry = state.sockets
        if not registry.admit(identity.subject):
            return f"At most {registry.limits.per_person} connections per person."
        self._person = identity.subject
        context: Context = self.context
        context.viewer_id, context.roles = identity.subject, identity.roles
        context.release()  # anything made before this was made for nobody
        if identity.expires_at is not None:
            self._expiry = asyncio.create_task(self._close_at(identity.expires_at))
        return None

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        await self.websocket.close(code=FORBIDDEN, reason="Token expired")

    async def _keep_alive(self) -> None:
        limits: SocketLimits = self._ws.state.sockets.limits
        idle_since = time.monotonic()
        while True:
            await asyncio.sleep(limits.ping_interval_s)
            now = time.monotonic()
            if now - self._heard_at > 2 * limits.ping_interval_s:
                await self.websocket.close(code=TIMED_OUT, reason="No pong")
                return
            if self.operations:
                idle_since = now
            elif now - idle_since > limits.idle_timeout_s:
                await self.websocket.close(code=1000, reason="Idle")
                return
            with contextlib.suppress(WebSocketDisconnected):
                await self.send_message({"type": "ping"})

    async def shutdown(self) -> None:
        for task in (*self._tasks, *([self._expiry] if self._expiry else [])):
            task.cancel()
        if self._person is not None:
            self._ws.state.sockets.release(self._person)
            self._person = None
        await super().shutdown()
