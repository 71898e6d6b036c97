"""Mutations, each with one input object and a payload of the changed objects."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import connections, follows, invitations, people
from resolvers.context import Info

if TYPE_CHECKING:
    from schema.invitation import Invitation
    from schema.person import Person

_Person = Annotated["Person", strawberry.lazy("schema.person")]
_Invitation = Annotated["Invitation", strawberry.lazy("schema.invitation")]


@strawberry.input
class CreateProfileInput:
    handle: str = strawberry.field(description="3-30 letters, digits or hyphens; unique.")
    name: str
    headline: str | None = None
    about: str | None = None
    location: str | None = None
    industry: str | None = None


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateProfileInput:
    handle: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    about: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    industry: str | None = strawberry.UNSET


@strawberry.input
class PersonInput:
    person_id: strawberry.ID


@strawberry.input
class SendInvitationInput:
    person_id: strawberry.ID
    note: str | None = strawberry.field(default=None, description="At most 300 characters.")


@strawberry.input
class InvitationInput:
    invitation_id: strawberry.ID


# Payload fields are nullable too: a failing nested selection (a bad cursor inside the
# returned person) must not null the payload and hide that the mutation committed.
@strawberry.type
class ProfilePayload:
    person: _Person | None


@strawberry.type
class FollowPayload:
    viewer: _Person | None
    person: _Person | None
    following: bool = strawberry.field(description="Whether the viewer now follows `person`.")


@strawberry.type
class SendInvitationPayload:
    invitation: _Invitation | None
    connected: bool = strawberry.field(
        description="True when `person` had already invited the viewer: the two are now "
        "connected and `invitation` is theirs, accepted."
    )
    person: _Person | None


@strawberry.type
class InvitationPayload:
    invitation: _Invitation | None


@strawberry.type
class RemoveConnectionPayload:
    viewer: _Person | None
    person: _Person | None
    removed: bool = strawberry.field(description="False when the two were not connected.")


@strawberry.type
class Mutation:
    # Payloads are nullable: in a document of several mutations, one that fails must
    # not null the whole `data` and hide the ones that did commit.
    @strawberry.mutation(description="Create the signed-in person's profile (id = token subject).")
    async def create_profile(self, info: Info, input: CreateProfileInput) -> ProfilePayload | None:
        return await people.create_profile(info, input)

    @strawberry.mutation(description="Change the signed-in person's profile.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> ProfilePayload | None:
        return await people.update_profile(info, input)

    @strawberry.mutation(description="Follow someone. No approval needed; repeating is harmless.")
    async def follow_person(self, info: Info, input: PersonInput) -> FollowPayload | None:
        return await follows.follow(info, input.person_id)

    @strawberry.mutation(description="Stop following someone. A connection stays.")
    async def unfollow_person(self, info: Info, input: PersonInput) -> FollowPayload | None:
        return await follows.unfollow(info, input.person_id)

    @strawberry.mutation(description="Invite someone to connect, with an optional note.")
    async def send_invitation(
        self, info: Info, input: SendInvitationInput
    ) -> SendInvitationPayload | None:
        return await invitations.send(info, input.person_id, input.note)

    @strawberry.mutation(description="Accept an invitation you received.")
    async def accept_invitation(
        self, info: Info, input: InvitationInput
    ) -> InvitationPayload | None:
        return await invitations.accept(info, input.invitation_id)

    @strawberry.mutation(description="Ignore an invitation you received.")
    async def ignore_invitation(
        self, info: Info, input: InvitationInput
    ) -> InvitationPayload | None:
        return await invitations.ignore(info, input.invitation_id)

    @strawberry.mutation(description="Withdraw an invitation you sent.")
    async def withdraw_invitation(
        self, info: Info, input: InvitationInput
    ) -> InvitationPayload | None:
        return await invitations.withdraw(info, input.invitation_id)

    @strawberry.mutation(
        description="Remove a connection. The follows it created go too; follows "
        "either of you chose yourselves stay."
    )
    async def remove_connection(
        self, info: Info, input: PersonInput
    ) -> RemoveConnectionPayload | None:
        return await connections.remove(info, input.person_id)
