"""The notification inbox: one (:Notification) per event that concerns a person.

Each person numbers their notifications 1, 2, 3, ... (`Person.inboxSeq`, taken under
the person's write lock in the transaction of the change), and each notification is
found by `inboxKey` = "<recipient id>:<seq>", a unique key. A page is then a set of
point lookups of known keys, newest first, whatever the inbox holds: a range scan
ordered by time would sort every notification of a person with 100,000 followers
on the local store, which orders an index range only by sorting it. `inboxReadSeq`
marks everything up to it read, and `inboxFloor` is the highest number pruned.
"""

from typing import LiteralString

NOTIFICATION_MAP: LiteralString = (
    "{.id, .kind, .recipientId, .actorId, .subjectId, .conversationId, .at, .seq}"
)

# Written in the change's own transaction, after the change. Nothing is written across
# a block; a notification id already written (a repeated or retried change) is not
# written again, and the statement then returns no row.
ADD_NOTIFICATION: LiteralString = (
    """
MATCH (r:Person {id: $recipientId})
MATCH (a:Person {id: $actorId})
WHERE NOT EXISTS { (r)-[:BLOCKS]-(a) }
OPTIONAL MATCH (old:Notification {id: $id})
WITH r, old
WHERE old IS NULL
SET r.inboxSeq = coalesce(r.inboxSeq, 0) + 1
WITH r, r.inboxSeq AS seq
CREATE (n:Notification {
  id: $id, kind: $kind, recipientId: $recipientId, actorId: $actorId,
  subjectId: $subjectId, conversationId: $conversationId, at: $now, seq: seq,
  inboxKey: $recipientId + ':' + toString(seq)
})
RETURN n """
    + NOTIFICATION_MAP
    + """ AS notification
"""
)

# Where a person's inbox stands, with the people hidden from them by a block.
INBOX_STATE: LiteralString = """
MATCH (p:Person {id: $id})
CALL () {
  OPTIONAL MATCH (:Person {id: $id})-[:BLOCKS]-(x:Person)
  RETURN collect(x.id) AS hidden
}
RETURN coalesce(p.inboxSeq, 0) AS seq, coalesce(p.inboxReadSeq, 0) AS readSeq,
       coalesce(p.inboxFloor, 0) AS floor, hidden
"""

# Notifications by key (a window of one inbox's numbers), newest first.
NOTIFICATIONS_BY_KEYS: LiteralString = (
    """
UNWIND $keys AS key
MATCH (n:Notification {inboxKey: key})
WHERE NOT n.actorId IN $hidden
RETURN n """
    + NOTIFICATION_MAP
    + """ AS notification
ORDER BY n.seq DESC
"""
)

# Read marks only move forward, and never past the newest notification.
MARK_NOTIFICATIONS_READ: LiteralString = """
MATCH (p:Person {id: $id})
WITH p, coalesce(p.inboxSeq, 0) AS top, coalesce(p.inboxReadSeq, 0) AS was
WITH p, top, was, CASE WHEN $upTo IS NULL OR $upTo > top THEN top ELSE $upTo END AS upTo
SET p.inboxReadSeq = CASE WHEN upTo > was THEN upTo ELSE was END
RETURN p.inboxReadSeq AS readSeq, top AS seq
"""

# Pruning, one bounded batch at a time: find old ones, raise their inboxes' floors,
# delete them.
OLD_NOTIFICATIONS: LiteralString = """
MATCH (n:Notification)
WHERE n.at < $before
RETURN n.id AS id, n.recipientId AS recipientId, n.seq AS seq
LIMIT $limit
"""
RAISE_INBOX_FLOORS: LiteralString = """
UNWIND $floors AS f
MATCH (p:Person {id: f.id})
SET p.inboxFloor = CASE WHEN coalesce(p.inboxFloor, 0) < f.seq THEN f.seq ELSE p.inboxFloor END
"""
DELETE_NOTIFICATIONS: LiteralString = """
UNWIND $ids AS id
MATCH (n:Notification {id: id})
DELETE n
"""
