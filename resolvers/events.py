"""Events pushed to subscribers: what a change publishes after it commits, and the
interface of the hub that carries them (in-process or Redis, linkgraph/events.py).

Push is best effort: the inbox in the store is the record, and an event carries
only what a subscriber needs to fetch the record again under its own rules.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Protocol

NOTIFICATION = "notification"  # data: NotificationRecord.to_dict()
INVITATION = "invitation"  # data: {"invitationId": ..., "state": ...}
BLOCKS = "blocks"  # data: {}; a block between the person and someone began or ended


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    person_id: str  # whom it is for: only their own subscriptions see it
    kind: str
    data: dict[str, Any]
    committed_at_ms: int  # when the change committed (delivery latency is measured from it)


class HubUnavailable(Exception):
    """The hub lost its connection (Redis down): subscribers start again and catch up."""


class SubscriberLagging(Exception):
    """A subscriber fell so far behind that events were dropped for it."""


class EventStream(Protocol):
    def __aiter__(self) -> AsyncIterator[Event]: ...


class Sink(Protocol):
    """Where the hub hands one subscription's events, as they come (never blocks)."""

    def offer(self, event: Event) -> None: ...

    def fail(self, error: Exception) -> None:
        """The hub can deliver no more (HubUnavailable, SubscriberLagging)."""
        ...


class Events(Protocol):
    async def publish(self, events: Sequence[Event]) -> None:
        """Hand events to subscribers; never raises (a lost push is caught up later)."""
        ...

    def subscribe(self, person_id: str) -> contextlib.AbstractAsyncContextManager[EventStream]:
        """The person's events from now on, until the context exits. Raises
        HubUnavailable (on entry or while iterating) when the hub cannot deliver."""
        ...

    def attach(self, person_id: str, sink: Sink) -> Callable[[], None]:
        """Hand the person's events to `sink` from now on; returns what detaches it.
        Raises HubUnavailable when the hub cannot deliver."""
        ...
