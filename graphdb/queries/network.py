"""Network queries: relationship to the viewer, mutual connections, second degree,
network size, and the shortest connection path.

Local-store gaps (ArcadeDB): `MATCH (v) UNWIND $ids AS id MATCH (p {id: id})` finds
nothing there, so batched statements UNWIND first and MATCH the fixed node after; and
it plans a pattern from its leftmost node, so patterns start at an indexed or bound one.
"""

from typing import LiteralString

from graphdb.queries.invitations import INVITATION_MAP
from graphdb.queries.organizations import ORGANIZATION_MAP
from graphdb.queries.people import PERSON_MAP

# Everything the relationship rules need about the viewer and each person, in one trip.
# Degree 3 is a bidirectional shortest-path search bounded at 3 hops.
# Each row brings its pair key (graphdb.connections.pair_key): a key computed inside the
# pattern is not looked up through the index on the local store.
#
# Adjacency between two known people is checked from the side likely to be small (the
# local store walks a pattern from its left end; Neo4j picks the smaller side itself):
# the viewer's friends are split once into hubs and the rest, a friend is tested from
# its own side and a hub from the other person's.
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
     size([m IN friends WHERE EXISTS { (m)-[:CONNECTED_TO]-(p) }])
     + size([h IN hubs WHERE EXISTS { (p)-[:CONNECTED_TO]-(h) }]) AS mutual
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
_MUTUAL: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
WITH a, b, COUNT { (a)-[:CONNECTED_TO]-() } <= COUNT { (b)-[:CONNECTED_TO]-() } AS aSmaller
WITH CASE WHEN aSmaller THEN a ELSE b END AS small, CASE WHEN aSmaller THEN b ELSE a END AS big
MATCH (small)-[:CONNECTED_TO]-(m:Person)
WHERE NOT m.id IN $hidden AND EXISTS { (m)-[:CONNECTED_TO]-(big) }
"""
MUTUAL_PAGE: LiteralString = (
    _MUTUAL
    + """WITH m
WHERE $afterName IS NULL OR m.sortName > $afterName
   OR (m.sortName = $afterName AND m.id > $afterId)
WITH m, m.sortName AS sortName
ORDER BY sortName, m.id
LIMIT $limit
RETURN m """
    + PERSON_MAP
    + """ AS person, sortName
"""
)
MUTUAL_COUNT: LiteralString = _MUTUAL + "RETURN count(m) AS total\n"

# Second degree: connections of connections, not connected to the person, not the person,
# with no invitation pending either way; ranked by mutual connections (best first, id
# breaks ties) and keyset paged over that ranking.
#
# Bounded work around hubs: friends with more than $hubDegree connections are not
# expanded (someone who knows a celebrity is not a suggestion by that alone), but every
# candidate found through other friends still counts them, so the counts are exact. A
# person with more than $maxFriends connections expands their most recent $maxFriends.
# People with an invitation pending to or from `me` are gathered once, from me's own
# invitations, rather than looked up per candidate.
# Candidates are tested against the person's friend list, gathered once: friends of
# friends are disproportionately well connected, so testing each one's own adjacency
# for the person cost more than the rest of the statement.
_SECOND_DEGREE_CANDIDATES: LiteralString = """
MATCH (me:Person {id: $id})
WITH me, [(me)-[:CONNECTED_TO]-(x:Person) | x] AS allFriends
MATCH (me)-[k:CONNECTED_TO]-(f:Person)
WITH me, allFriends, f, k.since AS since, COUNT { (f)-[:CONNECTED_TO]-() } AS degree
ORDER BY since DESC
LIMIT $maxFriends
WITH me, allFriends,
     collect(CASE WHEN degree > $hubDegree THEN f END) AS hubs,
     collect(CASE WHEN degree <= $hubDegree THEN f END) AS friends
WITH me, allFriends, hubs, friends,
     [(me)-[:SENT]->(:Invitation {state: 'PENDING'})-[:TO]->(x:Person) | x]
     + [(me)<-[:TO]-(:Invitation {state: 'PENDING'})<-[:SENT]-(x:Person) | x] AS pendingWith
UNWIND friends AS f
MATCH (f)-[:CONNECTED_TO]-(c:Person)
WHERE c <> me AND NOT c IN pendingWith AND NOT c IN allFriends AND NOT c.id IN $hidden
WITH c, hubs, collect(f) AS via
WITH c, via + [h IN hubs WHERE EXISTS { (c)-[:CONNECTED_TO]-(h) }] AS mutuals
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
       COLLECT {
         MATCH (:Person {id: $id})-[:AFFILIATED_WITH]->(o:Organization)<-[:AFFILIATED_WITH]-(c)
         WITH DISTINCT o
         RETURN o """
    + ORGANIZATION_MAP
    + """ ORDER BY o.name, o.id
         LIMIT $sample
       } AS organizations
"""
)
SECOND_DEGREE_COUNT: LiteralString = _SECOND_DEGREE_CANDIDATES + "RETURN count(c) AS total\n"

# First-degree count, and second-degree people counted up to $cap (so a hub's network
# size costs bounded work; `secondDegree < $cap` says the count is exact).
NETWORK_SIZES: LiteralString = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
CALL (p) {
  MATCH (p)-[:CONNECTED_TO]-(:Person)-[:CONNECTED_TO]-(c:Person)
  WHERE c <> p AND NOT EXISTS { (p)-[:CONNECTED_TO]-(c) }
  WITH DISTINCT c
  LIMIT $cap
  RETURN count(c) AS secondDegree
}
RETURN id, COUNT { (p)-[:CONNECTED_TO]-() } AS firstDegree, secondDegree
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
