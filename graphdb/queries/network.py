"""Network queries: relationship to the viewer, mutual connections, second degree,
network size, and the shortest connection path.

Local-store gaps (ArcadeDB): `MATCH (v) UNWIND $ids AS id MATCH (p {id: id})` finds
nothing there, so batched statements UNWIND first and MATCH the fixed node after; and
it plans a pattern from its leftmost node, so patterns start at an indexed or bound one.
"""

from typing import LiteralString

from graphdb.queries.invitations import INVITATION_MAP
from graphdb.queries.organizations import SHARED_ORGANIZATIONS_SUBQUERY
from graphdb.queries.people import PERSON_MAP

# Everything the relationship rules need about the viewer and each person, in one trip.
# Degree 3 is a bidirectional shortest-path search bounded at 3 hops.
# Each row brings its pair key (graphdb.connections.pair_key): a key computed inside the
# pattern is not looked up through the index on the local store.
#
# Mutual connections: for a person of ordinary degree, their connections are walked
# and each looked up in the viewer's (a comparison in memory); an EXISTS test of each
# of the viewer's friends against the person cost 30-40 us a pair on the local store,
# 1.1 s for a page of 20 rows asked by someone with 1,065 connections (75 ms this
# way). For a person above $hubDegree, the old way: the viewer's friends are split
# once into hubs and the rest, a friend is tested from its own side (the local store
# walks a pattern from its left end; Neo4j picks the smaller side itself) and a hub
# from the person's.
RELATIONSHIPS: LiteralString = (
    """
CALL () {
  MATCH (:Person {id: $viewerId})-[:CONNECTED_TO]-(f:Person)
  WITH f, COUNT { (f)-[:CONNECTED_TO]-() } AS degree
  RETURN collect(CASE WHEN degree > $hubDegree THEN f END) AS hubs,
         collect(CASE WHEN degree <= $hubDegree THEN f END) AS friends
}
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
MATCH (v:Person {id: $viewerId})
OPTIONAL MATCH (i:Invitation {pendingKey: row.pairKey})
OPTIONAL MATCH (i)<-[:SENT]-(s:Person)
OPTIONAL MATCH (i)-[:TO]->(r:Person)
WITH row.id AS id, v, p, i, s, r,
     EXISTS { (p)-[:CONNECTED_TO]-(v) } AS connected,
     CASE WHEN COUNT { (p)-[:CONNECTED_TO]-() } <= $hubDegree
          THEN COUNT { (p)-[:CONNECTED_TO]-(m:Person) WHERE m IN friends OR m IN hubs }
          ELSE size([m IN friends WHERE EXISTS { (m)-[:CONNECTED_TO]-(p) }])
               + size([h IN hubs WHERE EXISTS { (p)-[:CONNECTED_TO]-(h) }]) END AS mutual
CALL (v, p, connected, mutual) {
  WITH v, p WHERE v <> p AND NOT connected AND mutual = 0
  OPTIONAL MATCH path = shortestPath((v)-[:CONNECTED_TO*..3]-(p))
  RETURN min(length(path)) AS distance
}
RETURN id, connected, mutual, distance,
       EXISTS { (v)-[:FOLLOWS]->(p) } AS following,
       EXISTS { (p)-[:FOLLOWS]->(v) } AS followedBy,
       i """
    + INVITATION_MAP
    + """ AS invitation, s.id AS senderId, r.id AS recipientId,
       [(v)-[:SENT]->(w:Invitation {state: 'WITHDRAWN'})-[:TO]->(p) | w.withdrawnAt]
         AS withdrawnAt,
       COUNT { (v)-[:CONNECTED_TO]-() } AS viewerConnections,
       COUNT { (p)-[:CONNECTED_TO]-() } AS personConnections
"""
)

# Mutual connections of two people, in name order (id breaks ties), keyset paged. The
# walk starts from whichever of the two has fewer connections.
# Mutual connections of `a` and each of `$others` in one statement (a page of people
# each asking for theirs is one trip): each pair walks the smaller side's connections
# and tests the other's, and pages with its own LIMIT inside the subquery.
_MUTUAL: LiteralString = """
UNWIND $others AS other
MATCH (a:Person {id: $a})
MATCH (b:Person {id: other})
CALL (a, b) {
  WITH a, b, COUNT { (a)-[:CONNECTED_TO]-() } <= COUNT { (b)-[:CONNECTED_TO]-() } AS aSmaller
  WITH CASE WHEN aSmaller THEN a ELSE b END AS small,
       CASE WHEN aSmaller THEN b ELSE a END AS big
  MATCH (small)-[:CONNECTED_TO]-(m:Person)
  WHERE NOT m.id IN $hidden AND EXISTS { (m)-[:CONNECTED_TO]-(big) }
"""
MUTUAL_PAGES: LiteralString = (
    _MUTUAL
    + """    AND ($afterName IS NULL OR m.sortName > $afterName
         OR (m.sortName = $afterName AND m.id > $afterId))
  WITH m, m.sortName AS sortName
  ORDER BY sortName, m.id
  LIMIT $limit
  RETURN m, sortName
}
RETURN other, m """
    + PERSON_MAP
    + """ AS person, sortName
"""
)
MUTUAL_COUNTS: LiteralString = (
    _MUTUAL
    + """  RETURN count(m) AS total
}
RETURN other, total
"""
)

# Second degree, walked live: connections of connections, not connected to the person,
# not the person, with no invitation pending and no block either way; ranked by mutual
# connections (best first, id breaks ties) and keyset paged over that ranking.
#
# Bounded work. The person's friends are considered newest first (id breaking ties in
# time, so the order is total), at most $maxFriends of them, and each friend's
# connections are walked up to $cap: the caller sets it from FRIEND_DEGREES so that the
# walk stays within its budget (water-filling: a large friend is sampled, never left
# out, and everyone smaller is walked whole). The walk costs one row per connection
# walked, and its grouping holds them all in the store's heap. Counts are through the
# connections walked: exact when nobody was sampled.
# Every considered friend is walked in one pass and the rows grouped by candidate: an
# EXISTS test of each candidate against each friend cost 30-40 us a pair on the local
# store. The person's own connections are walked in the same pass (`own`, uncapped:
# bounded by the connection limit) to tell their friends out: a list of friends carried
# through the grouping is charged to the store's heap once per group (a person with
# 5,000 connections overran 2 GB), and testing membership in it costs per row.
# People with an invitation pending to or from `me`, and people `me` blocked or was
# blocked by, are gathered once from me's own relationships (no trip for a block list).
FRIEND_DEGREES: LiteralString = """
MATCH (me:Person {id: $id})-[k:CONNECTED_TO]-(f:Person)
WITH f, k.since AS since
ORDER BY since DESC, f.id
LIMIT $maxFriends
RETURN COUNT { (f)-[:CONNECTED_TO]-() } AS degree
"""
_SECOND_DEGREE_CANDIDATES: LiteralString = """
MATCH (me:Person {id: $id})
CALL (me) {
  OPTIONAL MATCH (me)-[k:CONNECTED_TO]-(f:Person)
  WITH f, k.since AS since
  ORDER BY since DESC, f.id
  LIMIT $maxFriends
  RETURN collect(f) AS recent
}
WITH me, recent,
     [(me)-[:SENT]->(:Invitation {state: 'PENDING'})-[:TO]->(x:Person) | x]
     + [(me)<-[:TO]-(:Invitation {state: 'PENDING'})<-[:SENT]-(x:Person) | x]
     + [(me)-[:BLOCKS]-(x:Person) | x] AS excluded
CALL (me, recent) {
  UNWIND recent AS f
  CALL (f) {
    MATCH (f)-[:CONNECTED_TO]-(c:Person)
    RETURN c
    LIMIT $cap
  }
  RETURN f, c, false AS own
  UNION ALL
  MATCH (me)-[:CONNECTED_TO]-(c:Person)
  RETURN me AS f, c, true AS own
}
WITH me, excluded, f, c, own
WHERE c <> me AND NOT c IN excluded
WITH c, collect(CASE WHEN NOT own THEN f END) AS mutuals, count(CASE WHEN own THEN 1 END) AS friend
WHERE friend = 0 AND size(mutuals) > 0
WITH c, mutuals, size(mutuals) AS mutual
"""
SECOND_DEGREE_PAGE: LiteralString = (
    _SECOND_DEGREE_CANDIDATES
    + """WITH c, mutuals, mutual
WHERE $afterCount IS NULL OR mutual < $afterCount OR (mutual = $afterCount AND c.id > $afterId)
WITH c, mutuals, mutual
ORDER BY mutual DESC, c.id
LIMIT $limit
RETURN c """
    + PERSON_MAP
    + """ AS person, mutual,
       COLLECT {
         UNWIND mutuals AS m
         RETURN m """
    + PERSON_MAP
    + """ ORDER BY m.sortName, m.id
         LIMIT $sample
       } AS sample,
       """
    + SHARED_ORGANIZATIONS_SUBQUERY
    + """
"""
)
SECOND_DEGREE_COUNT: LiteralString = _SECOND_DEGREE_CANDIDATES + "RETURN count(c) AS total\n"

# First-degree count, and the second degree counted through the person's friends as
# second degree walks them (newest first, id breaking ties in time, at most
# $maxFriends, skipping any whose connections would take the walk past $walkBudget), so
# the count costs bounded work whoever it is asked about: a hub's count once walked
# every connection of every friend (71 s for the best-connected person of a real
# network of 38,000). `walked < friends` says the count is a lower bound. Friends are
# told out by walking the person's own connections in the same pass, as second degree
# does. Each CALL aggregates without grouping keys, so a person with no connections
# still gets a row.
NETWORK_SIZES: LiteralString = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
CALL (p) {
  OPTIONAL MATCH (p)-[k:CONNECTED_TO]-(f:Person)
  WITH f, k.since AS since
  ORDER BY since DESC, f.id
  LIMIT $maxFriends
  WITH f, COUNT { (f)-[:CONNECTED_TO]-() } AS degree
  WITH collect(f) AS recent, collect(degree) AS degrees
  RETURN recent, reduce(acc = [0, []], i IN range(0, size(recent) - 1) |
           CASE WHEN acc[0] + degrees[i] <= $walkBudget THEN [acc[0] + degrees[i], acc[1] + [i]]
                ELSE acc END)[1] AS considered
}
CALL (p, recent, considered) {
  UNWIND [-1] + considered AS i
  WITH p, i < 0 AS own, CASE WHEN i < 0 THEN p ELSE recent[i] END AS f
  MATCH (f)-[:CONNECTED_TO]-(c:Person)
  WHERE c <> p
  WITH c, count(CASE WHEN own THEN 1 END) AS friend, count(CASE WHEN NOT own THEN 1 END) AS via
  WHERE friend = 0 AND via > 0
  RETURN count(c) AS secondDegree
}
RETURN id, COUNT { (p)-[:CONNECTED_TO]-() } AS firstDegree, secondDegree,
       size(considered) AS walked
"""

# The shortest connection path, one statement per depth bound (a variable-length bound
# cannot be a parameter). Neither end may be the other: callers check that first.
# Nobody in `$hidden` may be on it. Neo4j applies that predicate during the search and
# finds the shortest path around them; the local store applies it after, so there a
# shortest path through a hidden person reads as no path (never as one showing them).
_PATH_HEAD: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
OPTIONAL MATCH path = shortestPath((a)-[:CONNECTED_TO*.."""
_PATH_TAIL: LiteralString = (
    """]-(b))
WHERE all(n IN nodes(path) WHERE NOT n.id IN $hidden)
RETURN [n IN nodes(path) | n """
    + PERSON_MAP
    + """] AS people
"""
)
PATH_WITHIN_1: LiteralString = _PATH_HEAD + "1" + _PATH_TAIL
PATH_WITHIN_2: LiteralString = _PATH_HEAD + "2" + _PATH_TAIL
PATH_WITHIN_3: LiteralString = _PATH_HEAD + "3" + _PATH_TAIL
PATH_WITHIN_4: LiteralString = _PATH_HEAD + "4" + _PATH_TAIL
PATH_WITHIN_5: LiteralString = _PATH_HEAD + "5" + _PATH_TAIL
PATH_WITHIN_6: LiteralString = _PATH_HEAD + "6" + _PATH_TAIL
PATHS_WITHIN: dict[int, LiteralString] = {
    1: PATH_WITHIN_1,
    2: PATH_WITHIN_2,
    3: PATH_WITHIN_3,
    4: PATH_WITHIN_4,
    5: PATH_WITHIN_5,
    6: PATH_WITHIN_6,
}
