"""People: lookups, search, profile writes."""

from typing import LiteralString

# The fields every person row carries back to the service.
PERSON_FIELDS: LiteralString = (
    ".id, .handle, .name, .headline, .about, .location, .industry, .createdAt, .updatedAt, "
    ".email, .phone, .connectionsVisibility, .invitationsFrom, .followFirst"
)
PERSON_MAP: LiteralString = "{" + PERSON_FIELDS + "}"
# What a list of people shows of each, when the operation asks for no more: the driver
# spends about a microsecond of CPU on each value it reads, and a page of 20 carries
# 300 values where it could carry 80.
PERSON_CARD_FIELDS: LiteralString = ".id, .handle, .name, .headline"


# Derived fields for search and name order, computed in the store so that every
# write path (profile edits, imports) derives them the same way.
_DERIVED: LiteralString = (
    "p.searchText = toLower(p.name + ' @' + p.handle + ' ' + coalesce(p.headline, '')), "
    "p.sortName = toLower(p.name)"
)

PEOPLE_BY_IDS: LiteralString = (
    "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p " + PERSON_MAP + " AS person"
)
# The same with the counts a profile shows, for operations that ask for both: one trip.
# People by id, and the people the viewer blocked or was blocked by: a signed-in lookup
# of anyone else reads both, now in one trip. One row holding the list.
PEOPLE_BY_IDS_AND_HIDDEN: LiteralString = (
    """
CALL () {
  MATCH (:Person {id: $viewerId})-[:BLOCKS]-(x:Person)
  RETURN collect(DISTINCT x.id) AS hidden
}
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id})
RETURN hidden, collect(p """
    + PERSON_MAP
    + """) AS people
"""
)
PEOPLE_WITH_COUNTS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p """
    + PERSON_MAP
    + """ AS person,
       COUNT { (p)<-[:FOLLOWS]-() } AS followers,
       COUNT { (p)-[:FOLLOWS]->(:Person) } AS following,
       COUNT { (p)-[:CONNECTED_TO]-() } AS connections
"""
)
# The signed-in person with the people they blocked or were blocked by (what most of
# an operation's rules read), in one trip.
VIEWER: LiteralString = (
    "MATCH (p:Person {id: $id}) RETURN p "
    + PERSON_MAP
    + " AS person, COLLECT { MATCH (p)-[:BLOCKS]-(x:Person) RETURN DISTINCT x.id } AS hidden"
)
PERSON_BY_HANDLE: LiteralString = (
    "MATCH (p:Person {handle: $handle}) RETURN p " + PERSON_MAP + " AS person"
)
PERSON_COUNTS: LiteralString = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN id,
       COUNT { (p)<-[:FOLLOWS]-() } AS followers,
       COUNT { (p)-[:FOLLOWS]->(:Person) } AS following,
       COUNT { (p)-[:CONNECTED_TO]-() } AS connections
"""

# People search: every word of the term starts a word of the person's name, handle or
# headline. The full-text index (graphdb/queries/schema.py) finds them, so a search costs
# what it matches, not a scan of everyone (65 ms at 100,000 people, and growing with
# them, before). At most $matchCap of the best matches are kept; those are paged in
# name order (id breaks ties), so a page boundary never shifts when people are added.
# `$hidden`: people the viewer blocked or was blocked by, never shown to them.
_MATCHES: LiteralString = """
CALL db.index.fulltext.queryNodes('Person[searchText]', $terms) YIELD node
WITH node AS p LIMIT $matchCap
WITH p WHERE NOT p.id IN $hidden
"""
_NAME_PAGE: LiteralString = (
    """
  AND ($afterName IS NULL OR p.sortName > $afterName
       OR (p.sortName = $afterName AND p.id > $afterId))
WITH p, p.sortName AS sortName
ORDER BY sortName, p.id
LIMIT $limit
RETURN p """
    + PERSON_MAP
    + """ AS person, sortName
"""
)
SEARCH_PEOPLE: LiteralString = _MATCHES + _NAME_PAGE
SEARCH_PEOPLE_COUNT: LiteralString = _MATCHES + "RETURN count(p) AS total"
# No term: everyone, in name order, the first page and the pages after a cursor apart.
# Each names the indexed sort name in a predicate of its own (exists; at or after the
# cursor's name), so Neo4j reads the person_sort_name index in order and stops at the
# limit; behind the disjunction `_NAME_PAGE` needs for a search, it sorted everyone for
# every page. The local store sorts what the predicate leaves: everyone for the first
# page (130 ms at 100,000 people, as before), those after the cursor for the rest
# (near the end of the alphabet 6 against 102 ms).
_EVERYONE_PAGE: LiteralString = (
    """
WITH p ORDER BY p.sortName, p.id LIMIT $limit
RETURN p """
    + PERSON_MAP
    + """ AS person, p.sortName AS sortName
"""
)
LIST_PEOPLE: LiteralString = (
    "MATCH (p:Person) WHERE p.sortName IS NOT NULL AND NOT p.id IN $hidden" + _EVERYONE_PAGE
)
LIST_PEOPLE_AFTER: LiteralString = (
    """
MATCH (p:Person) WHERE p.sortName >= $afterName AND NOT p.id IN $hidden
  AND (p.sortName > $afterName OR p.id > $afterId)"""
    + _EVERYONE_PAGE
)
# Everyone less the hidden who exist: a label's count is the store's to keep (Neo4j's
# count store; the local store's type count), where filtering each person scans them
# all (3.5 against 190-310 ms at 100,000 people on the local store).
LIST_PEOPLE_COUNT: LiteralString = """
CALL () { MATCH (p:Person) RETURN count(p) AS everyone }
CALL () { UNWIND $hidden AS hiddenId MATCH (h:Person {id: hiddenId}) RETURN count(h) AS gone }
RETURN everyone - gone AS total
"""

CREATE_PERSON: LiteralString = (
    """
CREATE (p:Person {id: $id, createdAt: $now, updatedAt: $now, networkVersion: 0})
SET p += $fields
SET """
    + _DERIVED
    + """
RETURN p """
    + PERSON_MAP
    + " AS person"
)
# A null in $fields removes that property (clears an optional field).
UPDATE_PERSON: LiteralString = (
    """
MATCH (p:Person {id: $id})
SET p += $fields, p.updatedAt = $now
SET """
    + _DERIVED
    + """
RETURN p """
    + PERSON_MAP
    + " AS person"
)
ANY_PERSON: LiteralString = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"

# Bulk loads CREATE: graphdb.bulk.load resumes from a checkpoint instead of looking
# each row up (a relationship MERGE scans adjacency on the local store).
LOAD_PEOPLE: LiteralString = (
    """
UNWIND $rows AS row
CREATE (p:Person)
SET p += row, p.updatedAt = row.createdAt, p.networkVersion = 0
SET """
    + _DERIVED
)
