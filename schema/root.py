"""The Schema: the types, and the extensions every operation runs through."""

import re
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import ASTValidationRule
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.execution import ExecutionContext as FastExecutionContext
from schema.extensions.document_once import DocumentOnce
from schema.extensions.document_shape import shape_rule
from schema.extensions.error_policy import add_client_codes, log_errors
from schema.extensions.operation_rules import OperationRules
from schema.invitation import Invitation
from schema.messaging import Conversation
from schema.mutations import Mutation
from schema.organization import Organization
from schema.person import Person
from schema.post import Post
from schema.query import Query
from schema.subscription import Subscription
from schema.visibility import describe_directive_arguments

MAX_DEPTH = 15  # the deepest useful query (a relationship inside a page of a page) is ~12
MAX_ALIASES = 30
# One response name at one level: Relay-style documents spread many fragments that each
# ask for `id`; hundreds of copies only cost validation (pairs of them are compared).
MAX_REPEATS = 50
MAX_TOKENS = 5_000
# Built once: validation is cached by the rule classes too, so a rule class made per
# request missed the cache on every request (validation then cost ~7 of a lookup's
# ~20 ms in-process).
# Depth and aliases in one rule linear in the document (strawberry's own limiters expand
# every fragment spread: a 1 KB document of nested spreads blocked the loop for seconds).
_SHAPE_RULES: list[type[ASTValidationRule]] = [shape_rule(MAX_DEPTH, MAX_ALIASES, MAX_REPEATS)]


# graphql-core's suggestions, wherever they stand: field, type, argument, input field and
# enum value names, from validation and from coercing variables alike.
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class LinkgraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Every error passes here, including parse errors the parser cache raises
        # before the masking extension sees a result.
        context: Any = execution_context.context if execution_context else None
        log_errors(errors, context)
        add_client_codes(errors)
        if self.config.disable_field_suggestions:
            # In production nothing names what the schema holds (introspection may be off).
            for error in errors:
                error.message = _SUGGESTION.sub("", error.message)


def build_schema(*, production: bool = False, introspection: bool = True) -> LinkgraphSchema:
    """The schema; in production without field suggestions, optionally without
    introspection."""
    extensions: list = [
        # Shape limits, checked before anything runs: the token limit as the document is
        # parsed, depth and aliases as validation rules. Frontends send the same few
        # documents over and over: each is parsed and validated once (validation was ~6
        # of 8 ms of a one-lookup query).
        lambda: DocumentOnce(max_tokens=MAX_TOKENS, rules=_SHAPE_RULES),
        OperationRules,  # a class: one instance per operation
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    built = LinkgraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Person, Invitation, Post, Organization, Conversation],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production),
        execution_context_class=FastExecutionContext,
    )
    describe_directive_arguments(built._schema)
    return built


schema = build_schema()
