"""The invitation lifecycle: PENDING -> ACCEPTED | IGNORED | WITHDRAWN.

Every change runs in one write transaction that first locks the pair (see
graphdb.connections.lock_pair) and then re-reads the state it decides on, so racing
requests (double accepts, crossing invitations, accept against withdraw) resolve to
one outcome. A rule that fails raises inside the transaction, which rolls it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from graphdb import audience as audience_db
from graphdb import connections as connections_db
from graphdb import invitations as invitations_db
from graphdb.graph import Tx
from graphdb.records import InvitationRecord, Keyset, NotificationRecord, PairState, PersonRecord
from resolvers import audience, invite_rules, notifications, people, validation
from resolvers.context import Context, Info
from resolvers.errors import Conflict, Forbidden, LimitReached, NotFound
from resolvers.ids import node_id_of
from resolvers.loaders import forget
from resolvers.pagination import decode_cursor, make_page, page_size
from resolvers.results import InvitationSent, Listing
from resolvers.time import to_datetime

PENDING, ACCEPTED, IGNORED, WITHDRAWN = (
    invitations_db.PENDING,
    invitations_db.ACCEPTED,
    invitations_db.IGNORED,
    invitations_db.WITHDRAWN,
)


async def invitations_by_ids(info: Info, ids: Sequence[str]) -> list[InvitationRecord | None]:
    """Invitations by id; null for unknown ones and for anyone but their two parties."""
    return await visible_invitations(info.context, ids)


async def visible_invitations(
    context: Context, ids: Sequence[str]
) -> list[InvitationRecord | None]:
    records = await context.loaders.invitation.load_many(ids)
    viewer = context.viewer_id
    hidden = await audience.hidden_from(context)
    return [
        r
        if r
        and viewer in (r.sender_id, r.recipient_id)
        and not {r.sender_id, r.recipient_id} & hidden
        else None
        for r in records
    ]


async def party(info: Info, person_id: str) -> PersonRecord:
    person = await people.person_by_id(info, person_id)
    assert person is not None, "an invitation's parties always exist"
    return person


async def listing(
    info: Info,
    person_id: str,
    direction: str,
    state: str | None,
    first: int | None,
    after: str | None,
) -> Listing[InvitationRecord] | None:
    """A person's received or sent invitations in one state (default PENDING)."""
    if info.context.viewer_id != person_id:
        return None  # owner-only: nobody else learns who invites whom
    state_name = state or PENDING
    list_name = f"{direction}:{state_name}"
    limit = page_size(first)
    start = decode_cursor(list_name, after)
    graph = info.context.graph
    hidden = await audience.hidden(info)
    rows = await invitations_db.page(
        graph, person_id, direction, state_name, start, limit + 1, hidden
    )
    for row in rows:
        info.context.loaders.invitation.prime(row.id, row)
    page = make_page(list_name, rows, limit, lambda r: Keyset(r.sent_at, r.id), start)

    async def total() -> int:
        return await invitations_db.count(graph, person_id, direction, state_name, hidden)

    return Listing(page, total)


async def send(info: Info, person_id: str, note: str | None) -> InvitationSent:
    """Invite someone to connect. If they already invited you, you connect at once.

    Repeating an invitation that is still pending returns it unchanged.
    """
    ctx = info.context
    viewer = await ctx.require_viewer()
    recipient = await people.target(info, person_id, action="invite")
    note = validation.text("note", note)
    now = ctx.clock()

    async def work(tx: Tx) -> tuple[InvitationRecord, NotificationRecord | None]:
        await connections_db.lock_pair(tx, viewer.id, recipient.id)
        pair = await connections_db.pair_state(tx, viewer.id, recipient.id)
        if pair.connected_since is not None:
            raise Conflict(
                f"You are already connected with {recipient.name}.",
                reason=invite_rules.ALREADY_CONNECTED,
            )
        pending = pair.pending
        if pending is not None:
            if pending.sender_id == viewer.id:
                return pending, None  # the same invitation again
            # They invited us first: this is as good as accepting theirs.
            _check_limits(ctx, pair, viewer, recipient)
            return await _accept(tx, pending, now)
        await _check_invitations_from(tx, viewer, recipient)
        _check_cooldown(ctx, pair, recipient, now)
        _check_limits(ctx, pair, viewer, recipient)
        created = await invitations_db.create(
            tx, str(uuid.uuid4()), viewer.id, recipient.id, note, now
        )
        note_ = await notifications.received_invitation(
            tx, created.id, viewer.id, recipient.id, now
        )
        return created, note_

    invitation, note_ = await ctx.graph.write(work)
    _forget(ctx, invitation)
    if note_ is not None:
        await _announce(ctx, invitation, note_)
    return InvitationSent(invitation, recipient)


async def accept(info: Info, invitation_id: str) -> InvitationRecord:
    """The recipient accepts: the two connect and follow each other."""
    return await _respond(info, invitation_id, ACCEPTED)


async def ignore(info: Info, invitation_id: str) -> InvitationRecord:
    """The recipient ignores: the invitation closes without a connection."""
    return await _respond(info, invitation_id, IGNORED)


async def withdraw(info: Info, invitation_id: str) -> InvitationRecord:
    """The sender withdraws: the invitation closes and a cooldown starts for the pair."""
    return await _respond(info, invitation_id, WITHDRAWN)


async def _respond(info: Info, invitation_global_id: str, outcome: str) -> InvitationRecord:
    ctx = info.context
    viewer = await ctx.require_viewer()
    invitation_id = node_id_of(invitation_global_id, "Invitation")
    found = await ctx.loaders.invitation.load(invitation_id)
    visible = await invitations_by_ids(info, [invitation_id])
    if found is None or visible[0] is None:
        raise NotFound("No invitation has that id.")
    actor = found.sender_id if outcome == WITHDRAWN else found.recipient_id
    if viewer.id != actor:
        who = "sender" if outcome == WITHDRAWN else "recipient"
        raise Forbidden(f"Only the invitation's {who} can do that.", reason=f"NOT_{who.upper()}")
    if found.state == outcome:
        # End states never change again, so a repeat needs no write (and no lock).
        return found
    other_id = found.recipient_id if viewer.id == found.sender_id else found.sender_id
    other = await ctx.loaders.person.load(other_id)
    now = ctx.clock()

    async def work(tx: Tx) -> tuple[InvitationRecord, NotificationRecord | None, bool]:
        await connections_db.lock_pair(tx, found.sender_id, found.recipient_id)
        current = await _current(tx, invitation_id)
        if current.state == outcome:
            return current, None, False  # the same request again
        if current.state != PENDING:
            raise Conflict(
                f"This invitation is no longer pending: it was {current.state.lower()}.",
                reason=f"INVITATION_{current.state}",
            )
        if outcome == ACCEPTED:
            pair = await connections_db.pair_state(tx, viewer.id, other_id)
            _check_limits(ctx, pair, viewer, other)
            return *(await _accept(tx, current, now)), True
        return await invitations_db.set_state(tx, invitation_id, outcome, now), None, True

    invitation, note_, changed = await ctx.graph.write(work)
    _forget(ctx, invitation)
    if changed:
        await _announce(ctx, invitation, note_)
    return invitation


async def _current(tx: Tx, invitation_id: str) -> InvitationRecord:
    return (await invitations_db.by_ids(tx, [invitation_id]))[invitation_id]


async def _accept(
    tx: Tx, invitation: InvitationRecord, now: int
) -> tuple[InvitationRecord, NotificationRecord | None]:
    accepted = await invitations_db.set_state(tx, invitation.id, ACCEPTED, now)
    await connections_db.connect(tx, invitation.sender_id, invitation.recipient_id, now)
    note = await notifications.accepted_invitation(
        tx, invitation.id, invitation.sender_id, invitation.recipient_id, now
    )
    return accepted, note


async def _announce(
    ctx: Context, invitation: InvitationRecord, note: NotificationRecord | None
) -> None:
    parties = (invitation.id, invitation.state, invitation.sender_id, invitation.recipient_id)
    await notifications.announce(ctx, [note], invitation=parties)


async def _check_invitations_from(tx: Tx, viewer: PersonRecord, recipient: PersonRecord) -> None:
    if recipient.invitations_from != "SHARED_CONNECTIONS":
        return
    if not await audience_db.share_a_connection(tx, viewer.id, recipient.id):
        raise Forbidden(
            f"{recipient.name} takes invitations only from people who share a connection "
            "with them. You can follow them instead.",
            reason=invite_rules.SHARED_CONNECTION_REQUIRED,
        )


def _check_cooldown(ctx: Context, pair: PairState, recipient: PersonRecord, now: int) -> None:
    until_ms = invite_rules.cooldown_until(ctx.policy, now, pair.a_withdrawn_at)
    if until_ms is not None:
        until = to_datetime(until_ms)
        raise Conflict(
            f"You withdrew an invitation to {recipient.name} recently; you can invite "
            f"them again from {until:%Y-%m-%d %H:%M} UTC.",
            reason=invite_rules.COOLDOWN,
            retryAfter=until.isoformat(),
        )


def _check_limits(
    ctx: Context, pair: PairState, viewer: PersonRecord, other: PersonRecord | None
) -> None:
    limit = ctx.policy.max_connections
    reason = invite_rules.limit_reason(ctx.policy, pair.a_connections, pair.b_connections)
    if reason == invite_rules.VIEWER_AT_LIMIT:
        raise LimitReached(
            f"You have reached the limit of {limit} connections. You can still follow people.",
            reason=reason,
            limit=limit,
        )
    if reason == invite_rules.OTHER_AT_LIMIT:
        name = other.name if other else "This person"
        raise LimitReached(
            f"{name} has reached the limit of {limit} connections. You can follow them instead.",
            reason=reason,
            limit=limit,
        )


def _forget(ctx: Context, invitation: InvitationRecord) -> None:
    """Later fields of this request must see the change, not what loaders cached before."""
    ctx.loaders.invitation.prime(invitation.id, invitation, force=True)
    forget(ctx.loaders.counts, invitation.sender_id, invitation.recipient_id)
    forget(ctx.loaders.connected, invitation.sender_id, invitation.recipient_id)
