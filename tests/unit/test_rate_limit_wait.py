"""Retry-After for the sliding window counter: the wait after which the same operation
is accepted, checked against the counter's own arithmetic (the `limits` library's
weighted count) rather than a clock."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from resolvers.rate_limit import wait_for

WINDOW = 60.0


def weighted_after(t: float, previous: int, left: float, current: int) -> float:
    """The library's count `t` seconds on: previous x (its overlap) + current, rolling
    the windows over when the current one ends."""
    if t < left:
        return previous * (left - t) / WINDOW + current
    overlap = WINDOW - (t - left)
    return current * max(0.0, overlap) / WINDOW if overlap > 0 else 0.0


@given(
    limit=st.integers(1, 60_000),
    data=st.data(),
)
def test_the_wait_is_enough_and_not_much_more(limit: int, data: st.DataObject) -> None:
    previous = data.draw(st.integers(0, limit))
    current = data.draw(st.integers(0, limit))
    left = data.draw(st.floats(0.01, WINDOW))
    cost = data.draw(st.integers(1, limit))
    # The storage reads a previous ttl of 0 when nothing came before: only the current
    # window's ttl says where the window ends.
    previous_ttl = left if previous else 0.0
    wait = wait_for(cost, limit, WINDOW, (previous, previous_ttl, current, left + WINDOW))
    assert 0 <= wait <= left + WINDOW
    assert weighted_after(wait, previous, left, current) + cost <= limit + 1e-6
    if wait > 0.01:  # a moment less would not have done
        assert weighted_after(wait - 0.01, previous, left, current) + cost > limit - 1e-6


def test_a_large_operation_waits_longer_than_one_unit_frees() -> None:
    # 59,000 spent this window, nothing before: one unit frees up soon after the window
    # ends, but 35,000 only once more than half of this window's count has faded.
    wait = wait_for(35_000, 60_000, WINDOW, (0, 0.0, 59_000, 90.0))
    # 59,000 x (1 - t/60) <= 25,000 once the window has rolled: t = 34.6 s after it.
    assert 30.0 + 34.5 < wait < 30.0 + 34.7
