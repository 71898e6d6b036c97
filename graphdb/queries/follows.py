"""Follows: one-way, no approval; one per ordered pair (key "follower>followee")."""

from typing import LiteralString

# An explicit follow is the person's own choice: it outlives a removed connection,
# so it clears `viaConnection` even when the follow already existed.
_MERGE_FOLLOW: LiteralString = """
MATCH (a:Person {id: $followerId})
MATCH (b:Person {id: $followeeId})
MERGE (a)-[f:FOLLOWS {key: $key}]->(b)
ON CREATE SET f.since = $now
SET f.viaConnection = false
"""
FOLLOW: LiteralString = _MERGE_FOLLOW + "RETURN f.since AS since\n"
# FOLLOW and, when the follow is new (and no block stands), its notification, in one
# statement. "New" is begun now and not yet notified: two identical follows racing in
# the same millisecond both see `since = $now`, and the notification's id (from the
# event) lets only one write it. The notification is part of the follow's own
# statement, not another round trip (graphdb/queries/notifications.py numbers the inbox
# the same way).
FOLLOW_NOTIFYING: LiteralString = (
    _MERGE_FOLLOW
    + """WITH a, b, f
OPTIONAL MATCH (old:Notification {id: $notificationId})
WITH a, b, f, f.since = $now AND old IS NULL AND NOT EXISTS { (b)-[:BLOCKS]-(a) } AS notify
FOREACH (_ IN CASE WHEN notify THEN [1] ELSE [] END |
  SET b.inboxSeq = coalesce(b.inboxSeq, 0) + 1
  CREATE (:Notification {
    id: $notificationId, kind: $kind, recipientId: b.id, actorId: a.id, subjectId: a.id,
    conversationId: null, at: $now, seq: b.inboxSeq, inboxKey: b.id + ':' + toString(b.inboxSeq)
  })
)
RETURN f.since AS since, CASE WHEN notify THEN b.inboxSeq END AS seq
"""
)
UNFOLLOW: LiteralString = """
MATCH (:Person {id: $followerId})-[f:FOLLOWS]->(:Person {id: $followeeId})
DELETE f
RETURN count(*) AS removed
"""
FOLLOW_EXISTS: LiteralString = """
MATCH (:Person {id: $followerId})-[f:FOLLOWS]->(:Person {id: $followeeId})
RETURN f.since AS since
"""

LOAD_FOLLOWS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Person {id: row.followerId})
MATCH (b:Person {id: row.followeeId})
CREATE (a)-[:FOLLOWS {key: row.followerId + '>' + row.followeeId, since: row.since,
                      viaConnection: row.viaConnection}]->(b)
"""
