"""A subscription its WebSocket connection took over (resolvers/subscriptions.py).

strawberry starts it as any operation: limits, validation, cost, the resolver's own
checks. Then, instead of a suspended execution waiting for each event (a task, a
chain of generators and graphql-core's state: two thirds of an idle subscription's
memory), the connection keeps one small object attached to the hub. For each event
it asks the feed, executes the document over what the feed delivers
(schema/delivery.py) and sends it; a task exists only while events are pending.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError
from strawberry.http.exceptions import WebSocketDisconnected

from linkgraph.events import BACKLOG
from resolvers.context import Context
from resolvers.events import Event, SubscriberLagging
from resolvers.subscriptions import Feed, unavailable
from schema.delivery import event_payload
from schema.extensions.error_policy import log_errors, masked
from schema.root import LinkgraphSchema

Send = Callable[[Mapping[str, Any]], Awaitable[None]]


class Standing:
    """One taken-over subscription: `offer` queues the hub's events, in order."""

    __slots__ = (
        "_ended",
        "_on_end",
        "_pending",
        "_schema",
        "_send",
        "_started",
        "_task",
        "detach",
        "document",
        "failed",
        "feed",
        "id",
        "operation_name",
        "variables",
    )  # fmt: skip

    def __init__(
        self,
        operation_id: str,
        feed: Feed,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        schema: LinkgraphSchema,
        send: Send,
        on_end: Callable[[str], None],
    ) -> None:
        self.id = operation_id
        self.feed = feed
        self.document = document
        self.variables = variables
        self.operation_name = operation_name
        self._schema = schema
        self._send = send
        self._on_end = on_end
        self._ended = False
        self._started = False
        self._pending: collections.deque[Event] | None = None  # made when an event comes
        self._task: asyncio.Task[None] | None = None
        self.failed: Exception | None = None  # the hub failed before it started
        self.detach: Callable[[], None] = _nothing

    @property
    def context(self) -> Context:
        return self.feed.context

    def start(self) -> None:
        """Deliver from now on (events offered while the feed was priming included)."""
        self._started = True
        self._drain_soon()

    def offer(self, event: Event) -> None:
        if self._ended:
            return
        if self._pending is None:
            self._pending = collections.deque()
        if len(self._pending) >= BACKLOG:
            self.fail(SubscriberLagging())
            return
        self._pending.append(event)
        self._drain_soon()

    def fail(self, error: Exception) -> None:
        """The hub can deliver no more: the subscriber is told, then it completes.
        Before it started, its resolver raises the error instead (`failed`)."""
        if self._ended:
            return
        if not self._started:
            self.failed = error
            self.detach()
            return
        self.end()
        telling = asyncio.get_running_loop().create_task(self._finish(unavailable(error)))
        _telling.add(telling)  # held until done: the loop keeps only weak references
        telling.add_done_callback(_telling.discard)

    def end(self) -> None:
        """Stop without a word (the client completed it, or the connection closed)."""
        if self._ended:
            return
        self._ended = True
        self.detach()
        self._on_end(self.id)
        self._pending = None
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()

    def _drain_soon(self) -> None:
        if self._started and self._task is None and self._pending:
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        context = self.context
        try:
            while self._pending and not self._ended:
                event = self._pending.popleft()
                context.renew()
                item = await self.feed.accept(event)
                if item is not None and not self._ended:
                    payload = await event_payload(
                        self._schema, self.document, item, context, self.variables,
                        self.operation_name,
                    )  # fmt: skip
                    await self._send({"id": self.id, "type": "next", "payload": payload})
            if not self._ended:
                self._pending = None  # an idle subscription holds no queue
        except WebSocketDisconnected:
            self.end()
        except Exception as error:  # as a failing resolver would: told, then complete
            self.end()
            await self._finish(error)
        finally:
            self._task = None
            context.release()

    async def _finish(self, error: Exception) -> None:
        shown = (
            error
            if isinstance(error, GraphQLError)
            else GraphQLError(str(error), original_error=error)
        )
        log_errors([shown], self.context)
        errors = [e.formatted for e in masked([shown], self.context)]
        try:
            await self._send(
                {"id": self.id, "type": "next", "payload": {"data": None, "errors": errors}}
            )
            await self._send({"id": self.id, "type": "complete"})
        except WebSocketDisconnected:
            pass


_telling: set[asyncio.Task[None]] = set()


def _nothing() -> None:
    pass
