"""Blocks: one per ordered pair (key "blocker>blocked"). Either direction hides each
person from the other everywhere."""

from typing import LiteralString

from graphdb.queries.people import PERSON_MAP

# Everyone hidden from a person: those they blocked and those who blocked them.
HIDDEN_FROM: LiteralString = """
MATCH (:Person {id: $id})-[:BLOCKS]-(other:Person)
RETURN collect(DISTINCT other.id) AS ids
"""
BLOCKS: LiteralString = """
MATCH (a:Person {id: $blockerId})
RETURN EXISTS { (a)-[:BLOCKS]->(:Person {id: $blockedId}) } AS blocks
"""
BLOCK: LiteralString = """
MATCH (a:Person {id: $blockerId})
MATCH (b:Person {id: $blockedId})
MERGE (a)-[k:BLOCKS {key: $key}]->(b)
ON CREATE SET k.since = $now
RETURN k.since AS since
"""
# A block ends everything between the two: the connection, every follow (chosen or
# not) and any pending invitation. Past invitations stay, hidden like the person.
SEVER: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
OPTIONAL MATCH (a)-[r:CONNECTED_TO|FOLLOWS]-(b)
DELETE r
RETURN count(r) AS removed
"""
DROP_PENDING_INVITATION: LiteralString = """
MATCH (i:Invitation {pendingKey: $pairKey})
DETACH DELETE i
"""
UNBLOCK: LiteralString = """
MATCH (:Person {id: $blockerId})-[k:BLOCKS]->(:Person {id: $blockedId})
DELETE k
RETURN count(*) AS removed
"""
BLOCK_COUNT: LiteralString = """
MATCH (:Person {id: $id})-[k:BLOCKS]->(:Person)
RETURN count(k) AS total
"""
BLOCKED_PAGE: LiteralString = (
    """
MATCH (:Person {id: $id})-[k:BLOCKS]->(other:Person)
WHERE $afterAt IS NULL OR k.since < $afterAt OR (k.since = $afterAt AND other.id < $afterId)
WITH other, k.since AS since
ORDER BY since DESC, other.id DESC
LIMIT $limit
RETURN other """
    + PERSON_MAP
    + """ AS person, since
"""
)
