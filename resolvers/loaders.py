"""Per-request DataLoaders: one store round trip per batch of keys, whatever the page size."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graphdb import invitations as invitations_db
from graphdb import network as network_db
from graphdb import people as people_db
from graphdb.graph import Graph
from graphdb.records import (
    InvitationRecord,
    NetworkSize,
    PersonCounts,
    PersonRecord,
    RelationshipFacts,
)

V = TypeVar("V")


def _in_key_order(
    fetch: Callable[[Sequence[str]], Awaitable[dict[str, V]]], missing: V | None = None
) -> Callable[[list[str]], Awaitable[list[V | None]]]:
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


def make_loaders(
    graph: Graph, viewer_id: str | None, network_size_cap: int, hub_degree: int
) -> Loaders:
    """Fresh loaders for one request: their caches never outlive it or cross viewers."""
    return Loaders(
        person=DataLoader(_in_key_order(lambda ids: people_db.by_ids(graph, ids))),
        counts=DataLoader(
            _in_key_order(lambda ids: people_db.counts(graph, ids), missing=PersonCounts())
        ),
        invitation=DataLoader(_in_key_order(lambda ids: invitations_db.by_ids(graph, ids))),
        relationship=DataLoader(
            _in_key_order(
                lambda ids: network_db.relationships(graph, viewer_id or "", ids, hub_degree)
            )
        ),
        network_size=DataLoader(
            _in_key_order(lambda ids: network_db.network_sizes(graph, ids, network_size_cap))
        ),
    )


def forget(loader: DataLoader, *keys: str) -> None:
    """Drop cached values so the next load reads the store (clear() raises for keys
    the loader never saw)."""
    for key in keys:
        with contextlib.suppress(KeyError):
            loader.clear(key)
