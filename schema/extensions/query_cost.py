"""What an operation could cost, estimated before it runs (GitHub-style).

Every object field costs its weight times the number of times it can occur: the
product of the page sizes (`first`, or a list's bound) of the lists around it. Network
fields that walk the graph weigh more. An operation over the budget is refused with
QUERY_TOO_COMPLEX before any resolver runs; an accepted one is charged to its caller
and reports its cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from resolvers.errors import QueryTooComplex
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.extensions.document_shape import dependencies_first, fragments_of

# Fields that walk more of the graph than a lookup does.
WEIGHTS = {
    "secondDegree": 50,
    "followSuggestions": 20,
    "networkSize": 20,
    "separation": 20,
    "mutualConnections": 5,
    "relationship": 2,
    "relationships": 2,
    "feed": 10,  # merges the posts of everyone followed
    # analytics: a run reads the whole network (the work is a worker's, but it is
    # charged to the analyst's budget so that nobody can start runs in a loop)
    "startAnalyticsRun": 1_000,
    "cancelAnalyticsRun": 10,
    "influencers": 2,  # each edge may load its person
    "followNotConnect": 2,
    "topMembers": 2,
}
# Lists without `first`: (argument that bounds them, or None) and their largest size.
BOUNDED_LISTS = {
    "nodes": ("ids", 100),
    "relationships": ("personIds", 100),
    "path": (None, 7),
    "mutualConnections": (None, 3),  # as a plain list: the sample on a second-degree edge
    "sharedOrganizations": (None, 3),
    "affiliations": (None, 50),
    "topMembers": (None, 10),
    "histogram": (None, 64),
}


def operation_cost(execution: Any) -> int:
    """What the operation about to run could cost."""
    document = execution.graphql_document
    assert document is not None, "executed operations are parsed"
    return known_estimate(
        document, execution.operation_name, execution.variables or {}, execution.schema._schema
    )


async def admit(execution: Any, cost: int) -> None:
    """Refuse an operation over the context's `policy.max_query_cost`; charge the rest to
    the caller's budget (resolvers/rate_limit.py)."""
    context = execution.context
    maximum = context.policy.max_query_cost
    if cost > maximum:
        raise QueryTooComplex(
            f"This operation could cost {cost:,} (its fields times the page sizes "
            f"around them); the limit is {maximum:,}. Ask for smaller pages or fewer "
            "nested lists.",
            cost=cost,
            maximum=maximum,
        )
    if context.rate_limiter is not None:
        await context.rate_limiter.charge(context.viewer_id, context.client_address, cost)


# A cost depends on the document and on the variables its page sizes and id lists name,
# never on the rest (the ids asked about): frontends send the same few documents with
# other ids each time, so each is costed once per page size. Keyed by the document's
# identity (the parse cache hands out one object per text), which the entry holds.
_MAX_COSTS = 1_024
_READS: LRUCache[tuple[int, int, str | None], tuple[DocumentNode, tuple[str, ...]]] = LRUCache(
    _MAX_COSTS
)
_COSTS: LRUCache[tuple[Any, ...], tuple[DocumentNode, int]] = LRUCache(_MAX_COSTS)


def known_estimate(
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    schema: GraphQLSchema,
) -> int:
    """`estimate`, remembered for the variables it reads."""
    operation = (id(schema), id(document), operation_name)
    reads = _READS.get(operation)
    if reads is not None and reads[0] is document:
        key = (*operation, *(_cost_key(variables.get(name)) for name in reads[1]))
        known = _COSTS.get(key)
        if known is not None and known[0] is document:
            return known[1]
    recording = _Recording(variables)
    cost = estimate(document, operation_name, recording, schema)
    names = tuple(recording.read)
    _READS[operation] = (document, names)
    _COSTS[(*operation, *(_cost_key(variables.get(name)) for name in names))] = (document, cost)
    return cost


def _cost_key(value: Any) -> tuple[str, int] | None:
    """What of a variable's value the estimate uses: an int, or a list's length."""
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, list):
        return ("list", len(value))
    return None


class _Recording(Mapping[str, Any]):
    """The variables, noting the names the estimate reads (the document alone decides
    which: every page size and id list in it, whatever their values)."""

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables
        self.read: dict[str, None] = {}

    def __getitem__(self, name: str) -> Any:
        self.read[name] = None
        return self._variables[name]

    def get(self, name: str, default: Any = None) -> Any:
        self.read[name] = None
        return self._variables.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)


def estimate(
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    schema: GraphQLSchema,
) -> int:
    """The cost of the named (or only) operation in a parsed, validated document."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (
            o
            for o in operations
            if operation_name is None or (o.name and o.name.value == operation_name)
        ),
        operations[0],
    )
    root = schema.get_root_type(operation.operation)
    return CostOf(schema, fragments_of(document), variables)(operation.selection_set, root)


class CostOf:
    """The cost of a selection set once, i.e. under a single parent object.

    Cost is linear in how many times a selection set applies, so each named fragment
    is costed once and reused wherever it is spread: linear in the document, however
    often fragments spread each other. Where a field's type comes from the schema, not
    from how the query is written, so a connection inside an inline fragment, a named
    fragment or an aliased field costs what it costs written plainly.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.visits = 0
        # Dependencies first: a spread only ever reads a cost already taken.
        self._memo: dict[str, int] = {}
        for name in dependencies_first(fragments):
            condition = schema.get_type(fragments[name].type_condition.name.value)
            self._memo[name] = self(fragments[name].selection_set, condition)

    def __call__(
        self, selection_set: SelectionSetNode | None, parent: Any, spread: set[str] | None = None
    ) -> int:
        if selection_set is None:
            return 0
        # Fragments already spread at this level (inline fragments included): GraphQL
        # collects a fragment once per level however often it is spread there.
        spread = set() if spread is None else spread
        total = 0
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    continue  # a scalar: fetched with its object
                field_type = _field_type(parent, selection.name.value)
                inner = self(selection.selection_set, field_type)
                total += WEIGHTS.get(selection.name.value, 1)
                total += self._fan_out(selection, field_type) * inner
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner_parent = self.schema.get_type(condition.name.value) if condition else parent
                total += self(selection.selection_set, inner_parent, spread)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                total += self._fragment(selection.name.value)
        return total

    def _fragment(self, name: str) -> int:
        return self._memo.get(name, 0)  # unknown or cyclic: validation refuses it

    def _fan_out(self, field: FieldNode, field_type: Any) -> int:
        """How many items this field's selection applies to."""
        arguments = {a.name.value: a.value for a in field.arguments or ()}
        if "first" in arguments or _is_connection(field_type):
            first = _int_value(arguments.get("first"), self.variables)
            return max(0, min(first if first is not None else DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))
        if field.name.value in BOUNDED_LISTS:
            argument, largest = BOUNDED_LISTS[field.name.value]
            if argument is not None and argument in arguments:
                return min(_list_length(arguments[argument], self.variables, largest), largest)
            return largest
        return 1


def _field_type(parent: Any, name: str) -> Any:
    """The named type a field of `parent` returns (None where the schema does not say:
    introspection, or a field validation refuses)."""
    fields = getattr(parent, "fields", None)
    field = fields.get(name) if fields else None
    return get_named_type(field.type) if field is not None else None


def _is_connection(field_type: Any) -> bool:
    """A Relay connection: paged (by default 20) even without an explicit `first`."""
    fields = getattr(field_type, "fields", None)
    return bool(fields) and "edges" in fields and "pageInfo" in fields


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
