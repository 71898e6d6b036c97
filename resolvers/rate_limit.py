"""Per-caller budgets: each caller may spend so much estimated cost per window.

The caller is the signed-in person, or the client address for anonymous requests.
Every executed operation is charged its cost (resolvers/query_cost.py) before any
resolver runs; one over the budget is refused with RATE_LIMITED and when to retry, and
so touches nothing. The window is the `limits` library's sliding window counter: two
counters per caller, where its moving window logs one entry per unit of cost (up to
the whole budget, 60,000, per caller) and reorders them on every request. Its storage
may be shared between processes (e.g. `async+redis://`).
"""

from __future__ import annotations

import dataclasses
import math

from limits import RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from resolvers.errors import DomainError, QueryTooComplex


class RateLimited(DomainError):
    code = "RATE_LIMITED"


@dataclasses.dataclass(frozen=True)
class Budget:
    """`cost` per `window_s` seconds; a cost of 0 turns the limit off."""

    cost: int
    window_s: int = 60


def wait_for(cost: int, limit: int, window_s: float, window: tuple[float, ...]) -> float:
    """Seconds until `cost` fits a sliding window counter, with no other spending.

    `window` is the storage's (previous count, previous ttl, current count, current
    ttl). The counter weighs the previous window's count by how much of it still
    overlaps the sliding window: that weight falls linearly to 0 when the current window
    ends, and then the current count starts to fall the same way. The current window
    ends a window before its own ttl (the previous ttl reads 0 when nothing came before).
    """
    previous, current, left = window[0], window[2], window[3] - window_s
    room = limit - cost - current
    if room >= 0:  # fits before the current window ends, once enough of the previous fades
        return 0.0 if previous <= room else max(0.0, left - window_s * room / previous)
    # Only once the current window is the previous one, fading in turn.
    return left + window_s * (1 - (limit - cost) / current)


class RateLimiter:
    def __init__(
        self, signed_in: Budget, anonymous: Budget, storage_uri: str = "async+memory://"
    ) -> None:
        storage = storage_from_string(storage_uri)
        assert isinstance(storage, Storage), (
            "use an async storage: async+memory://, async+redis://..."
        )
        self.storage = storage
        self._strategy = SlidingWindowCounterRateLimiter(self.storage)
        self._items = {
            kind: RateLimitItemPerSecond(budget.cost, budget.window_s, namespace=kind)
            for kind, budget in (("viewer", signed_in), ("address", anonymous))
            if budget.cost > 0
        }

    async def _wait_for(self, item: RateLimitItemPerSecond, key: str, cost: int) -> float:
        window = await self.storage.get_sliding_window(item.key_for(key), item.get_expiry())  # type: ignore[attr-defined]
        return wait_for(cost, item.amount, item.get_expiry(), window)

    async def charge(self, viewer_id: str | None, address: str | None, cost: int) -> None:
        """Spend `cost` of the caller's budget, or raise RATE_LIMITED."""
        kind, key = ("viewer", viewer_id) if viewer_id else ("address", address or "unknown")
        item = self._items.get(kind)
        if item is None:
            return
        # Even an operation estimated free costs one: it still parses and executes.
        cost = max(cost, 1)
        if cost > item.amount:
            # Waiting would not help: say so instead of naming a time to retry.
            raise QueryTooComplex(
                f"This operation could cost {cost:,}, more than the whole budget of "
                f"{item.amount:,} per {item.multiples} s. Ask for smaller pages.",
                cost=cost,
                maximum=item.amount,
            )
        if await self._strategy.hit(item, key, cost=cost):
            return
        stats = await self._strategy.get_window_stats(item, key)
        retry_after = max(1, math.ceil(await self._wait_for(item, key, cost)))
        raise RateLimited(
            f"Over the budget of {item.amount:,} per {item.multiples} s for "
            f"{'you' if kind == 'viewer' else 'this address'} (this operation costs "
            f"{cost:,}); retry in {retry_after} s.",
            retryAfter=retry_after,
            cost=cost,
            limit=item.amount,
            remaining=stats.remaining,
        )
