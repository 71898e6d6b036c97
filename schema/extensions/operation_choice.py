"""Which operation of a document runs: the spec's rule, not strawberry's default.

A document of several operations needs `operationName` (GraphQL spec, GetOperation);
strawberry would quietly run the first one, and a client would never learn its
request was ambiguous.
"""

from __future__ import annotations

from typing import Any

from graphql import OperationDefinitionNode

from resolvers.errors import DomainError


class OperationNameRequired(DomainError):
    code = "BAD_REQUEST"


def require_operation_name(execution: Any) -> None:
    """Refuse a document of several operations that does not say which to run."""
    document = execution.graphql_document
    operations = [
        d for d in (document.definitions if document else ())
        if isinstance(d, OperationDefinitionNode)
    ]  # fmt: skip
    if len(operations) > 1 and execution._provided_operation_name is None:
        raise OperationNameRequired(
            f"This document holds {len(operations)} operations: say which to run with "
            "`operationName`.",
            reason="OPERATION_NAME_REQUIRED",
        )
