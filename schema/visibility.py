"""Marks in the schema saying who may see a field; everyone else gets null for it."""

from enum import Enum

import strawberry
from strawberry.schema_directive import Location


@strawberry.enum(description="Who may see a field.")
class Audience(Enum):
    CONNECTIONS = strawberry.enum_value(
        "CONNECTIONS", description="The person and their connections."
    )
    OWNER = strawberry.enum_value("OWNER", description="The person alone.")


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="visibleTo",
    description="Only this audience sees the field's value; for anyone else it is null.",
)
class VisibleTo:
    audience: Audience


CONNECTIONS_ONLY = [VisibleTo(audience=Audience.CONNECTIONS)]
OWNER_ONLY = [VisibleTo(audience=Audience.OWNER)]
