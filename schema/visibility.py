"""Marks in the schema saying who may see a field; everyone else gets null for it."""

from enum import Enum

import strawberry
from graphql import GraphQLSchema
from strawberry.schema_directive import Location


@strawberry.enum(description="Who may see a field.")
class Audience(Enum):
    CONNECTIONS = strawberry.enum_value(
        "CONNECTIONS", description="The person and their connections."
    )
    OWNER = strawberry.enum_value("OWNER", description="The person alone.")


_AUDIENCE_HELP = "Who sees the value."


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="visibleTo",
    description="Only this audience sees the field's value; for anyone else it is null.",
)
class VisibleTo:
    audience: Audience = strawberry.field(description=_AUDIENCE_HELP)


def describe_directive_arguments(schema: GraphQLSchema) -> None:
    """Strawberry's converter drops the descriptions of a schema directive's arguments
    (it builds them from the type alone): put this one back for introspection."""
    directive = schema.get_directive("visibleTo")
    if directive is not None:
        directive.args["audience"].description = _AUDIENCE_HELP


CONNECTIONS_ONLY = [VisibleTo(audience=Audience.CONNECTIONS)]
OWNER_ONLY = [VisibleTo(audience=Audience.OWNER)]
