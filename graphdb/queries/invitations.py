"""Invitations: (sender)-[:SENT]->(:Invitation)-[:TO]->(recipient), with a lifecycle.

Patterns start at the invitation found by its key: the local store (ArcadeDB) plans a
pattern from its leftmost node and would otherwise scan every Person.
"""

from typing import LiteralString

INVITATION_MAP: LiteralString = (
    "{.id, .state, .note, .sentAt, .acceptedAt, .ignoredAt, .withdrawnAt}"
)

INVITATIONS_BY_IDS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (i:Invitation {id: id})
MATCH (i)<-[:SENT]-(s:Person)
MATCH (i)-[:TO]->(r:Person)
RETURN i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId
"""
)
CREATE_INVITATION: LiteralString = (
    """
MATCH (s:Person {id: $senderId})
MATCH (r:Person {id: $recipientId})
CREATE (s)-[:SENT]->(i:Invitation {
  id: $id, state: 'PENDING', pendingKey: $pairKey, note: $note, sentAt: $now
})-[:TO]->(r)
RETURN i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId
"""
)
# Leaving PENDING frees the pair's pending slot and stamps the time of the change.
SET_INVITATION_STATE: LiteralString = (
    """
MATCH (i:Invitation {id: $id})
MATCH (i)<-[:SENT]-(s:Person)
MATCH (i)-[:TO]->(r:Person)
SET i.state = $state,
    i.pendingKey = null,
    i.acceptedAt = CASE WHEN $state = 'ACCEPTED' THEN $now ELSE i.acceptedAt END,
    i.ignoredAt = CASE WHEN $state = 'IGNORED' THEN $now ELSE i.ignoredAt END,
    i.withdrawnAt = CASE WHEN $state = 'WITHDRAWN' THEN $now ELSE i.withdrawnAt END
RETURN i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId
"""
)

# Keyset pages, newest first, over one state of a person's received or sent invitations.
RECEIVED_INVITATIONS_PAGE: LiteralString = (
    """
MATCH (r:Person {id: $id})<-[:TO]-(i:Invitation)<-[:SENT]-(s:Person)
WHERE i.state = $state AND NOT s.id IN $hidden
  AND ($afterAt IS NULL OR i.sentAt < $afterAt OR (i.sentAt = $afterAt AND i.id < $afterId))
RETURN i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId
ORDER BY i.sentAt DESC, i.id DESC
LIMIT $limit
"""
)
SENT_INVITATIONS_PAGE: LiteralString = (
    """
MATCH (s:Person {id: $id})-[:SENT]->(i:Invitation)-[:TO]->(r:Person)
WHERE i.state = $state AND NOT r.id IN $hidden
  AND ($afterAt IS NULL OR i.sentAt < $afterAt OR (i.sentAt = $afterAt AND i.id < $afterId))
RETURN i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId
ORDER BY i.sentAt DESC, i.id DESC
LIMIT $limit
"""
)
RECEIVED_INVITATIONS_COUNT: LiteralString = """
MATCH (:Person {id: $id})<-[:TO]-(i:Invitation)<-[:SENT]-(s:Person)
WHERE i.state = $state AND NOT s.id IN $hidden
RETURN count(i) AS total
"""
SENT_INVITATIONS_COUNT: LiteralString = """
MATCH (:Person {id: $id})-[:SENT]->(i:Invitation)-[:TO]->(r:Person)
WHERE i.state = $state AND NOT r.id IN $hidden
RETURN count(i) AS total
"""

LOAD_INVITATIONS: LiteralString = """
UNWIND $rows AS row
MATCH (s:Person {id: row.senderId})
MATCH (r:Person {id: row.recipientId})
CREATE (s)-[:SENT]->(:Invitation {
  id: row.id, state: row.state, pendingKey: row.pendingKey, note: row.note,
  sentAt: row.sentAt, acceptedAt: row.acceptedAt, ignoredAt: row.ignoredAt,
  withdrawnAt: row.withdrawnAt
})-[:TO]->(r)
"""
