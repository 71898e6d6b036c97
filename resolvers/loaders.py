"""Per-request DataLoaders: one store round trip per batch of keys, whatever the page size."""

from __future__ import annotations

import contextlib
import functools
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


class Loaders:
    """Fresh loaders for one request: their caches never outlive it or cross viewers.

    Each is made when first used: a request uses two or three of these, and making all
    of them cost about 2% of a lookup's CPU."""

    def __init__(self, graph: Graph, viewer_id: str | None, policy: Policy) -> None:
        self._graph = graph
        self._viewer = viewer_id
        self._policy = policy

    @functools.cached_property
    def person(self) -> DataLoader[str, PersonRecord | None]:
        """People by id. The first lookup of others by a signed-in viewer brings the
        viewer's hidden people along (`hidden`), which the lookup then checks."""
        graph, viewer = self._graph, self._viewer

        async def fetch(ids: Sequence[str]) -> dict[str, PersonRecord]:
            if viewer is None or self.hidden.cache_map.get(viewer) is not None:
                return await people_db.by_ids(graph, ids)
            if all(i == viewer for i in ids):  # the viewer is never hidden from themself
                return await people_db.by_ids(graph, ids)
            people, hidden = await people_db.by_ids_and_hidden(graph, ids, viewer)
            self.hidden.prime(viewer, hidden)
            return people

        return DataLoader(_in_key_order(fetch))

    @functools.cached_property
    def counts(self) -> DataLoader[str, PersonCounts]:
        graph = self._graph
        return DataLoader(
            _in_key_order(lambda ids: people_db.counts(graph, ids), missing=PersonCounts())
        )

    @functools.cached_property
    def invitation(self) -> DataLoader[str, InvitationRecord | None]:
        graph = self._graph
        return DataLoader(_in_key_order(lambda ids: invitations_db.by_ids(graph, ids)))

    @functools.cached_property
    def relationship(self) -> DataLoader[str, RelationshipFacts | None]:
        """Keyed by the other person; the viewer is the request's."""
        graph, viewer, hub_degree = self._graph, self._viewer or "", self._policy.hub_degree
        return DataLoader(
            _in_key_order(lambda ids: network_db.relationships(graph, viewer, ids, hub_degree))
        )

    @functools.cached_property
    def network_size(self) -> DataLoader[str, NetworkSize | None]:
        graph, policy = self._graph, self._policy
        return DataLoader(
            _in_key_order(
                lambda ids: network_db.network_sizes(
                    graph, ids, max_friends=policy.max_friends, walk_budget=policy.walk_budget
                )
            )
        )

    @functools.cached_property
    def hidden(self) -> DataLoader[str, frozenset[str]]:
        """Keyed by the viewer: everyone they blocked or were blocked by."""
        graph = self._graph
        return DataLoader(
            _in_key_order(
                lambda ids: _each(ids, lambda i: blocks_db.hidden_from(graph, i)), frozenset()
            )
        )

    async def _hidden_from_viewer(self) -> frozenset[str]:
        return await self.hidden.load(self._viewer) if self._viewer else frozenset()

    @functools.cached_property
    def connected(self) -> DataLoader[str, bool]:
        """Keyed by the other person: are they the viewer's connection?"""
        graph, viewer = self._graph, self._viewer or ""
        return DataLoader(
            _in_key_order(lambda ids: audience_db.connected_to(graph, viewer, ids), missing=False)
        )

    @functools.cached_property
    def post(self) -> DataLoader[str, PostRecord | None]:
        graph = self._graph
        return DataLoader(_in_key_order(lambda ids: posts_db.by_ids(graph, ids)))

    @functools.cached_property
    def organization(self) -> DataLoader[str, OrganizationRecord | None]:
        graph = self._graph
        return DataLoader(_in_key_order(lambda ids: organizations_db.by_ids(graph, ids)))

    @functools.cached_property
    def organization_counts(self) -> DataLoader[str, tuple[int, int]]:
        graph = self._graph
        return DataLoader(
            _in_key_order(lambda ids: organizations_db.counts(graph, ids), missing=(0, 0))
        )

    @functools.cached_property
    def organization_ties(self) -> DataLoader[str, tuple[bool, bool]]:
        """Keyed by organization: (the viewer follows it, the viewer administers it)."""
        graph, viewer = self._graph, self._viewer or ""
        return DataLoader(
            _in_key_order(
                lambda ids: organizations_db.viewer_ties(graph, viewer, ids),
                missing=(False, False),
            )
        )

    @functools.cached_property
    def affiliations(self) -> DataLoader[str, list[Affiliation]]:
        graph = self._graph
        return DataLoader(
            _in_key_order(lambda ids: organizations_db.affiliations_of(graph, ids), missing=[])
        )

    @functools.cached_property
    def conversation(self) -> DataLoader[str, ConversationRecord | None]:
        """Keyed by conversation id; only the viewer's own conversations are found."""
        graph, viewer = self._graph, self._viewer

        async def conversations(ids: Sequence[str]) -> dict[str, ConversationRecord]:
            if viewer is None:
                return {}
            return await messages_db.by_ids(graph, viewer, ids, await self._hidden_from_viewer())

        return DataLoader(_in_key_order(conversations))

    @functools.cached_property
    def message(self) -> DataLoader[str, MessageRecord | None]:
        """Keyed by message id; only messages of the viewer's own conversations are found."""
        graph, viewer = self._graph, self._viewer

        async def messages(ids: Sequence[str]) -> dict[str, MessageRecord]:
            if viewer is None:
                return {}
            hidden = await self._hidden_from_viewer()
            return await messages_db.messages_by_ids(graph, viewer, ids, hidden)

        return DataLoader(_in_key_order(messages))

    @functools.cached_property
    def unread(self) -> DataLoader[str, UnreadCounts]:
        """Keyed by the viewer (only theirs is ever asked for)."""
        graph, viewer = self._graph, self._viewer or ""

        async def unread(ids: Sequence[str]) -> dict[str, UnreadCounts]:
            counts = await messages_db.unread(graph, viewer, await self._hidden_from_viewer())
            return {key: counts for key in ids}

        return DataLoader(_in_key_order(unread, missing=UnreadCounts()))

    @functools.cached_property
    def inbox(self) -> DataLoader[str, InboxState]:
        """Keyed by the viewer."""
        graph = self._graph
        return DataLoader(
            _in_key_order(
                lambda ids: _each(ids, lambda i: notifications_db.inbox_state(graph, i)),
                missing=InboxState(),
            )
        )

    @functools.cached_property
    def mutual(self) -> DataLoader[MutualKey, list[tuple[PersonRecord, Keyset]]]:
        """Mutual connections of the viewer and a person: keyed by (person, page start,
        rows), so a page of people asking for theirs is one trip."""
        graph, viewer = self._graph, self._viewer or ""

        async def mutual(keys: list[MutualKey]) -> list[list[tuple[PersonRecord, Keyset]]]:
            hidden = await self._hidden_from_viewer()
            pages: dict[MutualKey, list[tuple[PersonRecord, Keyset]]] = {}
            for start, limit in {(start, limit) for _, start, limit in keys}:
                others = [other for other, s, n in keys if (s, n) == (start, limit)]
                found = await network_db.mutual_pages(graph, viewer, others, start, limit, hidden)
                pages.update({(other, start, limit): rows for other, rows in found.items()})
            return [pages[key] for key in keys]

        return DataLoader(mutual)

    @functools.cached_property
    def mutual_count(self) -> DataLoader[str, int]:
        """How many mutual connections the viewer and a person have."""
        graph, viewer = self._graph, self._viewer or ""

        async def mutual_counts(ids: Sequence[str]) -> dict[str, int]:
            return await network_db.mutual_counts(
                graph, viewer, ids, await self._hidden_from_viewer()
            )

        return DataLoader(_in_key_order(mutual_counts, missing=0))


def make_loaders(graph: Graph, viewer_id: str | None, policy: Policy) -> Loaders:
    """Fresh loaders for one request (each made when first used)."""
    return Loaders(graph, viewer_id, policy)


async def _each(keys: Sequence[str], fetch: Callable[[str], Awaitable[V]]) -> dict[str, V]:
    """For loaders whose only key is the viewer: one fetch per distinct key (one)."""
    return {key: await fetch(key) for key in set(keys)}


def forget(loader: DataLoader, *keys: str) -> None:
    """Drop cached values so the next load reads the store (clear() raises for keys
    the loader never saw)."""
    for key in keys:
        with contextlib.suppress(KeyError):
            loader.clear(key)
