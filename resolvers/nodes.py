"""Relay's `node` and `nodes`: any object by its global id."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from resolvers import invitations, messages, organizations, people, posts
from resolvers.context import Info
from resolvers.errors import BadUserInput
from resolvers.ids import parse_global_id

MAX_NODES = 100


async def nodes(info: Info, ids: Sequence[str]) -> list[object | None]:
    """The records of the objects `ids` name, in their order; None where an id names
    nothing you may see (the schema makes each record its type)."""
    if len(ids) > MAX_NODES:
        raise BadUserInput(
            f"Ask for at most {MAX_NODES} ids at once (got {len(ids)}).",
            reason="TOO_MANY_IDS",
            maximum=MAX_NODES,
        )
    parsed = [parse_global_id(gid) for gid in ids]
    by_type: dict[str, list[str]] = {}
    for type_name, node_id in parsed:
        if type_name not in _BY_TYPE:
            raise BadUserInput(f"There are no objects of type {type_name!r}.", reason="INVALID_ID")
        by_type.setdefault(type_name, []).append(node_id)
    # Look ahead: a person with the list or the counts asked of them, in one trip.
    person_ids = by_type.get("Person", [])
    if len(person_ids) == 1:
        await people.prefetch(info, person_ids[0])
    elif person_ids and people.asks_for_counts(info):
        await people.prefetch_with_counts(info, person_ids)
    # One batch per type; the loaders merge them into one store call each.
    found = dict(
        zip(
            by_type,
            await asyncio.gather(*(_by_type(t)(info, ids) for t, ids in by_type.items())),
            strict=True,
        )
    )
    results: dict[tuple[str, str], object | None] = {}
    for type_name, node_ids in by_type.items():
        results.update(((type_name, i), n) for i, n in zip(node_ids, found[type_name], strict=True))
    return [results[key] for key in parsed]


async def node(info: Info, id: str) -> object | None:
    return (await nodes(info, [id]))[0]


_BY_TYPE = ("Person", "Invitation", "Post", "Organization", "Conversation", "Message")


def _by_type(type_name: str):
    return {
        "Person": people.people_by_ids,
        "Invitation": invitations.invitations_by_ids,
        "Post": posts.posts_by_ids,
        "Organization": organizations.organizations_by_ids,
        "Conversation": messages.conversations_by_ids,
        "Message": messages.messages_by_ids,
    }[type_name]
