"""What the operation asks of the field being resolved, so one statement can bring it
all (a list's total with its page) instead of a trip per concern."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from resolvers.context import Info


def selects(info: Info, name: str) -> bool:
    """Whether the field being resolved has `name` among its subfields, written directly
    or inside fragments."""
    return any(_has(field.selections, name) for field in info.selected_fields)


def _has(selections: Iterable[Any], name: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                return True
        elif isinstance(selection, FragmentSpread | InlineFragment) and _has(
            selection.selections, name
        ):
            return True
    return False
