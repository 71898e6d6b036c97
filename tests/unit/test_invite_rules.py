"""When the viewer may invite someone: the rules in the order a person meets them."""

from __future__ import annotations

import pytest

from resolvers import invite_rules as rules
from resolvers.policy import Policy

POLICY = Policy(invitation_cooldown_ms=1_000, max_connections=3)
NOW = 1_000_000


def block(**changes: object) -> tuple[str | None, int | None]:
    facts: dict = {
        "connected": False, "pending": False, "withdrawn_at": (), "viewer_connections": 0,
        "other_connections": 0, "restricted": False,
    }  # fmt: skip
    return rules.invite_block(POLICY, NOW, **{**facts, **changes})


def test_a_stranger_may_be_invited() -> None:
    assert block() == (None, None)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"connected": True, "pending": True}, rules.ALREADY_CONNECTED),
        ({"pending": True, "restricted": True}, rules.INVITATION_PENDING),
        ({"restricted": True, "withdrawn_at": (NOW - 10,)}, rules.SHARED_CONNECTION_REQUIRED),
        ({"withdrawn_at": (NOW - 10,), "viewer_connections": 3}, rules.COOLDOWN),
        ({"viewer_connections": 3, "other_connections": 3}, rules.VIEWER_AT_LIMIT),
        ({"other_connections": 3}, rules.OTHER_AT_LIMIT),
    ],
)
def test_the_first_rule_that_applies_is_the_reason(changes: dict, reason: str) -> None:
    assert block(**changes)[0] == reason


def test_the_cooldown_runs_from_the_latest_withdrawal() -> None:
    assert block(withdrawn_at=(NOW - 900, NOW - 100)) == (rules.COOLDOWN, NOW - 100 + 1_000)
    assert block(withdrawn_at=(NOW - 1_000,)) == (None, None)  # just over
