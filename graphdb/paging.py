"""Keyset page parameters shared by the list statements."""

from __future__ import annotations

from typing import Any

from graphdb.records import Keyset


def after_params(after: Keyset | None, limit: int) -> dict[str, Any]:
    """`$afterAt`, `$afterId` and `$limit` for a newest-first keyset page."""
    return {
        "afterAt": after.value if after else None,
        "afterId": after.id if after else None,
        "limit": limit,
    }
