"""Each record the `node` and `nodes` resolvers find, made its Relay type."""

from typing import Any

from strawberry import relay

from graphdb.records import (
    ConversationRecord,
    InvitationRecord,
    MessageRecord,
    OrganizationRecord,
    PersonRecord,
    PostRecord,
)
from schema.invitation import Invitation
from schema.messaging import Conversation, Message
from schema.organization import Organization
from schema.person import Person
from schema.post import Post

_TYPES: dict[type, Any] = {
    PersonRecord: Person,
    InvitationRecord: Invitation,
    PostRecord: Post,
    OrganizationRecord: Organization,
    ConversationRecord: Conversation,
    MessageRecord: Message,
}


def to_node(record: object | None) -> relay.Node | None:
    return _TYPES[type(record)].from_record(record) if record is not None else None
