"""Connections: mutual, one per unordered pair (key "lowId|highId", stored low -> high)."""

from typing import LiteralString

from graphdb.queries.invitations import INVITATION_MAP

# Taken first by every transaction that changes a pair's network state. Writing the
# two people (in id order, so two transactions never wait on each other in a cycle)
# serialises them: on Neo4j through write locks, on an MVCC store through a
# conflict and a retry. The version also tells caches the network changed. (UNWIND, not
# `WHERE p.id IN $ids`: the local store scans every person for that in a write.)
LOCK_PAIR: LiteralString = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
WITH p ORDER BY p.id
SET p.networkVersion = coalesce(p.networkVersion, 0) + 1
RETURN p.id AS id
"""
# What the rules need to know about a pair, read after LOCK_PAIR in one statement:
# one snapshot, so the pending invitation it names is the one it returns.
PAIR_STATE: LiteralString = (
    """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
OPTIONAL MATCH (a)-[c:CONNECTED_TO]-(b)
OPTIONAL MATCH (i:Invitation {pendingKey: $pairKey})
OPTIONAL MATCH (i)<-[:SENT]-(s:Person)
OPTIONAL MATCH (i)-[:TO]->(r:Person)
RETURN c.since AS connectedSince,
       i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId,
       COUNT { (a)-[:CONNECTED_TO]-() } AS aConnections,
       COUNT { (b)-[:CONNECTED_TO]-() } AS bConnections,
       [(a)-[:SENT]->(w:Invitation {state: 'WITHDRAWN'})-[:TO]->(b) | w.withdrawnAt]
         AS aWithdrawnAt
"""
)
# Connecting makes each follow the other; follows that already existed stay as chosen.
# `linkedAt` (each one's latest connection) lets the suggestions page skip walking a
# hub's connections for those made since a snapshot when there are none.
CONNECT: LiteralString = """
MATCH (low:Person {id: $lowId})
MATCH (high:Person {id: $highId})
MERGE (low)-[c:CONNECTED_TO {key: $lowId + '|' + $highId}]->(high)
ON CREATE SET c.since = $now
SET low.linkedAt = CASE WHEN coalesce(low.linkedAt, 0) < c.since THEN c.since
                        ELSE low.linkedAt END,
    high.linkedAt = CASE WHEN coalesce(high.linkedAt, 0) < c.since THEN c.since
                         ELSE high.linkedAt END
MERGE (low)-[f1:FOLLOWS {key: $lowId + '>' + $highId}]->(high)
ON CREATE SET f1.since = $now, f1.viaConnection = true
MERGE (high)-[f2:FOLLOWS {key: $highId + '>' + $lowId}]->(low)
ON CREATE SET f2.since = $now, f2.viaConnection = true
RETURN c.since AS since
"""
DISCONNECT: LiteralString = """
MATCH (:Person {id: $lowId})-[c:CONNECTED_TO]->(:Person {id: $highId})
DELETE c
RETURN count(*) AS removed
"""
# Removing a connection takes back the follows it created; follows either person
# chose themselves (before or during the connection) stay.
UNFOLLOW_VIA_CONNECTION: LiteralString = """
MATCH (a:Person {id: $lowId})-[f:FOLLOWS]-(b:Person {id: $highId})
WHERE f.viaConnection = true
DELETE f
RETURN count(*) AS removed
"""

LOAD_CONNECTIONS: LiteralString = """
UNWIND $rows AS row
MATCH (low:Person {id: row.lowId})
MATCH (high:Person {id: row.highId})
CREATE (low)-[:CONNECTED_TO {key: row.lowId + '|' + row.highId, since: row.since}]->(high)
CREATE (low)-[:FOLLOWS {key: row.lowId + '>' + row.highId, since: row.since,
                        viaConnection: true}]->(high)
CREATE (high)-[:FOLLOWS {key: row.highId + '>' + row.lowId, since: row.since,
                         viaConnection: true}]->(low)
"""
