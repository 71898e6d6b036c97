"""Store times are epoch milliseconds; the API speaks timezone-aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def maybe_datetime(ms: int | None) -> datetime | None:
    return None if ms is None else to_datetime(ms)
