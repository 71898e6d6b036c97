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
- Subscriptions per connection: strawberry's own bound (an `error` message past it),
  counting the subscriptions the connection took over (linkgraph/standing.py).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import dataclasses
import logging
import time
from collections.abc import Coroutine, Mapping
from typing import Any

import orjson
from graphql import DocumentNode
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    CompleteMessage,
    ConnectionInitMessage,
    SubscribeMessage,
)

from linkgraph.auth import Authenticator, TokenError
from linkgraph.persisted_queries import PersistedQueryError
from linkgraph.standing import Standing
from resolvers.context import Context, Info
from resolvers.subscriptions import Feed

log = logging.getLogger(__name__)

FORBIDDEN = 4403  # the protocol's code for a refused connection
TIMED_OUT = 4408
DUPLICATE = 4409

# The operation whose task is running: a resolver taking its subscription over is
# inside it (strawberry runs each operation in a task of its own).
_running: contextvars.ContextVar[Operation[Context, None]] = contextvars.ContextVar("operation")


@dataclasses.dataclass(frozen=True)
class SocketLimits:
    per_person: int = 10  # open, acknowledged connections per person
    ping_interval_s: float = 30.0
    idle_timeout_s: float = 600.0
    starting: int = 32  # operations starting at once, across the process


class SocketRegistry:
    """Acknowledged connections by person, across this process, and the operations
    starting on them."""

    def __init__(self, limits: SocketLimits) -> None:
        self.limits = limits
        self._open: collections.Counter[str] = collections.Counter()
        # Operations starting at once. In a reconnect storm thousands of subscriptions
        # start together; unbounded, their store trips queued for the pool past their
        # deadline and failed (STORE_UNAVAILABLE). Bounded, they wait their turn.
        self.starting = asyncio.Semaphore(limits.starting)

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
    # Timers, not sleeping tasks: a task per socket for each was ~2 KB of it.
    _beat: asyncio.TimerHandle | None = None
    _expiry: asyncio.TimerHandle | None = None
    _work: set[asyncio.Task[None]] | None = None  # pings and closes under way
    _heard_at: float = 0.0
    _busy_at: float = 0.0  # when it last had an operation
    _standing: dict[str, Standing] | None = None  # the subscriptions taken over, by id

    @property
    def _ws(self) -> Any:
        return self.websocket.ws  # type: ignore[attr-defined]

    async def handle_message(self, message: Any) -> None:
        self._heard_at = time.monotonic()
        await super().handle_message(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        standing = self._standing or {}
        if message.get("id") in standing:
            await self.websocket.close(
                code=DUPLICATE, reason=f"Subscriber for {message['id']} already exists"
            )
            return
        limit = self.max_subscriptions_per_connection
        if standing and limit is not None and len(self.operations) + len(standing) >= limit:
            error: Any = {"message": "Subscription limit reached"}
            await self.send_message({"id": message["id"], "type": "error", "payload": [error]})
            return
        # With trusted documents, a subscription too runs only a manifest's document.
        persisted = self.view.persisted  # type: ignore[attr-defined]
        payload: Any = message.get("payload")
        if persisted.trusted is not None and isinstance(payload, dict):
            try:
                payload["query"] = persisted.resolve(
                    None, payload.get("extensions"), payload.get("documentId")
                )
            except PersistedQueryError as e:
                error = {"message": str(e), "extensions": {"code": e.code}}
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
        # Cancelled by then: a cancelled task kept here would keep its traceback too.
        self.connection_init_timeout_task = None
        if self.connection_acknowledged:
            self._busy_at = time.monotonic()
            self._arm_beat()

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
        context.hand_off = self._take_over
        if identity.expires_at is not None:
            delay = max(0.0, identity.expires_at - time.time())
            self._expiry = asyncio.get_running_loop().call_later(delay, self._expired)
        return None

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        _running.set(operation)  # this task's own context: no other operation sees it
        # A subscription's operation ends once its connection takes it over: the slot
        # is held for its start only.
        async with self._ws.state.sockets.starting:
            await super().run_operation(operation)

    async def _take_over(self, feed: Feed, info: Info) -> None:
        """Keep the subscription `feed` started as a Standing attached to the hub; the
        resolver then returns, and its operation's task ends."""
        operation = _running.get()
        context: Context = self.context
        assert context.events is not None
        raw = info._raw_info  # the operation as strawberry parsed it (cached)
        document = DocumentNode(definitions=(raw.operation, *raw.fragments.values()))
        standing = Standing(
            operation.id, feed, document, operation.variables, operation.operation_name,
            self.schema, self.send_message, self._forget_standing,  # type: ignore[arg-type]
        )  # fmt: skip
        standing.detach = context.events.attach(feed.viewer_id, standing)
        try:
            await feed.prime()
        except BaseException:
            standing.detach()
            raise
        if standing.failed is not None:  # the hub failed meanwhile: refused as at the start
            raise standing.failed
        if self._standing is None:
            self._standing = {}
        self._standing[operation.id] = standing
        standing.start()

    def _forget_standing(self, operation_id: str) -> None:
        if self._standing is not None:
            self._standing.pop(operation_id, None)
            if not self._standing:
                self._standing = None

    async def send_message(self, message: Any) -> None:
        # A taken-over subscription's own operation ends with its resolver: the client
        # must not hear `complete` for it (the Standing says when it completes).
        if message.get("type") == "complete" and message.get("id") in (self._standing or {}):
            return
        await super().send_message(message)

    async def handle_complete(self, message: CompleteMessage) -> None:
        standing = (self._standing or {}).get(message["id"])
        if standing is not None:
            standing.end()
            return
        await super().handle_complete(message)

    def _expired(self) -> None:
        self._expiry = None
        self._spawn(self.websocket.close(code=FORBIDDEN, reason="Token expired"))

    def _arm_beat(self) -> None:
        limits: SocketLimits = self._ws.state.sockets.limits
        self._beat = asyncio.get_running_loop().call_later(limits.ping_interval_s, self._on_beat)

    def _on_beat(self) -> None:
        """Every ping interval: close a socket that stopped answering or has long had
        nothing to do, ping the others."""
        limits: SocketLimits = self._ws.state.sockets.limits
        now = time.monotonic()
        self._beat = None
        if now - self._heard_at > 2 * limits.ping_interval_s:
            self._spawn(self.websocket.close(code=TIMED_OUT, reason="No pong"))
            return
        if self.operations or self._standing:
            self._busy_at = now
        elif now - self._busy_at > limits.idle_timeout_s:
            self._spawn(self.websocket.close(code=1000, reason="Idle"))
            return
        self._spawn(self._ping())
        self._arm_beat()

    async def _ping(self) -> None:
        with contextlib.suppress(WebSocketDisconnected):
            await self.send_message({"type": "ping"})

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` in a task this handler holds until it is done."""
        task = asyncio.get_running_loop().create_task(work)
        if self._work is None:
            self._work = set()
        self._work.add(task)
        task.add_done_callback(self._spawned_done)

    def _spawned_done(self, task: asyncio.Task[None]) -> None:
        if self._work is not None:
            self._work.discard(task)
            if not self._work:
                self._work = None
        if not task.cancelled() and task.exception() is not None:
            log.warning("websocket housekeeping failed", exc_info=task.exception())

    async def shutdown(self) -> None:
        for standing in list((self._standing or {}).values()):
            standing.end()
        context: Context = self.context
        context.hand_off = None  # no cycle left between the context and this handler
        for timer in (self._beat, self._expiry):
            if timer is not None:
                timer.cancel()
        self._beat = self._expiry = None
        if self._person is not None:
            self._ws.state.sockets.release(self._person)
            self._person = None
        await super().shutdown()
