"""A person's privacy settings."""

from enum import Enum

import strawberry

from graphdb.records import PersonRecord


@strawberry.enum(description="Who sees a person's connections list.")
class ConnectionsVisibility(Enum):
    CONNECTIONS = strawberry.enum_value("CONNECTIONS", description="Their connections (default).")
    ONLY_ME = strawberry.enum_value("ONLY_ME", description="Only the person themself.")


@strawberry.enum(description="Who may send a person invitations to connect.")
class InvitationsFrom(Enum):
    EVERYONE = strawberry.enum_value("EVERYONE", description="Anyone (default).")
    SHARED_CONNECTIONS = strawberry.enum_value(
        "SHARED_CONNECTIONS", description="Only people who share a connection with them."
    )


@strawberry.type(description="Privacy settings, seen only by their owner.")
class ProfileSettings:
    connections_visibility: ConnectionsVisibility = strawberry.field(
        description="Who may see their connections list."
    )
    invitations_from: InvitationsFrom = strawberry.field(
        description="Who may invite them to connect."
    )
    follow_first: bool = strawberry.field(
        description="Others are offered FOLLOW rather than CONNECT as the primary action."
    )

    @classmethod
    def from_record(cls, record: PersonRecord) -> "ProfileSettings":
        return cls(
            connections_visibility=ConnectionsVisibility(record.connections_visibility),
            invitations_from=InvitationsFrom(record.invitations_from),
            follow_first=record.follow_first,
        )
