"""Depth and alias limits, checked in time linear in the document.

A fragment spread twice per level doubles what a naive walk expands: twenty such
fragments are a 1 KB document that a walk expanding every spread visits a million
times. Here each fragment is measured once and its measure reused wherever it is
spread, so checking costs one visit per selection written, whatever the expansion.
A fragment spread again at the same level counts once, as GraphQL executes it once.
Cycles (which the standard NoFragmentCycles rule refuses) count as empty. Nothing here
recurses through fragments (a chain of them can be longer than Python's stack); within
one selection set, graphql-core's parser already bounds the nesting.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


@dataclasses.dataclass(frozen=True)
class Shape:
    """What a selection set expands to: its depth in object fields, its aliases, and
    how often one response name stands at one level (`repeats`, anywhere inside;
    `keys` counts those of its own level, fragments included)."""

    depth: int = 0
    aliases: int = 0
    repeats: int = 0
    keys: Counter[str] = dataclasses.field(default_factory=Counter, compare=False)


def dependencies_first(fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """Fragment names, each after every fragment it spreads (cycles cut), found without
    recursion: a chain of spreads can be as long as the token limit allows (hundreds),
    deeper than Python's stack."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done
    for root in fragments:
        if root in state:
            continue
        stack = [(root, iter(_spreads(fragments[root].selection_set)))]
        state[root] = 1
        while stack:
            name, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                state[name] = 2
                order.append(name)
            elif child in fragments and child not in state:
                state[child] = 1
                stack.append((child, iter(_spreads(fragments[child].selection_set))))
    return order


def _spreads(selection_set: SelectionSetNode | None) -> list[str]:
    """Names of the fragments spread anywhere in a selection set (not through them)."""
    names, pending = [], [selection_set]
    while pending:
        current = pending.pop()
        for selection in current.selections if current else ():
            if isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
            elif isinstance(selection, FieldNode | InlineFragmentNode):
                pending.append(selection.selection_set)
    return names


class ShapeOf:
    """Measures selection sets, each named fragment once (dependencies first, so a
    spread only ever reads a measure already taken). `visits` counts selections looked
    at: bounded by the document's own size."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.visits = 0
        self._memo: dict[str, Shape] = {}
        for name in dependencies_first(fragments):
            self._memo[name] = self(fragments[name].selection_set)

    def __call__(
        self, selection_set: SelectionSetNode | None, spread: set[str] | None = None
    ) -> Shape:
        if selection_set is None:
            return Shape()
        # GraphQL collects a fragment once per level however often it is spread there.
        spread = set() if spread is None else spread
        depth = aliases = repeats = 0
        level: Counter[str] = Counter()
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                level[(selection.alias or selection.name).value] += 1
                aliases += selection.alias is not None
                if selection.selection_set is None:
                    continue
                inner = self(selection.selection_set)
                aliases, repeats = aliases + inner.aliases, max(repeats, inner.repeats)
                # Introspection fields are not the service's data: not counted in depth.
                if not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
            else:
                if isinstance(selection, InlineFragmentNode):
                    inner = self(selection.selection_set, spread)
                elif not isinstance(selection, FragmentSpreadNode):
                    continue  # no other kind of selection exists
                elif selection.name.value in spread:
                    continue
                else:
                    spread.add(selection.name.value)
                    inner = self.fragment(selection)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
                repeats = max(repeats, inner.repeats)
                level.update(inner.keys)  # a fragment's fields stand at this level
        repeats = max(repeats, max(level.values(), default=0))
        return Shape(depth, aliases, repeats, level)

    def fragment(self, spread: FragmentSpreadNode) -> Shape:
        # Unknown, or spread inside its own cycle: the standard rules report it.
        return self._memo.get(spread.name.value, Shape())


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def shape_rule(max_depth: int, max_aliases: int, max_repeats: int) -> type[ValidationRule]:
    """A validation rule refusing operations deeper than `max_depth` object fields,
    with more than `max_aliases` aliases in all, or with one response name more than
    `max_repeats` times at one level (graphql-core's OverlappingFieldsCanBeMerged
    compares every pair of them: 770 copies of one field cost 70 ms); in linear time."""

    class ShapeLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            shape_of = ShapeOf(fragments_of(document))
            aliases = 0
            for definition in document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                shape = shape_of(definition.selection_set)
                aliases += shape.aliases
                if shape.depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    _report(context.report_error, depth_message(name, max_depth), definition)
                if shape.repeats > max_repeats:
                    message = repeats_message(shape.repeats, max_repeats)
                    _report(context.report_error, message, definition)
            if aliases > max_aliases:
                _report(context.report_error, aliases_message(aliases, max_aliases), None)

    return ShapeLimits


# The words strawberry's own limiters used: clients and error_policy read them.
def depth_message(operation: str, max_depth: int) -> str:
    return f"'{operation}' exceeds maximum operation depth of {max_depth}"


def aliases_message(found: int, allowed: int) -> str:
    return f"{found} aliases found. Allowed: {allowed}"


def repeats_message(found: int, allowed: int) -> str:
    return (
        f"One field is asked for {found} times in one selection set. Allowed: {allowed} "
        "(ask for it once)."
    )


def _report(
    report: Callable[[GraphQLError], None], message: str, node: OperationDefinitionNode | None
) -> None:
    report(GraphQLError(message, [node] if node is not None else None))
