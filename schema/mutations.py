"""Mutations, each with one input object and a payload of the changed objects."""

from typing import Annotated

import strawberry

from graphdb.records import InvitationRecord
from resolvers import (
    analytics,
    blocks,
    connections,
    follows,
    invitations,
    messages,
    notifications,
    organizations,
    people,
    posts,
)
from resolvers.context import Info
from resolvers.results import AffiliationChanged, Blocked, Followed, OrganizationFollowed
from schema.analytics import AnalyticsRun, CancelAnalyticsRunInput, StartAnalyticsRunInput
from schema.invitation import Invitation
from schema.messaging import Conversation, Message
from schema.organization import AffiliationRole, Organization, OrganizationKind
from schema.person import Person
from schema.post import Post, PostVisibility
from schema.settings import ConnectionsVisibility, InvitationsFrom, ProfileSettings

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_Invitation = Annotated["Invitation", strawberry.lazy("schema.invitation")]
_Post = Annotated["Post", strawberry.lazy("schema.post")]
_Organization = Annotated["Organization", strawberry.lazy("schema.organization")]
_Conversation = Annotated["Conversation", strawberry.lazy("schema.messaging")]
_Message = Annotated["Message", strawberry.lazy("schema.messaging")]

_EMAIL_HELP = "Seen only by your connections."
_PHONE_HELP = "International form, e.g. +44 20 7946 0958. Seen only by your connections."


# Every mutation takes one input object: its fields say what each part means.
INPUT = strawberry.argument(description="What to do it with: see the input type's fields.")


@strawberry.input(description="The signed-in person's new profile.")
class CreateProfileInput:
    handle: str = strawberry.field(description="3-30 letters, digits or hyphens; unique.")
    name: str = strawberry.field(description="Full name, at most 100 characters.")
    headline: str | None = strawberry.field(
        default=None, description="One line about what they do, at most 220 characters."
    )
    about: str | None = strawberry.field(
        default=None, description="A longer introduction, at most 2,600 characters."
    )
    location: str | None = strawberry.field(
        default=None, description="Where they are, at most 100 characters."
    )
    industry: str | None = strawberry.field(
        default=None, description="Their industry, at most 100 characters."
    )
    email: str | None = strawberry.field(default=None, description=_EMAIL_HELP)
    phone: str | None = strawberry.field(default=None, description=_PHONE_HELP)


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateProfileInput:
    handle: str | None = strawberry.field(
        default=strawberry.UNSET, description="3-30 letters, digits or hyphens; unique."
    )
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Full name, at most 100 characters."
    )
    headline: str | None = strawberry.field(
        default=strawberry.UNSET, description="One line about what they do, at most 220 characters."
    )
    about: str | None = strawberry.field(
        default=strawberry.UNSET, description="A longer introduction, at most 2,600 characters."
    )
    location: str | None = strawberry.field(
        default=strawberry.UNSET, description="Where they are, at most 100 characters."
    )
    industry: str | None = strawberry.field(
        default=strawberry.UNSET, description="Their industry, at most 100 characters."
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, description=_EMAIL_HELP)
    phone: str | None = strawberry.field(default=strawberry.UNSET, description=_PHONE_HELP)


@strawberry.input(description="Only the settings given change.")
class UpdateSettingsInput:
    connections_visibility: ConnectionsVisibility | None = strawberry.field(
        default=None, description="Who may see their connections list."
    )
    invitations_from: InvitationsFrom | None = strawberry.field(
        default=None, description="Who may invite them to connect."
    )
    follow_first: bool | None = strawberry.field(
        default=None, description="Offer others FOLLOW rather than CONNECT as the primary action."
    )


@strawberry.input(description="A new post by the viewer (or by an organization they administer).")
class CreatePostInput:
    text: str = strawberry.field(description="At most 3,000 characters.")
    visibility: PostVisibility = strawberry.field(
        default=PostVisibility.PUBLIC,
        description="Who may read it: PUBLIC (followers and everyone) or CONNECTIONS.",
    )
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Post for this organization (its admins only; PUBLIC)."
    )


@strawberry.input(description="Names a post.")
class PostInput:
    post_id: strawberry.ID = strawberry.field(description="The post's global id.")


@strawberry.input(description="A message to one of the viewer's connections.")
class SendMessageInput:
    person_id: strawberry.ID = strawberry.field(
        description="The global id of the connection to write to."
    )
    text: str = strawberry.field(description="At most 4,000 characters.")
    client_message_id: str | None = strawberry.field(
        default=None,
        description="An id of your choosing (say a UUID, at most 100 characters): sending "
        "again with the same one returns the message already sent instead of a second.",
    )


@strawberry.input(description="Names one of the viewer's conversations.")
class ConversationInput:
    conversation_id: strawberry.ID = strawberry.field(description="The conversation's global id.")


@strawberry.input(description="How far to mark the viewer's notifications read.")
class MarkNotificationsReadInput:
    up_to: str | None = strawberry.field(
        default=None,
        description="A notification's cursor: it and everything older become read. "
        "Omitted: all of them.",
    )


@strawberry.input(description="A new organization; its creator becomes its admin.")
class CreateOrganizationInput:
    name: str = strawberry.field(description="Its name, at most 100 characters.")
    kind: OrganizationKind = strawberry.field(description="A company or a school.")
    url: str | None = strawberry.field(default=None, description="Its website (http or https).")


@strawberry.input(description="Names an organization.")
class OrganizationInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization's global id.")


@strawberry.input(description="A person's affiliation with an organization, to add.")
class AffiliationInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization's global id.")
    role: AffiliationRole = strawberry.field(description="Works there or studied there.")
    year: int | None = strawberry.field(default=None, description="The year it began.")


@strawberry.input(description="An affiliation of the viewer's to remove.")
class RemoveAffiliationInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization's global id.")
    role: AffiliationRole = strawberry.field(description="Which affiliation with it to remove.")


@strawberry.input(description="Names a person.")
class PersonInput:
    person_id: strawberry.ID = strawberry.field(description="The person's global id.")


@strawberry.input(description="An invitation to connect.")
class SendInvitationInput:
    person_id: strawberry.ID = strawberry.field(
        description="The global id of the person to invite."
    )
    note: str | None = strawberry.field(default=None, description="At most 300 characters.")


@strawberry.input(description="Names an invitation.")
class InvitationInput:
    invitation_id: strawberry.ID = strawberry.field(description="The invitation's global id.")


# Payload fields are nullable too: a failing nested selection (a bad cursor inside the
# returned person) must not null the payload and hide that the mutation committed.
@strawberry.type(description="The profile after the change.")
class ProfilePayload:
    person: _Person | None = strawberry.field(description="The profile after the change.")


@strawberry.type(description="The result of following or unfollowing a person.")
class FollowPayload:
    viewer: _Person | None = strawberry.field(description="The viewer, with their counts.")
    person: _Person | None = strawberry.field(
        description="The person followed or unfollowed, with their counts."
    )
    following: bool = strawberry.field(description="Whether the viewer now follows `person`.")

    @classmethod
    def of(cls, result: Followed) -> "FollowPayload":
        return cls(
            viewer=Person.from_record(result.viewer),
            person=Person.from_record(result.person),
            following=result.following,
        )


@strawberry.type(
    description=(
        "The invitation sent, or, if the person had already invited the viewer, theirs, accepted."
    )
)
class SendInvitationPayload:
    invitation: _Invitation | None = strawberry.field(description="The invitation.")
    connected: bool = strawberry.field(
        description="True when `person` had already invited the viewer: the two are now "
        "connected and `invitation` is theirs, accepted."
    )
    person: _Person | None = strawberry.field(description="The person invited.")


@strawberry.type(description="The invitation after the change.")
class InvitationPayload:
    invitation: _Invitation | None = strawberry.field(
        description="The invitation after the change."
    )

    @classmethod
    def of(cls, record: InvitationRecord) -> "InvitationPayload":
        return cls(invitation=Invitation.from_record(record))


@strawberry.type(
    description=("The result of removing a connection (both follows stay until unfollowed).")
)
class RemoveConnectionPayload:
    viewer: _Person | None = strawberry.field(description="The viewer, with their counts.")
    person: _Person | None = strawberry.field(description="The former connection.")
    removed: bool = strawberry.field(description="False when the two were not connected.")


@strawberry.type(description="The settings after the change.")
class SettingsPayload:
    settings: ProfileSettings | None = strawberry.field(
        description="The settings after the change."
    )
    person: _Person | None = strawberry.field(description="The viewer.")


@strawberry.type(description="The post after the change.")
class PostPayload:
    post: _Post | None = strawberry.field(description="The post after the change.")


@strawberry.type(description="The result of deleting a post.")
class DeletePostPayload:
    deleted_post_id: strawberry.ID = strawberry.field(
        description="The global id of the post deleted."
    )


@strawberry.type(description="The result of blocking or unblocking someone.")
class BlockPayload:
    blocked: bool = strawberry.field(description="Whether the viewer now blocks the person.")
    viewer: _Person | None = strawberry.field(description="The viewer.")

    @classmethod
    def of(cls, result: Blocked) -> "BlockPayload":
        return cls(blocked=result.blocked, viewer=Person.from_record(result.viewer))


@strawberry.type(description="The message sent and its conversation.")
class SendMessagePayload:
    message: _Message | None = strawberry.field(description="The message sent.")
    conversation: _Conversation | None = strawberry.field(
        description="The conversation it belongs to."
    )


@strawberry.type(description="The result of a change to a conversation.")
class ConversationPayload:
    conversation: _Conversation | None = strawberry.field(
        description="The conversation after the change."
    )


@strawberry.type(description="The result of marking notifications read.")
class MarkNotificationsReadPayload:
    viewer: _Person | None = strawberry.field(
        description="You, to read `unreadNotificationCount` again."
    )


@strawberry.type(description="The organization after the change.")
class OrganizationPayload:
    organization: _Organization | None = strawberry.field(
        description="The organization after the change."
    )


@strawberry.type(description="The result of following or unfollowing an organization.")
class OrganizationFollowPayload:
    organization: _Organization | None = strawberry.field(
        description="The organization, with its follower count."
    )
    following: bool = strawberry.field(description="Whether the viewer now follows it.")

    @classmethod
    def of(cls, result: OrganizationFollowed) -> "OrganizationFollowPayload":
        return cls(
            organization=Organization.from_record(result.organization), following=result.following
        )


@strawberry.type(description="The result of adding or removing an affiliation.")
class AffiliationPayload:
    person: _Person | None = strawberry.field(description="The viewer, with their affiliations.")
    changed: bool = strawberry.field(description="False when there was nothing to change.")

    @classmethod
    def of(cls, result: AffiliationChanged) -> "AffiliationPayload":
        return cls(person=Person.maybe(result.person), changed=result.changed)


@strawberry.type(
    description=(
        "Everything that changes the network. Each takes one `input` object and"
        " answers with a payload (null if it failed: the error says why)."
    )
)
class Mutation:
    # Payloads are nullable: in a document of several mutations, one that fails must
    # not null the whole `data` and hide the ones that did commit.
    @strawberry.mutation(description="Create the signed-in person's profile (id = token subject).")
    async def create_profile(
        self, info: Info, input: Annotated[CreateProfileInput, INPUT]
    ) -> ProfilePayload | None:
        return ProfilePayload(person=Person.from_record(await people.create_profile(info, input)))

    @strawberry.mutation(description="Change the signed-in person's profile.")
    async def update_profile(
        self, info: Info, input: Annotated[UpdateProfileInput, INPUT]
    ) -> ProfilePayload | None:
        return ProfilePayload(person=Person.from_record(await people.update_profile(info, input)))

    @strawberry.mutation(description="Follow someone. No approval needed; repeating is harmless.")
    async def follow_person(
        self, info: Info, input: Annotated[PersonInput, INPUT]
    ) -> FollowPayload | None:
        return FollowPayload.of(await follows.follow(info, input.person_id))

    @strawberry.mutation(description="Stop following someone. A connection stays.")
    async def unfollow_person(
        self, info: Info, input: Annotated[PersonInput, INPUT]
    ) -> FollowPayload | None:
        return FollowPayload.of(await follows.unfollow(info, input.person_id))

    @strawberry.mutation(description="Invite someone to connect, with an optional note.")
    async def send_invitation(
        self, info: Info, input: Annotated[SendInvitationInput, INPUT]
    ) -> SendInvitationPayload | None:
        sent = await invitations.send(info, input.person_id, input.note)
        return SendInvitationPayload(
            invitation=Invitation.from_record(sent.invitation),
            connected=sent.connected,
            person=Person.from_record(sent.person),
        )

    @strawberry.mutation(description="Accept an invitation you received.")
    async def accept_invitation(
        self, info: Info, input: Annotated[InvitationInput, INPUT]
    ) -> InvitationPayload | None:
        return InvitationPayload.of(await invitations.accept(info, input.invitation_id))

    @strawberry.mutation(description="Ignore an invitation you received.")
    async def ignore_invitation(
        self, info: Info, input: Annotated[InvitationInput, INPUT]
    ) -> InvitationPayload | None:
        return InvitationPayload.of(await invitations.ignore(info, input.invitation_id))

    @strawberry.mutation(description="Withdraw an invitation you sent.")
    async def withdraw_invitation(
        self, info: Info, input: Annotated[InvitationInput, INPUT]
    ) -> InvitationPayload | None:
        return InvitationPayload.of(await invitations.withdraw(info, input.invitation_id))

    @strawberry.mutation(
        description="Remove a connection. The follows it created go too; follows "
        "either of you chose yourselves stay."
    )
    async def remove_connection(
        self, info: Info, input: Annotated[PersonInput, INPUT]
    ) -> RemoveConnectionPayload | None:
        removed = await connections.remove(info, input.person_id)
        return RemoveConnectionPayload(
            viewer=Person.from_record(removed.viewer),
            person=Person.from_record(removed.person),
            removed=removed.removed,
        )

    @strawberry.mutation(description="Change who sees your connections and who may invite you.")
    async def update_settings(
        self, info: Info, input: Annotated[UpdateSettingsInput, INPUT]
    ) -> SettingsPayload | None:
        record = await people.update_settings(info, input)
        return SettingsPayload(
            settings=ProfileSettings.from_record(record), person=Person.from_record(record)
        )

    @strawberry.mutation(description="Write a post, as yourself or for an organization.")
    async def create_post(
        self, info: Info, input: Annotated[CreatePostInput, INPUT]
    ) -> PostPayload | None:
        return PostPayload(post=Post.from_record(await posts.create(info, input)))

    @strawberry.mutation(description="Delete a post you wrote (or your organization wrote).")
    async def delete_post(
        self, info: Info, input: Annotated[PostInput, INPUT]
    ) -> DeletePostPayload | None:
        return DeletePostPayload(
            deleted_post_id=strawberry.ID(await posts.delete(info, input.post_id))
        )

    @strawberry.mutation(
        description="Block someone: the connection, follows and pending invitation between "
        "you end, and each of you disappears for the other. They are not told."
    )
    async def block_person(
        self, info: Info, input: Annotated[PersonInput, INPUT]
    ) -> BlockPayload | None:
        return BlockPayload.of(await blocks.block(info, input.person_id))

    @strawberry.mutation(description="Unblock someone. Nothing the block ended comes back.")
    async def unblock_person(
        self, info: Info, input: Annotated[PersonInput, INPUT]
    ) -> BlockPayload | None:
        return BlockPayload.of(await blocks.unblock(info, input.person_id))

    @strawberry.mutation(description="Send a message to one of your connections.")
    async def send_message(
        self, info: Info, input: Annotated[SendMessageInput, INPUT]
    ) -> SendMessagePayload | None:
        sent = await messages.send(info, input)
        return SendMessagePayload(
            message=Message.from_record(sent.message),
            conversation=Conversation.maybe(sent.conversation),
        )

    @strawberry.mutation(description="Mark a conversation read.")
    async def mark_conversation_read(
        self, info: Info, input: Annotated[ConversationInput, INPUT]
    ) -> ConversationPayload | None:
        conversation = await messages.mark_read(info, input.conversation_id)
        return ConversationPayload(conversation=Conversation.maybe(conversation))

    @strawberry.mutation(
        description="Mark your notifications read up to one of them (its cursor), or all "
        "of them. Read marks only move forward."
    )
    async def mark_notifications_read(
        self, info: Info, input: Annotated[MarkNotificationsReadInput, INPUT]
    ) -> MarkNotificationsReadPayload | None:
        viewer_id = await notifications.mark_read(info, input.up_to)
        return MarkNotificationsReadPayload(
            viewer=Person.maybe(await people.person_by_id(info, viewer_id))
        )

    @strawberry.mutation(description="Create an organization; you become its admin.")
    async def create_organization(
        self, info: Info, input: Annotated[CreateOrganizationInput, INPUT]
    ) -> OrganizationPayload | None:
        created = await organizations.create(info, input)
        return OrganizationPayload(organization=Organization.from_record(created))

    @strawberry.mutation(description="Follow an organization: its posts join your feed.")
    async def follow_organization(
        self, info: Info, input: Annotated[OrganizationInput, INPUT]
    ) -> OrganizationFollowPayload | None:
        return OrganizationFollowPayload.of(
            await organizations.set_following(info, input.organization_id, True)
        )

    @strawberry.mutation(description="Stop following an organization.")
    async def unfollow_organization(
        self, info: Info, input: Annotated[OrganizationInput, INPUT]
    ) -> OrganizationFollowPayload | None:
        return OrganizationFollowPayload.of(
            await organizations.set_following(info, input.organization_id, False)
        )

    @strawberry.mutation(description="Say you work or study at an organization.")
    async def add_affiliation(
        self, info: Info, input: Annotated[AffiliationInput, INPUT]
    ) -> AffiliationPayload | None:
        return AffiliationPayload.of(await organizations.affiliate(info, input))

    @strawberry.mutation(description="Remove a work or study affiliation.")
    async def remove_affiliation(
        self, info: Info, input: Annotated[RemoveAffiliationInput, INPUT]
    ) -> AffiliationPayload | None:
        return AffiliationPayload.of(await organizations.unaffiliate(info, input))

    @strawberry.mutation(
        description="Start an analytics run (analyst role); returns it at once, QUEUED. "
        "One run at a time: CONFLICT while another is queued or running."
    )
    def start_analytics_run(
        self, info: Info, input: Annotated[StartAnalyticsRunInput | None, INPUT] = None
    ) -> AnalyticsRun | None:
        return AnalyticsRun.of(analytics.start(info, input or StartAnalyticsRunInput()))

    @strawberry.mutation(
        description="Ask a queued or running analytics run to stop (analyst role); it ends "
        "CANCELLED at its next step. A finished run is returned unchanged."
    )
    def cancel_analytics_run(
        self, info: Info, input: Annotated[CancelAnalyticsRunInput, INPUT]
    ) -> AnalyticsRun | None:
        return AnalyticsRun.of(analytics.cancel(info, input))
