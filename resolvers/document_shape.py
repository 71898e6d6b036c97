"""Depth and alias limits, checked in time linear in the document.

A fragment spread twice per level doubles what a naive walk expands: twenty such
fragments are a 1 KB document that a walk expanding every spread visits a million
times. Here each fragment is measured once and its measure reused wherever it is
spread, so checking costs one visit per selection written, whatever the expansion.
A fragment spread again at the same level counts once, as GraphQL executes it once.
Cycles (which the standard NoFragmentCycles rule refuses) count as empty.
"""

from __future__ import annotations

import dataclasses
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
    """What a selection set expands to: its depth in object fields and its aliases."""

    depth: int = 0
    aliases: int = 0


class ShapeOf:
    """Measures selection sets, each named fragment once. `visits` counts selections
    looked at: bounded by the document's own size."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.visits = 0
        self._memo: dict[str, Shape] = {}
        self._open: set[str] = set()

    def __call__(
        self, selection_set: SelectionSetNode | None, spread: set[str] | None = None
    ) -> Shape:
        if selection_set is None:
            return Shape()
        # GraphQL collects a fragment once per level however often it is spread there.
        spread = set() if spread is None else spread
        depth = aliases = 0
        for selection in selection_set.selections:
            self.visits += 1
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                if selection.selection_set is None:
                    continue
                inner = self(selection.selection_set)
                aliases += inner.aliases
                # Introspection fields are not the service's data: not counted in depth.
                if not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
            else:
                if isinstance(selection, InlineFragmentNode):
                    inner = self(selection.selection_set, spread)
                elif selection.name.value in spread:
                    continue
                else:
                    spread.add(selection.name.value)
                    inner = self.fragment(selection)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
        return Shape(depth, aliases)

    def fragment(self, spread: FragmentSpreadNode) -> Shape:
        name = spread.name.value
        if name in self._memo:
            return self._memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self._open:
            return Shape()  # unknown or cyclic: the standard rules report it
        self._open.add(name)
        shape = self(definition.selection_set)
        self._open.discard(name)
        self._memo[name] = shape
        return shape


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def shape_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing operations deeper than `max_depth` object fields or
    with more than `max_aliases` aliases in all, as expanded; in linear time."""

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
            if aliases > max_aliases:
                _report(context.report_error, aliases_message(aliases, max_aliases), None)

    return ShapeLimits


# The words strawberry's own limiters used: clients and error_policy read them.
def depth_message(operation: str, max_depth: int) -> str:
    return f"'{operation}' exceeds maximum operation depth of {max_depth}"


def aliases_message(found: int, allowed: int) -> str:
    return f"{found} aliases found. Allowed: {allowed}"


def _report(
    report: Callable[[GraphQLError], None], message: str, node: OperationDefinitionNode | None
) -> None:
    report(GraphQLError(message, [node] if node is not None else None))
