"""Budgets per caller: cost per window, RATE_LIMITED with when to retry, nothing done."""

from __future__ import annotations

import asyncio

from tests.api.network import FOLLOW

VIEWER = "{ viewer { handle } }"  # costs 1
FOLLOWING = "{ viewer { following(first: 5) { totalCount } } }"


# Long enough that a busy machine still sends the five requests within one window (a
# 2 s window let the fifth through while CI shared the machine with another service).
WINDOW_S = 6


async def test_a_caller_over_budget_waits_and_others_do_not(make_api) -> None:
    async with make_api(rate_limit_cost=6, rate_limit_window_s=WINDOW_S) as api:
        alice, bob = await api.member(), await api.member()  # createProfile costs 2
        for _ in range(4):
            assert (await api.gql(VIEWER, as_=alice))["extensions"]["cost"] == 1
        response = await api.post(VIEWER, token=alice.token)
        assert response.status_code == 429
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        retry_after = error["extensions"]["retryAfter"]
        # All 6 spent in this window: the rest of it, then a sixth of the next for this
        # window's count to fade by one (up to 7 s).
        assert 1 <= retry_after <= WINDOW_S + 1
        assert response.headers["Retry-After"] == str(retry_after)
        # Another person's budget is their own.
        await api.ok(VIEWER, as_=bob)
        # The window moves on.
        await asyncio.sleep(retry_after + 0.2)
        await api.ok(VIEWER, as_=alice)


async def test_a_refused_mutation_changes_nothing(make_api) -> None:
    async with make_api(rate_limit_cost=3, rate_limit_window_s=60) as api:
        fan, star = await api.member(), await api.member()  # 2 of fan's 3
        await api.ok(VIEWER, as_=fan)
        response = await api.post(FOLLOW, {"id": star.gid}, token=fan.token)
        assert response.status_code == 429
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert response.json()["data"] is None
    async with make_api() as fresh:
        data = await fresh.ok(FOLLOWING, as_=fan)
        assert data["viewer"]["following"]["totalCount"] == 0


async def test_the_cost_is_charged_not_the_request_count(make_api) -> None:
    # A page of 50 people with their relationship costs far more than a lookup.
    big = "{ viewer { following(first: 50) { edges { node { relationship { degree } } } } } }"
    async with make_api(rate_limit_cost=300, rate_limit_window_s=60) as api:
        member = await api.member()
        first = await api.gql(big, as_=member)
        assert "errors" not in first
        assert first["extensions"]["cost"] > 150
        second = await api.post(big, token=member.token)
        assert second.status_code == 429
        extensions = second.json()["errors"][0]["extensions"]
        assert extensions["cost"] == first["extensions"]["cost"]
        assert extensions["remaining"] < extensions["cost"]


async def test_anonymous_callers_are_budgeted_by_address(make_api) -> None:
    query = '{ person(handle: "nobody-here") { name } }'
    async with make_api(anonymous_rate_limit_cost=3, rate_limit_window_s=60) as api:
        for _ in range(3):
            assert (await api.post(query)).status_code == 200
        refused = await api.post(query)
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        member = await api.member()  # a signed-in caller has their own budget
        await api.ok(VIEWER, as_=member)


async def test_zero_turns_the_limit_off(make_api) -> None:
    async with make_api(rate_limit_cost=0) as api:
        member = await api.member()
        for _ in range(20):
            await api.ok(VIEWER, as_=member)


async def test_an_operation_costing_more_than_the_budget_is_too_complex(make_api) -> None:
    big = "{ viewer { following(first: 50) { edges { node { relationship { degree } } } } } }"
    async with make_api(rate_limit_cost=100, rate_limit_window_s=60) as api:
        member = await api.member()
        error = await api.error(big, as_=member)
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert error["extensions"]["maximum"] == 100
        await api.ok(VIEWER, as_=member)  # nothing was charged for it
