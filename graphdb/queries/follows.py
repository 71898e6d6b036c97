"""Follows: one-way, no approval; one per ordered pair (key "follower>followee")."""

from typing import LiteralString

# An explicit follow is the person's own choice: it outlives a removed connection,
# so it clears `viaConnection` even when the follow already existed.
FOLLOW: LiteralString = """
MATCH (a:Person {id: $followerId})
MATCH (b:Person {id: $followeeId})
MERGE (a)-[f:FOLLOWS {key: $key}]->(b)
ON CREATE SET f.since = $now
SET f.viaConnection = false
RETURN f.since AS since
"""
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
