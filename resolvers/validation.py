"""Checks on what people type: each failure is BAD_USER_INPUT naming the field."""

from __future__ import annotations

import unicodedata

from graphdb.records import HANDLE, MAX_LENGTHS
from resolvers.errors import BadUserInput

# Line breaks are fine in long text; other control characters never are.
_MULTILINE = {"about", "note"}


def handle(value: str) -> str:
    """A handle: 3 to 30 of a-z, 0-9 and inner hyphens; stored lower-case."""
    normalized = value.strip().lower()
    if not HANDLE.match(normalized):
        raise BadUserInput(
            "`handle` must be 3 to 30 characters: letters, digits and hyphens, "
            "starting and ending with a letter or digit.",
            reason="INVALID_HANDLE",
            field="handle",
        )
    return normalized


def text(field: str, value: str | None, *, required: bool = False) -> str | None:
    """Trimmed text within the field's length; empty optional text becomes null."""
    cleaned = unicodedata.normalize("NFC", value).strip() if value is not None else ""
    if not cleaned:
        if required:
            raise BadUserInput(f"`{field}` must not be empty.", reason="REQUIRED", field=field)
        return None
    limit = MAX_LENGTHS[field]
    if len(cleaned) > limit:
        raise BadUserInput(
            f"`{field}` must be at most {limit} characters (got {len(cleaned)}).",
            reason="TOO_LONG",
            field=field,
            maximum=limit,
        )
    allowed = "\n\t" if field in _MULTILINE else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in cleaned):
        raise BadUserInput(
            f"`{field}` contains control characters.", reason="INVALID_CHARACTERS", field=field
        )
    return cleaned
