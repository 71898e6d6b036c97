"""Suggestions served from an analytics snapshot: what changed since it, and the people
and organizations a page shows.

The ranked lists come from the snapshot (analytics.suggestion_index); these statements
only read what the viewer's own relationships say now, so their work is bounded by the
viewer's own degree and a capped walk of the connections made since.
"""

from typing import LiteralString

from graphdb.queries.organizations import ORGANIZATION_MAP, SHARED_ORGANIZATIONS_SUBQUERY
from graphdb.queries.people import PERSON_MAP

# The viewer's connections made since the snapshot (newest first, at most $maxFresh)
# with up to $cap of each one's connections (new second degree), and the people an
# invitation pending or a block either way keeps out. Only the connections since are
# ordered: ordering all of a hub's 5,000 took 50 ms of the local store's time. Nor are
# they walked at all when the viewer's latest connection (`linkedAt`, kept by CONNECT
# and the bulk loads) is older than the snapshot; people loaded without it are walked.
CONNECT_CHANGES: LiteralString = """
MATCH (me:Person {id: $id})
CALL (me) {
  WITH me
  WHERE coalesce(me.linkedAt, $asOf) >= $asOf
  OPTIONAL MATCH (me)-[k:CONNECTED_TO]-(f:Person)
  WHERE k.since >= $asOf
  WITH f, k.since AS since
  ORDER BY since DESC, f.id
  LIMIT $maxFresh
  RETURN collect(f) AS fresh
}
CALL (fresh) {
  UNWIND fresh AS f
  CALL (f) {
    MATCH (f)-[:CONNECTED_TO]-(c:Person)
    RETURN c
    LIMIT $cap
  }
  RETURN collect(c.id) AS reached
}
RETURN [f IN fresh | f.id] AS fresh, reached,
       [(me)-[:SENT]->(:Invitation {state: 'PENDING'})-[:TO]->(x:Person) | x.id]
       + [(me)<-[:TO]-(:Invitation {state: 'PENDING'})<-[:SENT]-(x:Person) | x.id]
       + [(me)-[:BLOCKS]-(x:Person) | x.id] AS excluded
"""
# Everyone connected to the viewer now: asked only when connections made since the
# snapshot brought new people, to tell the viewer's own connections out of them.
FRIEND_IDS: LiteralString = """
MATCH (:Person {id: $id})-[:CONNECTED_TO]-(f:Person)
RETURN collect(f.id) AS friends
"""

# What keeps a precomputed follow suggestion out now: followed or connected since the
# snapshot, or a block either way. This walks all of the viewer's follows and
# connections since (reading each one's time: 137-212 ms for a hub's 10,000 on the
# local store); for viewers with more of those than suggestions, the caller asks
# FOLLOW_BLOCKS and looks the suggestions' follows and connections up by key instead.
FOLLOW_CHANGES: LiteralString = """
MATCH (me:Person {id: $id})
RETURN [(me)-[f:FOLLOWS]->(x) WHERE f.since >= $asOf | x.id]
       + [(me)-[k:CONNECTED_TO]-(x:Person) WHERE k.since >= $asOf | x.id]
       + [(me)-[:BLOCKS]-(x:Person) | x.id] AS excluded
"""
FOLLOW_BLOCKS: LiteralString = """
MATCH (me:Person {id: $id})
RETURN [(me)-[:BLOCKS]-(x:Person) | x.id] AS excluded
"""

# Which of these connections still exist (keys "lowId|highId"): the mutual connections
# the analytics run noted beside a suggestion hold if both of their connections do.
# Through the key's index: a lookup each, whatever the two people's degrees. (The
# local store looks up `WHERE k.key IN $keys` through it; a key per UNWIND row, not.)
LIVE_CONNECTIONS: LiteralString = """
MATCH ()-[k:CONNECTED_TO]->()
WHERE k.key IN $keys
RETURN k.key AS key
"""

# Which of these follows exist (keys "follower>followee"), and whether each was chosen
# (not made by connecting): the people the run noted as following a follow suggestion
# still do if the viewer still follows them and they still choose to follow it. Through
# the key's index, as LIVE_CONNECTIONS.
LIVE_FOLLOWS: LiteralString = """
MATCH ()-[f:FOLLOWS]->()
WHERE f.key IN $keys
RETURN f.key AS key, NOT coalesce(f.viaConnection, false) AS chosen
"""

# A page of connect suggestions: each person, a few mutual connections, and the
# organizations both belong to. Mutual connections the run noted that still hold come
# as `row.given`; for the rest they are the first found walking
# the connections of whichever of the two has fewer (`row.fromC`) and testing each
# against the other: from the other's side while that one is small (`row.testOther`),
# else from the connection's own side. The caller tells both from the run's counts (a
# count costs the local store a walk). LIMIT stops the walk early. On the local store,
# for a page of 20: from a hub's side, 5,000 connections with a few mutual, 400 ms;
# testing against a hub from its side 1.5 s; the best of the four here 20-45 ms.
# UNWIND first: the local store finds nothing for a MATCH by id after a MATCH of
# another node.
_MUTUAL_SAMPLE: LiteralString = (
    """
           RETURN m """
    + PERSON_MAP
    + """
           LIMIT $sample
         }"""
)
CONNECT_DETAILS: LiteralString = (
    """
UNWIND $rows AS row
MATCH (c:Person {id: row.id})
MATCH (me:Person {id: $id})
RETURN c """
    + PERSON_MAP
    + """ AS person,
       CASE
         WHEN size(row.given) > 0 THEN COLLECT {
           UNWIND row.given AS given
           MATCH (m:Person {id: given})"""
    + _MUTUAL_SAMPLE
    + """
         WHEN row.fromC AND row.testOther THEN COLLECT {
           MATCH (c)-[:CONNECTED_TO]-(m:Person)
           WHERE EXISTS { (me)-[:CONNECTED_TO]-(m) }"""
    + _MUTUAL_SAMPLE
    + """
         WHEN row.fromC THEN COLLECT {
           MATCH (c)-[:CONNECTED_TO]-(m:Person)-[:CONNECTED_TO]-(me)"""
    + _MUTUAL_SAMPLE
    + """
         WHEN row.testOther THEN COLLECT {
           MATCH (me)-[:CONNECTED_TO]-(m:Person)
           WHERE EXISTS { (c)-[:CONNECTED_TO]-(m) }"""
    + _MUTUAL_SAMPLE
    + """
         ELSE COLLECT {
           MATCH (me)-[:CONNECTED_TO]-(m:Person)-[:CONNECTED_TO]-(c)"""
    + _MUTUAL_SAMPLE
    + """
       END AS sample,
       """
    + SHARED_ORGANIZATIONS_SUBQUERY
    + """
"""
)

# A page of follow suggestions: each person or organization, and a few of the people the
# viewer follows who chose to follow it (not by connecting): those the run noted that
# still hold come as `row.given`; for the rest they are found from whichever side
# has fewer follows to walk (`row.fromTarget`, told by the caller: a suggested person
# may have a million followers; a hub viewer follows thousands). From
# follows only: connecting makes two people follow each other, so connections the
# viewer unfollowed are the rare rest of the circle, and a second search for them cost
# as much again.
_FOLLOWED_BY: LiteralString = (
    """
       CASE
         WHEN size(row.given) > 0 THEN COLLECT {
           UNWIND row.given AS given
           MATCH (u:Person {id: given})
           RETURN u """
    + PERSON_MAP
    + """
           LIMIT $sample
         }
         WHEN NOT row.fromTarget THEN COLLECT {
           MATCH (me)-[:FOLLOWS]->(u:Person)-[f:FOLLOWS]->(t)
           WHERE NOT coalesce(f.viaConnection, false)
           RETURN u """
    + PERSON_MAP
    + """
           LIMIT $sample
         }
         ELSE COLLECT {
           MATCH (t)<-[f:FOLLOWS]-(u:Person)<-[:FOLLOWS]-(me)
           WHERE NOT coalesce(f.viaConnection, false)
           RETURN u """
    + PERSON_MAP
    + """
           LIMIT $sample
         }
       END AS followedBy"""
)
# One row per suggestion: `row.person` says which label to look it up by (the local
# store returns a map projection nested in a collected map empty, so no collecting).
FOLLOW_DETAILS: LiteralString = (
    """
UNWIND $rows AS row
OPTIONAL MATCH (p:Person {id: row.id})
  WHERE row.person
OPTIONAL MATCH (o:Organization {id: row.id})
  WHERE NOT row.person
WITH row, p, o, coalesce(p, o) AS t
WHERE t IS NOT NULL
MATCH (me:Person {id: $id})
RETURN row.id AS id, p """
    + PERSON_MAP
    + """ AS person, o """
    + ORGANIZATION_MAP
    + """ AS organization,"""
    + _FOLLOWED_BY
    + """
"""
)
