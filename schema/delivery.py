"""One event of a subscription that its WebSocket connection took over
(resolvers/subscriptions.py): the subscription's document executed over the delivered
object, as graphql-core executes each event of a subscription
(ExecuteSubscriptionEvent), under the same error policy as every other result."""

from __future__ import annotations

from inspect import isawaitable
from typing import Any

from graphql import DocumentNode, execute_subscription_event

from schema.execution import ExecutionContext
from schema.extensions.error_policy import log_errors, masked
from schema.root import LinkgraphSchema


async def event_payload(
    schema: LinkgraphSchema,
    document: DocumentNode,
    delivered: Any,
    context: Any,
    variables: dict[str, Any] | None,
    operation_name: str | None,
) -> dict[str, Any]:
    """The `next` message's payload for one delivered object."""
    executor = ExecutionContext.build(
        schema._schema, document, root_value=delivered, context_value=context,
        raw_variable_values=variables, operation_name=operation_name,
    )  # fmt: skip
    if isinstance(executor, list):  # its variables were checked when it started
        data, errors = None, executor
    else:
        result = execute_subscription_event(executor)
        if isawaitable(result):
            result = await result
        data, errors = result.data, result.errors
    payload: dict[str, Any] = {"data": data}
    if errors:
        log_errors(errors, context)
        payload["errors"] = [e.formatted for e in masked(errors, context)]
    return payload
