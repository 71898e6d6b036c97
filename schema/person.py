"""People and the lists of people around them."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from graphdb.records import Keyset, LinkedPerson, PersonRecord
from resolvers import analytics as analytics_resolvers
from resolvers import (
    audience,
    blocks,
    connections,
    follows,
    invitations,
    messages,
    network,
    notifications,
    organizations,
    people,
    posts,
)
from resolvers.context import Info
from resolvers.results import Listing
from resolvers.time import to_datetime
from schema.pagination import CURSOR, After, CountedConnection, First
from schema.settings import ProfileSettings
from schema.visibility import CONNECTIONS_ONLY, OWNER_ONLY

if TYPE_CHECKING:
    from schema.analytics import PersonAnalytics
    from schema.invitation import InvitationConnection, InvitationState
    from schema.messaging import ConversationConnection, UnreadMessages
    from schema.network import (
        FollowSuggestionConnection,
        NetworkSize,
        Relationship,
        SecondDegreeConnection,
    )
    from schema.notification import NotificationConnection
    from schema.organization import Affiliation
    from schema.post import FeedConnection, PostConnection

_PersonAnalytics = Annotated["PersonAnalytics", strawberry.lazy("schema.analytics")]
_InvitationConnection = Annotated["InvitationConnection", strawberry.lazy("schema.invitation")]
_InvitationState = Annotated["InvitationState", strawberry.lazy("schema.invitation")]
_Relationship = Annotated["Relationship", strawberry.lazy("schema.network")]
_SecondDegree = Annotated["SecondDegreeConnection", strawberry.lazy("schema.network")]
_FollowSuggestions = Annotated["FollowSuggestionConnection", strawberry.lazy("schema.network")]
_NetworkSize = Annotated["NetworkSize", strawberry.lazy("schema.network")]
_PostConnection = Annotated["PostConnection", strawberry.lazy("schema.post")]
_FeedConnection = Annotated["FeedConnection", strawberry.lazy("schema.post")]
_Conversations = Annotated["ConversationConnection", strawberry.lazy("schema.messaging")]
_UnreadMessages = Annotated["UnreadMessages", strawberry.lazy("schema.messaging")]
_Affiliation = Annotated["Affiliation", strawberry.lazy("schema.organization")]
_Notifications = Annotated["NotificationConnection", strawberry.lazy("schema.notification")]
_StateArgument = Annotated[
    _InvitationState | None,
    strawberry.argument(description="Only invitations in this state (default: all)."),
]

PAGE_ARGS_HELP = "Page size: default 20, at most 100."


@strawberry.type(
    description="A member of the network. Most of a profile is public; fields marked "
    "`@visibleTo` are null for everyone outside their audience, and people who blocked "
    "each other do not exist for each other."
)
class Person(relay.Node):
    id: relay.NodeID[str]
    handle: str = strawberry.field(description="Unique, URL-safe name, e.g. `ada-lovelace`.")
    name: str = strawberry.field(description="Full name.")
    headline: str | None = strawberry.field(description="One line about what they do.")
    about: str | None = strawberry.field(description="A longer introduction.")
    location: str | None = strawberry.field(description="Where they are.")
    industry: str | None = strawberry.field(description="Their industry.")
    created_at: datetime = strawberry.field(description="When the profile was created.")
    updated_at: datetime = strawberry.field(description="When the profile last changed.")
    record: strawberry.Private[PersonRecord]

    @classmethod
    def from_record(cls, record: PersonRecord) -> "Person":
        return cls(
            id=record.id,
            handle=record.handle,
            name=record.name,
            headline=record.headline,
            about=record.about,
            location=record.location,
            industry=record.industry,
            created_at=to_datetime(record.created_at),
            updated_at=to_datetime(record.updated_at),
            record=record,
        )

    @classmethod
    def maybe(cls, record: PersonRecord | None) -> "Person | None":
        return cls.from_record(record) if record is not None else None

    @strawberry.field(
        description="Contact email: the person and their connections only.",
        directives=CONNECTIONS_ONLY,
    )
    async def email(self, info: Info) -> str | None:
        return self.record.email if await audience.sees_contact(info, self.id) else None

    @strawberry.field(
        description="Contact phone (E.164): the person and their connections only.",
        directives=CONNECTIONS_ONLY,
    )
    async def phone(self, info: Info) -> str | None:
        return self.record.phone if await audience.sees_contact(info, self.id) else None

    @strawberry.field(description="Privacy settings: the person alone.", directives=OWNER_ONLY)
    def settings(self, info: Info) -> ProfileSettings | None:
        return (
            ProfileSettings.from_record(self.record) if audience.is_owner(info, self.id) else None
        )

    @strawberry.field(description="Where they work or studied, in organization name order.")
    async def affiliations(self, info: Info) -> list[_Affiliation]:
        from schema.organization import Affiliation

        return [Affiliation.from_record(a) for a in await organizations.affiliations(info, self.id)]

    @strawberry.field(
        description="Their posts, newest first: connections-only posts for the person and "
        "their connections, public posts for everyone."
    )
    async def posts(self, info: Info, first: First = 20, after: After = None) -> _PostConnection:
        from schema.post import PostConnection

        return PostConnection.of(await posts.person_posts(info, self.id, first, after))

    @strawberry.field(
        description="Posts from the people and organizations they follow (connections-only "
        "posts from connections), newest first, each with why it is there.",
        directives=OWNER_ONLY,
    )
    async def feed(
        self, info: Info, first: First = 20, after: After = None
    ) -> _FeedConnection | None:
        from schema.post import FeedConnection

        page = await posts.feed(info, self.id, first, after)
        return FeedConnection.of(page) if page is not None else None

    @strawberry.field(
        description="Their conversations, latest message first.", directives=OWNER_ONLY
    )
    async def conversations(
        self, info: Info, first: First = 20, after: After = None
    ) -> _Conversations | None:
        from schema.messaging import ConversationConnection

        listing = await messages.conversations(info, self.id, first, after)
        return ConversationConnection.of(listing) if listing is not None else None

    @strawberry.field(
        description="Their notifications, newest first: invitations received and accepted, "
        "new followers, messages. A reconnecting subscriber catches up with `since`: the "
        "cursor of the last notification it received.",
        directives=OWNER_ONLY,
    )
    async def notifications(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=PAGE_ARGS_HELP)] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Older than this cursor.")
        ] = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only those not yet marked read.")
        ] = False,
        since: Annotated[
            str | None, strawberry.argument(description="Only those newer than this cursor.")
        ] = None,
    ) -> _Notifications | None:
        from schema.notification import NotificationConnection

        page = await notifications.notifications(info, self.id, first, after, unread_only, since)
        return NotificationConnection.of(page) if page is not None else None

    @strawberry.field(
        description="Notifications not yet marked read, counted up to 100 (100 means 100 or more).",
        directives=OWNER_ONLY,
    )
    async def unread_notification_count(self, info: Info) -> int | None:
        return await notifications.unread_count(info, self.id)

    @strawberry.field(description="Unread messages.", directives=OWNER_ONLY)
    async def unread_messages(self, info: Info) -> _UnreadMessages | None:
        from schema.messaging import UnreadMessages

        counts = await messages.unread(info, self.id)
        return UnreadMessages.from_counts(counts) if counts is not None else None

    @strawberry.field(description="People they blocked, newest first.", directives=OWNER_ONLY)
    async def blocked_people(
        self, info: Info, first: First = 20, after: After = None
    ) -> "BlockedPersonConnection | None":
        listing = await blocks.blocked_people(info, self.id, first, after)
        return BlockedPersonConnection.of(listing) if listing is not None else None

    @strawberry.field(description="Whether this is the signed-in person.")
    def is_viewer(self, info: Info) -> bool:
        return people.is_viewer(info, self.id)

    @strawberry.field(
        description="Their place in the network by the newest analytics run: analyst role "
        "only (FORBIDDEN otherwise); null if no run has measured them."
    )
    async def analytics(self, info: Info) -> _PersonAnalytics | None:
        from schema.analytics import PersonAnalytics

        return PersonAnalytics.maybe(await analytics_resolvers.person_measures(info, self.id))

    @strawberry.field(description="How many people follow this person.")
    async def follower_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).followers

    @strawberry.field(description="How many people this person follows.")
    async def following_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).following

    @strawberry.field(description="How many connections this person has.")
    async def connection_count(self, info: Info) -> int:
        return (await people.counts(info, self.id)).connections

    @strawberry.field(description="People who follow this person, newest follow first.")
    async def followers(
        self, info: Info, first: First = 20, after: After = None
    ) -> "FollowConnection":
        return FollowConnection.of(await follows.followers(info, self.id, first, after))

    @strawberry.field(description="People this person follows, newest follow first.")
    async def following(
        self, info: Info, first: First = 20, after: After = None
    ) -> "FollowConnection":
        return FollowConnection.of(await follows.following(info, self.id, first, after))

    @strawberry.field(
        description="This person's connections, newest first. Seen by the person and, "
        "unless they chose ONLY_ME, by their connections: null for anyone else.",
        directives=CONNECTIONS_ONLY,
    )
    async def connections(
        self, info: Info, first: First = 20, after: After = None
    ) -> "ConnectedPersonConnection | None":
        listing = await connections.connections(info, self.record, first, after)
        return ConnectedPersonConnection.of(listing) if listing is not None else None

    @strawberry.field(
        description="How the signed-in viewer relates to this person (batched across a "
        "page). Null without a signed-in profile."
    )
    async def relationship(self, info: Info) -> _Relationship | None:
        from schema.network import Relationship

        view = await network.relationship(info, self.id)
        return Relationship.from_view(view) if view is not None else None

    @strawberry.field(
        description="Connections this person shares with the viewer, in name order. "
        "Null without a signed-in viewer, or on the viewer's own profile."
    )
    async def mutual_connections(
        self, info: Info, first: First = 20, after: After = None
    ) -> "PersonConnection | None":
        listing = await network.viewer_mutual_connections(info, self.id, first, after)
        return PersonConnection.of(listing) if listing is not None else None

    @strawberry.field(
        description="People they may know: connections of their connections whom they are "
        "neither connected to nor have an invitation pending with, most mutual connections "
        "first. The person alone sees it.",
        directives=OWNER_ONLY,
    )
    async def second_degree(
        self, info: Info, first: First = 20, after: After = None
    ) -> _SecondDegree | None:
        from schema.network import SecondDegreeConnection

        listing = await network.second_degree(info, self.id, first, after)
        return SecondDegreeConnection.of(listing) if listing is not None else None

    @strawberry.field(
        description="Whom they may want to follow: people and organizations their circle "
        "(the people they follow and their connections) chose to follow and they do not, "
        "best first by a two-step random walk. Following is subscribing to public updates, no "
        "acquaintance needed: these are not people to invite. The person alone sees it.",
        directives=OWNER_ONLY,
    )
    async def follow_suggestions(
        self, info: Info, first: First = 20, after: After = None
    ) -> _FollowSuggestions | None:
        from schema.network import FollowSuggestionConnection

        listing = await network.follow_suggestions(info, self.id, first, after)
        return FollowSuggestionConnection.of(listing) if listing is not None else None

    @strawberry.field(description="How many people are one and two connections away.")
    async def network_size(self, info: Info) -> _NetworkSize:
        from schema.network import NetworkSize

        return NetworkSize.from_record(await network.network_size(info, self.id))

    @strawberry.field(
        description="Invitations this person received, newest first. Only the person "
        "themself sees them: null for anyone else.",
        directives=OWNER_ONLY,
    )
    async def received_invitations(
        self,
        info: Info,
        state: _StateArgument = None,
        first: First = 20,
        after: After = None,
    ) -> _InvitationConnection | None:
        return await _invitations(info, self.id, "received", state, first, after)

    @strawberry.field(
        description="Invitations this person sent, newest first. Only the person "
        "themself sees them: null for anyone else.",
        directives=OWNER_ONLY,
    )
    async def sent_invitations(
        self,
        info: Info,
        state: _StateArgument = None,
        first: First = 20,
        after: After = None,
    ) -> _InvitationConnection | None:
        return await _invitations(info, self.id, "sent", state, first, after)


async def _invitations(
    info: Info,
    person_id: str,
    direction: str,
    state: "InvitationState | None",
    first: int | None,
    after: str | None,
) -> "InvitationConnection | None":
    from schema.invitation import InvitationConnection

    state_name = state.name if state is not None else None  # names are the values
    listing = await invitations.listing(info, person_id, direction, state_name, first, after)
    return InvitationConnection.of(listing) if listing is not None else None


@strawberry.type(description="One person in a list.")
class PersonEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Person = strawberry.field(description="The person.")


@strawberry.type(description="A page of people.")
class PersonConnection(CountedConnection[PersonEdge]):
    @classmethod
    def of(cls, listing: Listing[tuple[PersonRecord, Keyset]]) -> "PersonConnection":
        return cls.from_listing(
            listing, lambda row, c: PersonEdge(cursor=c, node=Person.from_record(row[0]))
        )


@strawberry.type(description="One follow: the person on the other end.")
class FollowEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Person = strawberry.field(description="The person following or followed.")
    followed_at: datetime = strawberry.field(description="When the follow began.")


@strawberry.type(description="A page of followers or followed people.")
class FollowConnection(CountedConnection[FollowEdge]):
    @classmethod
    def of(cls, listing: Listing[LinkedPerson]) -> "FollowConnection":
        return cls.from_listing(
            listing,
            lambda r, c: FollowEdge(
                cursor=c, node=Person.from_record(r.person), followed_at=to_datetime(r.since)
            ),
        )


@strawberry.type(description="One connection, with when it was made.")
class ConnectedPersonEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Person = strawberry.field(description="The connection.")
    connected_at: datetime = strawberry.field(description="When the two connected.")


@strawberry.type(description="A page of a person's connections.")
class ConnectedPersonConnection(CountedConnection[ConnectedPersonEdge]):
    @classmethod
    def of(cls, listing: Listing[LinkedPerson]) -> "ConnectedPersonConnection":
        return cls.from_listing(
            listing,
            lambda r, c: ConnectedPersonEdge(
                cursor=c, node=Person.from_record(r.person), connected_at=to_datetime(r.since)
            ),
        )


@strawberry.type(description="A person the viewer blocked.")
class BlockedPersonEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Person = strawberry.field(description="The person blocked.")
    blocked_at: datetime = strawberry.field(description="When the viewer blocked them.")


@strawberry.type(description="A page of blocked people.")
class BlockedPersonConnection(CountedConnection[BlockedPersonEdge]):
    @classmethod
    def of(cls, listing: Listing[LinkedPerson]) -> "BlockedPersonConnection":
        return cls.from_listing(
            listing,
            lambda r, c: BlockedPersonEdge(
                cursor=c, node=Person.from_record(r.person), blocked_at=to_datetime(r.since)
            ),
        )
