"""When may the viewer invite someone? Shared by sendInvitation (which refuses) and
Person.relationship (which tells a frontend in advance)."""

from __future__ import annotations

from resolvers.policy import Policy

ALREADY_CONNECTED = "ALREADY_CONNECTED"
INVITATION_PENDING = "INVITATION_PENDING"
COOLDOWN = "COOLDOWN"
VIEWER_AT_LIMIT = "VIEWER_AT_LIMIT"
OTHER_AT_LIMIT = "OTHER_AT_LIMIT"
SHARED_CONNECTION_REQUIRED = "SHARED_CONNECTION_REQUIRED"


def cooldown_until(policy: Policy, now: int, withdrawn_at: tuple[int, ...]) -> int | None:
    """When the viewer may invite again after withdrawing, if that is still ahead."""
    recent = [t for t in withdrawn_at if t > now - policy.invitation_cooldown_ms]
    return max(recent) + policy.invitation_cooldown_ms if recent else None


def limit_reason(policy: Policy, viewer_connections: int, other_connections: int) -> str | None:
    if viewer_connections >= policy.max_connections:
        return VIEWER_AT_LIMIT
    if other_connections >= policy.max_connections:
        return OTHER_AT_LIMIT
    return None


def invite_block(
    policy: Policy,
    now: int,
    *,
    connected: bool,
    pending: bool,
    withdrawn_at: tuple[int, ...],
    viewer_connections: int,
    other_connections: int,
    restricted: bool = False,
) -> tuple[str | None, int | None]:
    """(why the viewer may not invite now, until when) or (None, None) if they may.
    `restricted`: the other person takes invitations only from people who share a
    connection with them, and the viewer shares none."""
    if connected:
        return ALREADY_CONNECTED, None
    if pending:
        return INVITATION_PENDING, None
    if restricted:
        return SHARED_CONNECTION_REQUIRED, None
    until = cooldown_until(policy, now, withdrawn_at)
    if until is not None:
        return COOLDOWN, until
    return limit_reason(policy, viewer_connections, other_connections), None
