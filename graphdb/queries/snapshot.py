"""Whole-network reads for analytics snapshots (graphdb.snapshot).

Relationships come grouped per person: one record per person carries all of that
person's outgoing relationships, about three times the rows per second of one record
per relationship (the driver's per-record cost dominates). Each CALL aggregates without
a grouping key, so the store holds one person's relationships at a time, hubs included.
"""

from typing import LiteralString

SNAPSHOT_PEOPLE: LiteralString = """
MATCH (p:Person)
RETURN p.id AS id, p.handle AS handle, p.name AS name, p.createdAt AS createdAt,
       p.industry AS industry, p.location AS location
"""
# Connections are stored low id -> high id: each appears once, from its low end.
SNAPSHOT_CONNECTIONS: LiteralString = """
MATCH (p:Person)
CALL (p) {
  MATCH (p)-[c:CONNECTED_TO]->(q:Person)
  RETURN collect(q.id) AS others, collect(c.since) AS since
}
RETURN p.id AS id, others, since
"""
SNAPSHOT_FOLLOWS: LiteralString = """
MATCH (p:Person)
CALL (p) {
  MATCH (p)-[f:FOLLOWS]->(q:Person)
  RETURN collect(q.id) AS others, collect(f.since) AS since,
         collect(coalesce(f.viaConnection, false)) AS via
}
RETURN p.id AS id, others, since, via
"""
SNAPSHOT_ORGANIZATION_FOLLOWS: LiteralString = """
MATCH (p:Person)-[f:FOLLOWS]->(o:Organization)
RETURN p.id AS person, o.id AS organization, f.since AS since
"""
SNAPSHOT_INVITATIONS: LiteralString = """
MATCH (s:Person)-[:SENT]->(i:Invitation)-[:TO]->(r:Person)
RETURN i.id AS id, s.id AS sender, r.id AS recipient, i.state AS state, i.sentAt AS sentAt,
       i.acceptedAt AS acceptedAt, i.ignoredAt AS ignoredAt, i.withdrawnAt AS withdrawnAt
"""
SNAPSHOT_POSTS: LiteralString = """
MATCH (a)-[:POSTED]->(p:Post)
RETURN p.id AS id, a.id AS author,
       CASE WHEN a:Organization THEN 'ORGANIZATION' ELSE 'PERSON' END AS authorKind,
       p.createdAt AS createdAt, p.visibility AS visibility
"""
SNAPSHOT_ORGANIZATIONS: LiteralString = """
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.createdAt AS createdAt,
       COUNT { (o)<-[:FOLLOWS]-(:Person) } AS followers
"""
SNAPSHOT_AFFILIATIONS: LiteralString = """
MATCH (p:Person)-[a:AFFILIATED_WITH]->(o:Organization)
RETURN p.id AS person, o.id AS organization, a.role AS role, a.year AS year
"""
SNAPSHOT_BLOCKS: LiteralString = "MATCH (:Person)-[b:BLOCKS]->(:Person) RETURN count(b) AS blocks"
SNAPSHOT_PERSON_COUNT: LiteralString = "MATCH (p:Person) RETURN count(p) AS people"
