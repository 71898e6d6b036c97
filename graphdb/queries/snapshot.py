"""Whole-network reads for analytics snapshots (graphdb.snapshot).

Relationships come grouped per person: one record per person carries all of that
person's outgoing relationships, about three times the rows per second of one record
per relationship (the driver's per-record cost dominates), their far ends as element
ids (graphdb.snapshot maps them to ids). Each CALL aggregates without
a grouping key, so the store holds one person's relationships at a time, hubs included.
"""

from typing import LiteralString

# The far end of each relationship comes as its element id, which the relationship
# holds: its `id` would load the far person's whole record once per relationship (on
# the local store, 100,000 people's 2.3M follows took 8.5 s by id, 3.1 s by element
# id). Every person is an owner row, with both, so the caller maps the ends back within
# the same transaction (where element ids are stable); SNAPSHOT_PEOPLE_BY_ELEMENT_ID
# finds anyone who joined after the scan passed them.
# Connections are stored low id -> high id: each appears once, from its low end. Each
# record also carries its person's own fields and posts (graphdb.snapshot.RIDERS).
SNAPSHOT_CONNECTIONS: LiteralString = """
MATCH (p:Person)
CALL (p) {
  MATCH (p)-[c:CONNECTED_TO]->(q:Person)
  RETURN collect(elementId(q)) AS others, collect(c.since) AS since
}
CALL (p) {
  MATCH (p)-[:POSTED]->(x:Post)
  RETURN collect(x.id) AS posts, collect(x.createdAt) AS postedAt,
         collect(x.visibility) AS visibility
}
RETURN elementId(p) AS eid, p.id AS id, others, since, p.handle AS handle, p.name AS name,
       p.createdAt AS createdAt, p.industry AS industry, p.location AS location,
       posts, postedAt, visibility
"""
SNAPSHOT_FOLLOWS: LiteralString = """
MATCH (p:Person)
CALL (p) {
  MATCH (p)-[f:FOLLOWS]->(q:Person)
  RETURN collect(elementId(q)) AS others, collect(f.since) AS since,
         collect(coalesce(f.viaConnection, false)) AS via
}
RETURN elementId(p) AS eid, p.id AS id, others, since, via
"""
# One scan, whatever the number of element ids (the local store does not seek by them).
SNAPSHOT_PEOPLE_BY_ELEMENT_ID: LiteralString = """
MATCH (p:Person)
WHERE elementId(p) IN $eids
RETURN elementId(p) AS eid, p.id AS id
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
# People's posts ride on SNAPSHOT_CONNECTIONS; organizations' come here.
SNAPSHOT_ORGANIZATION_POSTS: LiteralString = """
MATCH (a:Organization)-[:POSTED]->(p:Post)
RETURN p.id AS id, a.id AS author, 'ORGANIZATION' AS authorKind,
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
