"""The lists of people linked to a person (connections, followers, following) as one
statement each: the viewer's hidden people, the list's total when asked for, and one
keyset page, newest link first (the other person's id breaks ties within a
millisecond). One store trip where three went (blocks, page, counts).

The total is counted once, before the page is expanded; the page is an OPTIONAL MATCH
so that a person with no one linked (or a cursor past the end) still brings the total.
The page comes back as one row holding a list (each person's map with the link's
`since`): the driver spends about 25 µs of CPU on every row it reads, more than the
rest of a person's mapping. (A map projection nested in a collected map literal comes
back empty on the local store, so `since` joins the person's own projection.)
`$viewerId` null (anonymous) hides nobody. With `$withOwner`, the row brings the person
whose list it is too: an operation that looks up a person and their list
(`node(id:) { ... on Person { connections } }`) then costs one trip, not two.
"""

from typing import LiteralString

from graphdb.queries.people import PERSON_CARD_FIELDS, PERSON_FIELDS, PERSON_MAP

# Anonymous, the match is skipped, not tried: on the local store a node pattern keyed
# by null is not an index lookup but a scan of every person (10 ms at 10,000 people,
# on every anonymous followers page). Over no rows the aggregate still gives one, [].
_HIDDEN: LiteralString = """
CALL () {
  WITH 1 AS one WHERE $viewerId IS NOT NULL
  MATCH (:Person {id: $viewerId})-[:BLOCKS]-(x:Person)
  RETURN collect(x.id) AS hidden
}
MATCH (p:Person {id: $id})
"""
_PAGE_HEAD: LiteralString = """
WHERE NOT other.id IN hidden
  AND ($afterAt IS NULL OR r.since < $afterAt OR (r.since = $afterAt AND other.id < $afterId))
WITH p, total, other, r.since AS since
ORDER BY since DESC, other.id DESC
LIMIT $limit
WITH p, total, collect(other {"""
_PAGE_TAIL: LiteralString = (
    """, since: since}) AS page
RETURN page, total, CASE WHEN $withOwner THEN p """
    + PERSON_MAP
    + """ END AS owner
"""
)
# Each person of the page whole, or as a card (PERSON_CARD_FIELDS) when that is all the
# operation asks of them.
_PAGE: LiteralString = _PAGE_HEAD + PERSON_FIELDS + _PAGE_TAIL
_CARDS: LiteralString = _PAGE_HEAD + PERSON_CARD_FIELDS + _PAGE_TAIL

_CONNECTIONS: LiteralString = (
    _HIDDEN
    + """WITH p, hidden,
     CASE WHEN $withTotal THEN COUNT { (p)-[:CONNECTED_TO]-() } END AS total
OPTIONAL MATCH (p)-[r:CONNECTED_TO]-(other:Person)"""
)
_FOLLOWERS: LiteralString = (
    _HIDDEN
    + """WITH p, hidden, CASE WHEN $withTotal THEN COUNT { (p)<-[:FOLLOWS]-() } END AS total
OPTIONAL MATCH (p)<-[r:FOLLOWS]-(other:Person)"""
)
_FOLLOWING: LiteralString = (
    _HIDDEN
    + """WITH p, hidden,
     CASE WHEN $withTotal THEN COUNT { (p)-[:FOLLOWS]->(:Person) } END AS total
OPTIONAL MATCH (p)-[r:FOLLOWS]->(other:Person)"""
)
CONNECTIONS_PAGE: LiteralString = _CONNECTIONS + _PAGE
CONNECTIONS_CARDS: LiteralString = _CONNECTIONS + _CARDS
FOLLOWERS_PAGE: LiteralString = _FOLLOWERS + _PAGE
FOLLOWERS_CARDS: LiteralString = _FOLLOWERS + _CARDS
FOLLOWING_PAGE: LiteralString = _FOLLOWING + _PAGE
FOLLOWING_CARDS: LiteralString = _FOLLOWING + _CARDS
