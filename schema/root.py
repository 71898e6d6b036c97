"""The Schema: the types, and the extensions every operation runs through."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from resolvers.error_policy import ErrorPolicy, log_errors
from resolvers.round_trips import StoreRoundTrips
from schema.invitation import Invitation
from schema.mutations import Mutation
from schema.person import Person
from schema.query import Query


class LinkgraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context: Any = execution_context.context if execution_context else None
        log_errors(errors, context)


schema = LinkgraphSchema(
    query=Query,
    mutation=Mutation,
    types=[Person, Invitation],
    extensions=[ErrorPolicy, StoreRoundTrips],  # classes: one instance per operation
)
