"""The notification inbox: written with each change, read newest first, pushed after
the change commits.

Kinds: INVITATION_RECEIVED (to the recipient), INVITATION_ACCEPTED (to the sender),
NEW_FOLLOWER (to the person followed; not for the follows connecting makes) and
MESSAGE_RECEIVED. Ignoring or withdrawing an invitation notifies nobody.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from graphdb import follows as follows_db
from graphdb import notifications as notifications_db
from graphdb.graph import Tx
from graphdb.records import Keyset, NotificationRecord
from resolvers import audience
from resolvers.context import Context, Info
from resolvers.errors import BadUserInput
from resolvers.events import INVITATION, NOTIFICATION, Event
from resolvers.loaders import forget
from resolvers.pagination import decode_cursor, encode_cursor, page_size

INVITATION_RECEIVED = notifications_db.INVITATION_RECEIVED
INVITATION_ACCEPTED = notifications_db.INVITATION_ACCEPTED
NEW_FOLLOWER = notifications_db.NEW_FOLLOWER
MESSAGE_RECEIVED = notifications_db.MESSAGE_RECEIVED

LIST = "notifications"  # the cursors' list name
# The unread count is exact up to this, and says "at least this" above it: a badge
# shows "100+", and counting a hub's 100,000 unread follows would cost 100,000 reads.
UNREAD_COUNT_CAP = 100
# A page reads its window of inbox numbers in at most this many trips, each window
# four times the last: only notifications from people since blocked leave holes.
_TRIPS = 3
_GROWTH = 4


@dataclasses.dataclass(frozen=True)
class NotificationPage:
    items: list[tuple[NotificationRecord, str]]
    has_next_page: bool
    has_previous_page: bool
    end_cursor: str | None  # past the last item when holes ended the page early
    read_up_to: int  # inbox numbers up to this one are read

    @property
    def start_cursor(self) -> str | None:
        return self.items[0][1] if self.items else None


def cursor_of(record: NotificationRecord) -> str:
    return encode_cursor(LIST, Keyset(record.seq, record.id))


def _number(argument: str, cursor: str | None) -> int | None:
    """The inbox number a notifications cursor points at."""
    try:
        keyset = decode_cursor(LIST, cursor)
    except BadUserInput as e:
        raise BadUserInput(
            f"`{argument}` is not a cursor of the notifications list.", reason="INVALID_CURSOR"
        ) from e
    return None if keyset is None else int(keyset.value)


async def notifications(
    info: Info,
    person_id: str,
    first: int | None,
    after: str | None,
    unread_only: bool,
    since: str | None,
) -> NotificationPage | None:
    """The person's notifications, newest first: theirs alone. `since` (a cursor) keeps
    only newer ones: how a client catches up on what it missed."""
    if not audience.is_owner(info, person_id):
        return None
    limit = page_size(first)
    start, newer_than = _number("after", after), _number("since", since)
    state = await info.context.loaders.inbox.load(person_id)
    top = state.seq if start is None else min(state.seq, start - 1)
    low = max(state.floor, state.read_seq if unread_only else 0, newer_than or 0)  # exclusive
    rows: list[NotificationRecord] = []
    position, window = top, limit + 1
    for _ in range(_TRIPS):
        if position <= low or len(rows) > limit:
            break
        bottom = max(low, position - window)
        rows += await notifications_db.by_numbers(
            info.context.graph, person_id, range(position, bottom, -1), state.hidden
        )
        position, window = bottom, window * _GROWTH
    shown = rows[:limit]
    items = [(row, cursor_of(row)) for row in shown]
    if len(rows) > limit or position <= low:
        end = items[-1][1] if items else None
    else:  # holes filled the windows: the next page starts where this one stopped
        end = encode_cursor(LIST, Keyset(position + 1, ""))
    return NotificationPage(
        items,
        has_next_page=len(rows) > limit or position > low,
        has_previous_page=after is not None,
        end_cursor=end,
        read_up_to=state.read_seq,
    )


async def unread_count(info: Info, person_id: str) -> int | None:
    """Unread notifications, exact up to UNREAD_COUNT_CAP (which means that many or more)."""
    if not audience.is_owner(info, person_id):
        return None
    state = await info.context.loaders.inbox.load(person_id)
    unread = state.seq - max(state.read_seq, state.floor)
    if unread <= 0 or not state.hidden:
        return max(0, min(unread, UNREAD_COUNT_CAP))
    # Some may be from people since blocked: look at the newest ones, as far as counts.
    looked = min(unread, 2 * UNREAD_COUNT_CAP)
    visible = await notifications_db.by_numbers(
        info.context.graph, person_id, range(state.seq, state.seq - looked, -1), state.hidden
    )
    return min(UNREAD_COUNT_CAP, len(visible) + unread - looked)


async def mark_read(info: Info, up_to: str | None) -> str:
    """Mark the viewer's notifications read up to the one at `up_to` (a cursor), or
    all of them. Read marks only move forward. Returns the viewer's id."""
    ctx = info.context
    viewer = await ctx.require_viewer()
    number = _number("upTo", up_to)
    await ctx.graph.write(lambda tx: notifications_db.mark_read(tx, viewer.id, number))
    forget(ctx.loaders.inbox, viewer.id)
    return viewer.id


# Writing, inside a change's transaction.


async def received_invitation(
    tx: Tx, invitation_id: str, sender_id: str, recipient_id: str, now: int
) -> NotificationRecord | None:
    return await notifications_db.add(
        tx, INVITATION_RECEIVED, recipient_id, sender_id, invitation_id, now,
        event=(invitation_id,),
    )  # fmt: skip


async def accepted_invitation(
    tx: Tx, invitation_id: str, sender_id: str, recipient_id: str, now: int
) -> NotificationRecord | None:
    return await notifications_db.add(
        tx, INVITATION_ACCEPTED, sender_id, recipient_id, invitation_id, now,
        event=(invitation_id,),
    )  # fmt: skip


async def follow(tx: Tx, follower_id: str, followee_id: str, now: int) -> NotificationRecord | None:
    """Follow, and notify the followee when the follow is new. One per follow: following
    again after unfollowing is a new follow, with a new `since`."""
    _, note = await follows_db.follow_notifying(tx, follower_id, followee_id, now, NEW_FOLLOWER)
    return note


async def received_message(
    tx: Tx, message_id: str, conversation_id: str, sender_id: str, recipient_id: str, now: int
) -> NotificationRecord | None:
    return await notifications_db.add(
        tx, MESSAGE_RECEIVED, recipient_id, sender_id, message_id, now,
        event=(message_id,), conversation_id=conversation_id,
    )  # fmt: skip


# Pushing, after the change committed.


async def announce(
    ctx: Context,
    notes: Iterable[NotificationRecord | None] = (),
    invitation: tuple[str, str, str, str] | None = None,
) -> None:
    """Push what a committed change wrote: its notifications, and for an invitation
    (id, state, sender id, recipient id) the change itself to both parties (to the
    recipient only when ignored: ignoring stays silent)."""
    if ctx.events is None:
        return
    now = ctx.clock()
    events = [Event(note.recipient_id, NOTIFICATION, note.to_dict(), now) for note in notes if note]
    if invitation is not None:
        invitation_id, state, sender_id, recipient_id = invitation
        parties = [recipient_id] if state == "IGNORED" else [sender_id, recipient_id]
        data = {"invitationId": invitation_id, "state": state}
        events += [Event(person, INVITATION, data, now) for person in parties]
    if events:
        await ctx.events.publish(events)
