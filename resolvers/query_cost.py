"""What an operation could cost, estimated before it runs (GitHub-style).

Every object field costs its weight times the number of times it can occur: the
product of the page sizes (`first`, or a list's bound) of the lists around it. Network
fields that walk the graph weigh more. An operation over the budget is refused with
QUERY_TOO_COMPLEX before any resolver runs; an accepted one is charged to its caller
and reports its cost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from resolvers.errors import QueryTooComplex
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

# Fields that walk more of the graph than a lookup does.
WEIGHTS = {
    "secondDegree": 50,
    "networkSize": 20,
    "separation": 20,
    "mutualConnections": 5,
    "relationship": 2,
    "relationships": 2,
    "feed": 10,  # merges the posts of everyone followed
}
# Lists without `first`: (argument that bounds them, or None) and their largest size.
BOUNDED_LISTS = {
    "nodes": ("ids", 100),
    "relationships": ("personIds", 100),
    "path": (None, 7),
    "mutualConnections": (None, 3),  # as a plain list: the sample on a second-degree edge
    "sharedOrganizations": (None, 3),
    "affiliations": (None, 50),
}
_CONNECTION_FIELDS = {"edges", "pageInfo", "totalCount"}


class QueryCost(SchemaExtension):
    """Refuses operations over the context's `policy.max_query_cost`, charges the
    caller's budget (resolvers/rate_limit.py), and reports the cost."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        maximum = context.policy.max_query_cost
        self.cost = estimate(document, self.execution_context.operation_name,
                             self.execution_context.variables or {})  # fmt: skip
        if self.cost > maximum:
            raise QueryTooComplex(
                f"This operation could cost {self.cost:,} (its fields times the page sizes "
                f"around them); the limit is {maximum:,}. Ask for smaller pages or fewer "
                "nested lists.",
                cost=self.cost,
                maximum=maximum,
            )
        if context.rate_limiter is not None:
            await context.rate_limiter.charge(context.viewer_id, context.client_address, self.cost)
        yield

    def get_results(self) -> dict[str, Any]:
        cost = getattr(self, "cost", None)
        return {} if cost is None else {"cost": cost}


def estimate(document: Any, operation_name: str | None, variables: Mapping[str, Any]) -> int:
    """The cost of the named (or only) operation in a parsed, validated document."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (
            o
            for o in operations
            if operation_name is None or (o.name and o.name.value == operation_name)
        ),
        operations[0],
    )
    return _selection_cost(operation.selection_set, 1, fragments, variables)


def _selection_cost(
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: dict[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.selection_set is None:
                continue  # a scalar: fetched with its object
            name = selection.name.value
            total += multiplier * WEIGHTS.get(name, 1)
            inner = multiplier * _fan_out(selection, variables)
            total += _selection_cost(selection.selection_set, inner, fragments, variables)
        elif isinstance(selection, InlineFragmentNode):
            total += _selection_cost(selection.selection_set, multiplier, fragments, variables)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            total += _selection_cost(fragment.selection_set, multiplier, fragments, variables)
    return total


def _fan_out(field: FieldNode, variables: Mapping[str, Any]) -> int:
    """How many items this field's selection applies to."""
    arguments = {a.name.value: a.value for a in field.arguments or ()}
    if "first" in arguments or _is_connection(field):
        first = _int_value(arguments.get("first"), variables)
        return max(0, min(first if first is not None else DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))
    if field.name.value in BOUNDED_LISTS:
        argument, largest = BOUNDED_LISTS[field.name.value]
        if argument is not None and argument in arguments:
            return min(_list_length(arguments[argument], variables, largest), largest)
        return largest
    return 1


def _is_connection(field: FieldNode) -> bool:
    """A Relay connection (paged even without an explicit `first`)."""
    selections = field.selection_set.selections if field.selection_set else ()
    return any(isinstance(s, FieldNode) and s.name.value in _CONNECTION_FIELDS for s in selections)


def _int_value(node: Any, variables: Mapping[str, Any]) -> int | None:
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, VariableNode):
        value = variables.get(node.name.value)
        return value if isinstance(value, int) else None
    return None


def _list_length(node: Any, variables: Mapping[str, Any], default: int) -> int:
    if isinstance(node, ListValueNode):
        return len(node.values)
    if isinstance(node, VariableNode):
        value = variables.get(node.name.value)
        return len(value) if isinstance(value, list) else default
    return default
