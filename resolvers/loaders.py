"""Per-request DataLoaders: one store round trip per batch of keys, whatever the page size."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, overload

from strawberry.dataloader import DataLoader

from graphdb import audience as audience_db
from graphdb import blocks as blocks_db
from graphdb import invitations as invitations_db
from graphdb import messages as messages_db
from graphdb import network as network_db
from graphdb import notifications as notifications_db
from graphdb import organizations as organizations_db
from graphdb import people as people_db
from graphdb import posts as posts_db
from graphdb.graph import Graph
from graphdb.records import (
    Affiliation,
    ConversationRecord,
    InboxState,
    InvitationRecord,
    Keyset,
    MessageRecord,
    NetworkSize,
    OrganizationRecord,
    PersonCounts,
    PersonRecord,
    PostRecord,
    RelationshipFacts,
    UnreadCounts,
)
from resolvers.policy import Policy

V = TypeVar("V")
MutualKey = tuple[str, Keyset | None, int]


@overload
def _in_key_order(
    fetch: Callable[[Sequence[str]], Awaitable[dict[str, V]]],
) -> Callable[[list[str]], Awaitable[list[V | None]]]: ...


@overload
def _in_key_order(
    fetch: Callable[[Sequence[str]], Awaitable[dict[str, V]]], missing: V
) -> Callable[[list[str]], Awaitable[list[V]]]: ...


def _in_key_order(
    fetch: Callable[[Sequence[str]], Awaitable[dict[str, V]]], missing: V | None = None
) -> Callable[[list[str]], Awaitable[list[Any]]]:
    """A batch function: the values of `keys` in their order, `missing` (or None) for a
    key the store did not find."""

    async def load(keys: list[str]) -> list[V | None]:
        found = await fetch(keys)
        return [found.get(key, missing) for key in keys]

    return load


@dataclasses.dataclass
class Loaders:
    person: DataLoader[str, PersonRecord | None]
    counts: DataLoader[str, PersonCounts]
    invitation: DataLoader[str, InvitationRecord | None]
    # Keyed by the other person; the viewer is the request's.
    relationship: DataLoader[str, RelationshipFacts | None]
    network_size: DataLoader[str, NetworkSize | None]
    # Keyed by the viewer: everyone they blocked or were blocked by.
    hidden: DataLoader[str, frozenset[str]]
    # Keyed by the other person: are they the viewer's connection?
    connected: DataLoader[str, bool]
    post: DataLoader[str, PostRecord | None]
    organization: DataLoader[str, OrganizationRecord | None]
    organization_counts: DataLoader[str, tuple[int, int]]
    # Keyed by organization: (the viewer follows it, the viewer administers it).
    organization_ties: DataLoader[str, tuple[bool, bool]]
    affiliations: DataLoader[str, list[Affiliation]]
    # Keyed by conversation id; only the viewer's own conversations are found.
    conversation: DataLoader[str, ConversationRecord | None]
    # Keyed by message id; only messages of the viewer's own conversations are found.
    message: DataLoader[str, MessageRecord | None]
    # Keyed by the viewer (only theirs is ever asked for).
    unread: DataLoader[str, UnreadCounts]
    inbox: DataLoader[str, InboxState]
    # Mutual connections of the viewer and a person: keyed by (person, page start,
    # rows), so a page of people asking for theirs is one trip.
    mutual: DataLoader[MutualKey, list[tuple[PersonRecord, Keyset]]]
    # How many mutual connections the viewer and a person have.
    mutual_count: DataLoader[str, int]


def make_loaders(graph: Graph, viewer_id: str | None, policy: Policy) -> Loaders:
    """Fresh loaders for one request: their caches never outlive it or cross viewers."""
    hidden: DataLoader[str, frozenset[str]] = DataLoader(
        _in_key_order(
            lambda ids: _each(ids, lambda i: blocks_db.hidden_from(graph, i)), frozenset()
        )
    )

    async def hidden_from_viewer() -> frozenset[str]:
        return await hidden.load(viewer_id) if viewer_id else frozenset()

    async def conversations(ids: Sequence[str]) -> dict[str, ConversationRecord]:
        if viewer_id is None:
            return {}
        return await messages_db.by_ids(graph, viewer_id, ids, await hidden_from_viewer())

    async def messages(ids: Sequence[str]) -> dict[str, MessageRecord]:
        if viewer_id is None:
            return {}
        return await messages_db.messages_by_ids(graph, viewer_id, ids, await hidden_from_viewer())

    async def unread(ids: Sequence[str]) -> dict[str, UnreadCounts]:
        counts = await messages_db.unread(graph, viewer_id or "", await hidden_from_viewer())
        return {key: counts for key in ids}

    async def mutual(keys: list[MutualKey]) -> list[list[tuple[PersonRecord, Keyset]]]:
        hidden = await hidden_from_viewer()
        pages: dict[MutualKey, list[tuple[PersonRecord, Keyset]]] = {}
        for start, limit in {(start, limit) for _, start, limit in keys}:
            others = [other for other, s, n in keys if (s, n) == (start, limit)]
            found = await network_db.mutual_pages(
                graph, viewer_id or "", others, start, limit, hidden
            )
            pages.update({(other, start, limit): rows for other, rows in found.items()})
        return [pages[key] for key in keys]

    async def mutual_counts(ids: Sequence[str]) -> dict[str, int]:
        return await network_db.mutual_counts(
            graph, viewer_id or "", ids, await hidden_from_viewer()
        )

    return Loaders(
        person=DataLoader(_in_key_order(lambda ids: people_db.by_ids(graph, ids))),
        counts=DataLoader(
            _in_key_order(lambda ids: people_db.counts(graph, ids), missing=PersonCounts())
        ),
        invitation=DataLoader(_in_key_order(lambda ids: invitations_db.by_ids(graph, ids))),
        relationship=DataLoader(
            _in_key_order(
                lambda ids: network_db.relationships(graph, viewer_id or "", ids, policy.hub_degree)
            )
        ),
        network_size=DataLoader(
            _in_key_order(
                lambda ids: network_db.network_sizes(
                    graph, ids, max_friends=policy.max_friends, walk_budget=policy.walk_budget
                )
            )
        ),
        hidden=hidden,
        connected=DataLoader(
            _in_key_order(
                lambda ids: audience_db.connected_to(graph, viewer_id or "", ids), missing=False
            )
        ),
        post=DataLoader(_in_key_order(lambda ids: posts_db.by_ids(graph, ids))),
        organization=DataLoader(_in_key_order(lambda ids: organizations_db.by_ids(graph, ids))),
        organization_counts=DataLoader(
            _in_key_order(lambda ids: organizations_db.counts(graph, ids), missing=(0, 0))
        ),
        organization_ties=DataLoader(
            _in_key_order(
                lambda ids: organizations_db.viewer_ties(graph, viewer_id or "", ids),
                missing=(False, False),
            )
        ),
        affiliations=DataLoader(
            _in_key_order(lambda ids: organizations_db.affiliations_of(graph, ids), missing=[])
        ),
        conversation=DataLoader(_in_key_order(conversations)),
        message=DataLoader(_in_key_order(messages)),
        unread=DataLoader(_in_key_order(unread, missing=UnreadCounts())),
        inbox=DataLoader(
            _in_key_order(
                lambda ids: _each(ids, lambda i: notifications_db.inbox_state(graph, i)),
                missing=InboxState(),
            )
        ),
        mutual=DataLoader(mutual),
        mutual_count=DataLoader(_in_key_order(mutual_counts, missing=0)),
    )


async def _each(keys: Sequence[str], fetch: Callable[[str], Awaitable[V]]) -> dict[str, V]:
    """For loaders whose only key is the viewer: one fetch per distinct key (one)."""
    return {key: await fetch(key) for key in set(keys)}


def forget(loader: DataLoader, *keys: str) -> None:
    """Drop cached values so the next load reads the store (clear() raises for keys
    the loader never saw)."""
    for key in keys:
        with contextlib.suppress(KeyError):
            loader.clear(key)
