"""What resolvers hand the schema: records from graphdb, and these plain results where
a rule decided more than a record says. The schema's types build themselves from them
(schema/ imports resolvers/, never the reverse)."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from graphdb.records import (
    ConversationRecord,
    InvitationRecord,
    MessageRecord,
    OrganizationRecord,
    PersonRecord,
)
from resolvers.pagination import Page

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list, and the whole list's size, counted only when asked for."""

    page: Page[T]
    count: Callable[[], Awaitable[int]]


@dataclasses.dataclass(frozen=True)
class Followed:
    viewer: PersonRecord
    person: PersonRecord
    following: bool


@dataclasses.dataclass(frozen=True)
class Disconnected:
    viewer: PersonRecord
    person: PersonRecord
    removed: bool


@dataclasses.dataclass(frozen=True)
class Blocked:
    viewer: PersonRecord
    blocked: bool


@dataclasses.dataclass(frozen=True)
class InvitationSent:
    invitation: InvitationRecord
    person: PersonRecord

    @property
    def connected(self) -> bool:
        """They had invited the viewer already: the invitation is theirs, accepted."""
        return self.invitation.state == "ACCEPTED"


@dataclasses.dataclass(frozen=True)
class MessageSent:
    message: MessageRecord
    conversation: ConversationRecord | None


@dataclasses.dataclass(frozen=True)
class OrganizationFollowed:
    organization: OrganizationRecord
    following: bool


@dataclasses.dataclass(frozen=True)
class AffiliationChanged:
    person: PersonRecord | None
    changed: bool


@dataclasses.dataclass(frozen=True)
class RelationshipView:
    """How the viewer relates to a person, with the rules applied. Enum-like fields
    hold the schema's enum value names."""

    person_id: str
    degree: str
    distance: int | None
    connected: bool
    following: bool
    followed_by: bool
    mutual_connection_count: int
    pending_invitation: InvitationRecord | None
    invitation_direction: str | None
    can_invite: bool
    cannot_invite_reason: str | None
    can_invite_after: int | None  # epoch ms
    primary_action: str | None


@dataclasses.dataclass(frozen=True)
class SeparationView:
    max_depth: int
    path: list[PersonRecord] | None  # both ends included; None: no path within max_depth
