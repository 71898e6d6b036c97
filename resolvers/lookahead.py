"""What the operation asks of the field being resolved, so one statement can bring it
all (a list's total with its page, a person with their list) instead of a trip per
concern.

It reads the document itself, not strawberry's `info.selected_fields`: that expands
every fragment spread anew, which a document of fragments spreading each other twice
turns into exponential work. Here each fragment is read at most once per look.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)

from resolvers.context import Info


def selects(info: Info, name: str) -> bool:
    """Whether the field being resolved has `name` among its subfields, written directly
    or inside fragments."""
    return name in _subfields_of(info)


def subfields(info: Info, name: str) -> list[FieldNode]:
    """Each time `name` is written among the subfields of the field being resolved."""
    return _subfields_of(info).get(name, [])


def has_subfield(info: Info, field: FieldNode, name: str) -> bool:
    """Whether `field` (one of `subfields`) has `name` among its own subfields."""
    fragments = info._raw_info.fragments
    return any(f.name.value == name for f in _fields([field.selection_set], fragments))


def names_below(info: Info, roots: Sequence[FieldNode], path: tuple[str, ...]) -> frozenset[str]:
    """The names of the fields selected at the end of `path` below `roots` (field nodes
    of the document), through fragments: `(edges, node)` below a list field gives what
    it asks of each item. Read once per request for the same roots and path."""
    key = (tuple(map(id, roots)), path)
    memo = info.context.lookahead
    if (known := memo.get(key)) is not None:
        return known[1]
    fragments = info._raw_info.fragments
    level = list(roots)
    for name in path:
        level = [
            f for f in _fields([n.selection_set for n in level], fragments) if f.name.value == name
        ]
    names = frozenset(f.name.value for f in _fields([n.selection_set for n in level], fragments))
    memo[key] = (roots, names)  # holding the nodes keeps their ids from being reused
    return names


def argument(info: Info, field: FieldNode, name: str) -> Any:
    """A literal or variable argument of `field` as the operation gives it (None when
    absent or of a kind no lookahead needs: the field itself then reads it)."""
    for arg in field.arguments or ():
        if arg.name.value != name:
            continue
        value = arg.value
        if isinstance(value, VariableNode):
            # graphql-core's VariableValues (its `coerced` dict), or a plain dict.
            variables: Any = info._raw_info.variable_values or {}
            return getattr(variables, "coerced", variables).get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, StringValueNode):
            return value.value
        if isinstance(value, NullValueNode):
            return None
        return _UNREADABLE
    return None


_UNREADABLE = object()  # an argument written in a form the lookahead does not read


def readable(value: Any) -> bool:
    return value is not _UNREADABLE


def _subfields_of(info: Info) -> dict[str, list[FieldNode]]:
    """The subfields of the field being resolved by name, read once per field of the
    document and request (a resolver looks for several names, and each item of a list
    resolves the same field)."""
    raw = info._raw_info
    nodes = raw.field_nodes
    key = tuple(map(id, nodes))
    memo = info.context.lookahead
    if (known := memo.get(key)) is not None:
        return known[1]
    by_name: dict[str, list[FieldNode]] = {}
    for field in _fields([node.selection_set for node in nodes], raw.fragments):
        by_name.setdefault(field.name.value, []).append(field)
    memo[key] = (nodes, by_name)  # holding the nodes keeps their ids from being reused
    return by_name


def _fields(
    pending: list[SelectionSetNode | None], fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """The fields of these selection sets, through inline fragments and fragment spreads
    (each fragment once), not into the fields' own selections."""
    seen: set[str] = set()
    while pending:
        selection_set = pending.pop()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
