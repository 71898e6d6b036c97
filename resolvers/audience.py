"""Who may see what of a person: the rules of visibility, in one place.

A viewer stands to a person as SELF, CONNECTION, MEMBER (signed in, anything else) or
ANONYMOUS. People who blocked each other are hidden from each other completely: to the
API they do not exist. Each field of a person is public, connections-only or
owner-only (schema/visibility.py marks which in the schema).
"""

from __future__ import annotations

import enum

from graphdb import blocks as blocks_db
from graphdb.records import PersonRecord, PostRecord
from resolvers.context import Context, Info


class Standing(enum.Enum):
    SELF = "SELF"
    CONNECTION = "CONNECTION"
    MEMBER = "MEMBER"
    ANONYMOUS = "ANONYMOUS"


async def hidden(info: Info) -> frozenset[str]:
    """People the viewer blocked or was blocked by (one store trip per request)."""
    return await hidden_from(info.context)


async def hidden_from(context: Context) -> frozenset[str]:
    viewer_id = context.viewer_id
    return await context.loaders.hidden.load(viewer_id) if viewer_id else frozenset()


async def is_hidden(info: Info, person_id: str) -> bool:
    return person_id in await hidden(info)


async def viewer_blocks(info: Info, person_id: str) -> bool:
    """Whether the viewer themself blocked the person (a block list is theirs to see)."""
    viewer_id = info.context.require_viewer_id()
    return await blocks_db.blocks(info.context.graph, viewer_id, person_id)


async def standing(info: Info, person_id: str) -> Standing:
    viewer_id = info.context.viewer_id
    if viewer_id is None:
        return Standing.ANONYMOUS
    if viewer_id == person_id:
        return Standing.SELF
    if await info.context.loaders.connected.load(person_id):
        return Standing.CONNECTION
    return Standing.MEMBER


async def sees_contact(info: Info, person_id: str) -> bool:
    """Connections-only fields: the person and their connections."""
    return await standing(info, person_id) in (Standing.SELF, Standing.CONNECTION)


def is_owner(info: Info, person_id: str) -> bool:
    """Owner-only fields: the person alone."""
    return info.context.viewer_id == person_id


async def sees_connections(info: Info, person: PersonRecord) -> bool:
    """The connections list: the person, and their connections unless they chose
    ONLY_ME."""
    match await standing(info, person.id):
        case Standing.SELF:
            return True
        case Standing.CONNECTION:
            return person.connections_visibility == "CONNECTIONS"
        case _:
            return False


async def sees_connections_only_posts(info: Info, author_id: str, by_organization: bool) -> bool:
    if by_organization:
        return False  # organizations post publicly only
    return await standing(info, author_id) in (Standing.SELF, Standing.CONNECTION)


async def sees_post(info: Info, post: PostRecord) -> bool:
    if await is_hidden(info, post.author_id):
        return False
    if post.visibility == "PUBLIC":
        return True
    return await sees_connections_only_posts(info, post.author_id, post.by_organization)
