"""Plain records the store layer returns. Times are epoch milliseconds (UTC)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

# What a profile may hold, wherever it comes from (the API or an import).
HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,28}[a-z0-9])$")
MAX_LENGTHS = {
    "name": 100,
    "headline": 220,
    "about": 2600,
    "location": 100,
    "industry": 100,
    "note": 300,
    "search": 100,
    "email": 254,
    "phone": 40,
    "post": 3000,
    "message": 4000,
    "client_message_id": 100,
    "organization_name": 100,
    "url": 300,
}
# Who sees a person's connections list, and who may invite them (stored on Person;
# absent means the default, the first of each).
CONNECTIONS_VISIBILITY = ("CONNECTIONS", "ONLY_ME")
INVITATIONS_FROM = ("EVERYONE", "SHARED_CONNECTIONS")


@dataclasses.dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    handle: str
    name: str
    headline: str | None
    about: str | None
    location: str | None
    industry: str | None
    created_at: int
    updated_at: int
    # Connections only.
    email: str | None = None
    phone: str | None = None
    # Owner's settings.
    connections_visibility: str = CONNECTIONS_VISIBILITY[0]
    invitations_from: str = INVITATIONS_FROM[0]
    follow_first: bool = False
    # A card holds only what a list shows (graphdb/queries/people.py PERSON_CARD_FIELDS);
    # the rest is unset, so a card is never taken for the whole record.
    card: bool = False

    @classmethod
    def from_card(cls, row: dict[str, Any]) -> PersonRecord:
        return cls(
            row["id"], row["handle"], row["name"], row.get("headline"),
            None, None, None, 0, 0, card=True,
        )  # fmt: skip

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PersonRecord:
        # Positional: a page makes one per person, and keywords cost half the time.
        get = row.get
        created_at = row["createdAt"]
        return cls(
            row["id"],
            row["handle"],
            row["name"],
            get("headline"),
            get("about"),
            get("location"),
            get("industry"),
            created_at,
            get("updatedAt") or created_at,
            get("email"),
            get("phone"),
            get("connectionsVisibility") or CONNECTIONS_VISIBILITY[0],
            get("invitationsFrom") or INVITATIONS_FROM[0],
            bool(get("followFirst")),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class PersonCounts:
    followers: int = 0
    following: int = 0
    connections: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class LinkedPerson:
    """A person in a list, with the time of the link that put them there."""

    person: PersonRecord
    since: int


@dataclasses.dataclass(frozen=True, slots=True)
class InvitationRecord:
    id: str
    state: str
    note: str | None
    sent_at: int
    accepted_at: int | None
    ignored_at: int | None
    withdrawn_at: int | None
    sender_id: str
    recipient_id: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InvitationRecord:
        i = row["invitation"]
        return cls(
            id=i["id"],
            state=i["state"],
            note=i.get("note"),
            sent_at=i["sentAt"],
            accepted_at=i.get("acceptedAt"),
            ignored_at=i.get("ignoredAt"),
            withdrawn_at=i.get("withdrawnAt"),
            sender_id=row["senderId"],
            recipient_id=row["recipientId"],
        )


@dataclasses.dataclass(frozen=True, slots=True)
class PairState:
    """What the invitation rules need to know about two people, `a` and `b`."""

    connected_since: int | None
    pending: InvitationRecord | None  # the pair's pending invitation, either way
    a_connections: int
    b_connections: int
    a_withdrawn_at: tuple[int, ...]  # times `a` withdrew invitations to `b`


@dataclasses.dataclass(frozen=True, slots=True)
class Keyset:
    """Where a keyset page starts: after the row with this sort value and id."""

    value: int | str
    id: str


@dataclasses.dataclass(frozen=True, slots=True)
class RelationshipFacts:
    """What the store knows about a viewer and one other person."""

    person_id: str
    connected: bool
    mutual: int
    distance: int | None  # set only when neither connected nor sharing a connection
    following: bool
    followed_by: bool
    pending: InvitationRecord | None
    withdrawn_at: tuple[int, ...]  # times the viewer withdrew invitations to them
    viewer_connections: int
    person_connections: int


@dataclasses.dataclass(frozen=True, slots=True)
class Suggestion:
    """A second-degree person, with how many and which (first few) mutual connections,
    and the first few organizations both are affiliated with."""

    person: PersonRecord
    mutual: int
    sample: tuple[PersonRecord, ...]
    organizations: tuple[OrganizationRecord, ...] = ()
    primary_action: str = "CONNECT"  # or FOLLOW (resolvers.suggestions.primary_action)
    as_of: int | None = None  # the snapshot's time it was ranked at; None: walked live


@dataclasses.dataclass(frozen=True, slots=True)
class FollowSuggestion:
    """A person or an organization to follow, how many of the viewer's circle follow
    it, the walk's score, and a few of those who follow it."""

    person: PersonRecord | None
    organization: OrganizationRecord | None
    followed_by: int
    score: float
    sample: tuple[PersonRecord, ...]
    primary_action: str
    as_of: int

    @property
    def id(self) -> str:
        target = self.person or self.organization
        assert target is not None
        return target.id


@dataclasses.dataclass(frozen=True, slots=True)
class NetworkSize:
    first_degree: int
    second_degree: int
    # False when a friend's connections did not fit the walk: second_degree is then
    # the count through the other friends, a lower bound.
    exact: bool = True
    as_of: int | None = None  # the second degree is the snapshot's, counted then


@dataclasses.dataclass(frozen=True, slots=True)
class OrganizationRecord:
    id: str
    name: str
    kind: str  # COMPANY or SCHOOL
    url: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OrganizationRecord:
        kind = (row.get("kind") or "company").upper()
        # Imported data says "university"; the API says SCHOOL.
        return cls(
            id=row["id"],
            name=row["name"],
            kind="COMPANY" if kind == "COMPANY" else "SCHOOL",
            url=row.get("url") or None,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Affiliation:
    organization: OrganizationRecord
    role: str  # WORK or STUDY
    year: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class PostRecord:
    id: str
    text: str
    created_at: int
    visibility: str  # PUBLIC or CONNECTIONS
    author_id: str
    by_organization: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PostRecord:
        post = row["post"]
        return cls(
            id=post["id"],
            text=post["text"],
            created_at=post["createdAt"],
            visibility=post["visibility"],
            author_id=row["authorId"],
            by_organization=row["byOrganization"],
        )


@dataclasses.dataclass(frozen=True, slots=True)
class FeedRow:
    post: PostRecord
    connected: bool  # the author is the viewer's connection (else only followed)
    author: PersonRecord | OrganizationRecord | None = None  # when asked for


@dataclasses.dataclass(frozen=True, slots=True)
class ConversationRecord:
    id: str
    started_at: int
    last_message_at: int
    other_id: str  # the participant who is not the viewer
    unread: int  # the viewer's unread messages
    other: PersonRecord | None = None  # that participant, whole


@dataclasses.dataclass(frozen=True, slots=True)
class MessageRecord:
    id: str
    text: str
    sent_at: int
    sender_id: str
    conversation_id: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MessageRecord:
        m = row["message"]
        return cls(m["id"], m["text"], m["sentAt"], m["senderId"], row["conversationId"])


@dataclasses.dataclass(frozen=True, slots=True)
class UnreadCounts:
    messages: int = 0
    conversations: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class NotificationRecord:
    """One event in a person's inbox. `seq` numbers the inbox from 1, oldest first."""

    id: str
    kind: str
    recipient_id: str
    actor_id: str
    subject_id: str
    conversation_id: str | None
    at: int
    seq: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> NotificationRecord:
        n = row["notification"]
        return cls(
            n["id"], n["kind"], n["recipientId"], n["actorId"], n["subjectId"],
            n.get("conversationId"), n["at"], n["seq"],
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The row `from_row` reads (how the event hub carries it between instances)."""
        return {
            "notification": {
                "id": self.id, "kind": self.kind, "recipientId": self.recipient_id,
                "actorId": self.actor_id, "subjectId": self.subject_id,
                "conversationId": self.conversation_id, "at": self.at, "seq": self.seq,
            }
        }  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class InboxState:
    """Where a person's inbox stands: its newest number, read up to, pruned up to."""

    seq: int = 0
    read_seq: int = 0
    floor: int = 0
    hidden: frozenset[str] = frozenset()
