"""Organizations (companies, schools) and where people work or studied."""

from typing import LiteralString

# Bulk loads (graphdb.bulk): CREATE, resumed from checkpoints rather than MERGEd.
LOAD_ORGANIZATIONS: LiteralString = """
UNWIND $rows AS row
CREATE (o:Organization {id: row.id, name: row.name, kind: row.kind, url: row.url,
                        searchText: toLower(row.name), sortName: toLower(row.name)})
"""
LOAD_AFFILIATIONS: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
MATCH (o:Organization {id: row.organizationId})
CREATE (p)-[:AFFILIATED_WITH {key: row.personId + '@' + row.organizationId + '#' + row.role,
                              role: row.role, year: row.year}]->(o)
"""

ORGANIZATION_MAP: LiteralString = "{.id, .name, .kind, .url}"
# For a suggestion `c` of the person `$id`: the first few organizations both belong to.
SHARED_ORGANIZATIONS_SUBQUERY: LiteralString = (
    """COLLECT {
         MATCH (:Person {id: $id})-[:AFFILIATED_WITH]->(o:Organization)<-[:AFFILIATED_WITH]-(c)
         WITH DISTINCT o
         RETURN o """
    + ORGANIZATION_MAP
    + """ ORDER BY o.name, o.id
         LIMIT $sample
       } AS organizations"""
)

CREATE_ORGANIZATION: LiteralString = (
    """
MATCH (p:Person {id: $adminId})
CREATE (o:Organization {id: $id, name: $name, kind: $kind, url: $url, createdAt: $now,
                        searchText: toLower($name), sortName: toLower($name)})
CREATE (p)-[:ADMINISTERS {key: $adminId + '@' + $id, since: $now}]->(o)
RETURN o """
    + ORGANIZATION_MAP
    + """ AS organization
"""
)
ORGANIZATIONS_BY_IDS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN o """
    + ORGANIZATION_MAP
    + """ AS organization
"""
)
ORGANIZATION_COUNTS: LiteralString = """
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN id, COUNT { (o)<-[:FOLLOWS]-(:Person) } AS followers,
       COUNT { (o)<-[:AFFILIATED_WITH]-(:Person) } AS people
"""
# Organizations search as people do (graphdb/queries/people.py): every word of the term
# starts a word of the name, found by a full-text index (`Organization[searchText]`, the
# lower-cased name) so that a search costs what it matches, not a scan of every
# organization; the best $matchCap matches are paged in name order (id breaks ties).
_MATCHES: LiteralString = """
CALL db.index.fulltext.queryNodes('Organization[searchText]', $terms) YIELD node
WITH node AS o LIMIT $matchCap
"""
_NAME_PAGE: LiteralString = (
    """
WITH o, toLower(o.name) AS sortName
WHERE $afterName IS NULL OR sortName > $afterName OR (sortName = $afterName AND o.id > $afterId)
WITH o, sortName
ORDER BY sortName, o.id
LIMIT $limit
RETURN o """
    + ORGANIZATION_MAP
    + """ AS organization, sortName
"""
)
SEARCH_ORGANIZATIONS: LiteralString = _MATCHES + _NAME_PAGE
SEARCH_ORGANIZATIONS_COUNT: LiteralString = _MATCHES + "RETURN count(o) AS total"
# No term: every organization, in name order, the first page and the pages after a cursor
# apart, each reading the organization_sort_name index in order on Neo4j (as people do:
# graphdb/queries/people.py). `sortName` is the lower-cased name, as `toLower(o.name)`
# above: the cursors of both agree.
_EVERYONE_PAGE: LiteralString = (
    """
WITH o ORDER BY o.sortName, o.id LIMIT $limit
RETURN o """
    + ORGANIZATION_MAP
    + """ AS organization, o.sortName AS sortName
"""
)
LIST_ORGANIZATIONS: LiteralString = (
    "MATCH (o:Organization) WHERE o.sortName IS NOT NULL" + _EVERYONE_PAGE
)
LIST_ORGANIZATIONS_AFTER: LiteralString = (
    """
MATCH (o:Organization) WHERE o.sortName >= $afterName
  AND (o.sortName > $afterName OR o.id > $afterId)"""
    + _EVERYONE_PAGE
)
# The store's own count of the label, not a filter over each organization.
ORGANIZATIONS_COUNT: LiteralString = "MATCH (o:Organization) RETURN count(o) AS total"
IS_ADMIN: LiteralString = """
MATCH (:Person {id: $personId})-[a:ADMINISTERS]->(:Organization {id: $organizationId})
RETURN count(a) > 0 AS admin
"""
FOLLOW_ORGANIZATION: LiteralString = """
MATCH (p:Person {id: $personId})
MATCH (o:Organization {id: $organizationId})
MERGE (p)-[f:FOLLOWS {key: $key}]->(o)
ON CREATE SET f.since = $now, f.viaConnection = false
RETURN f.since AS since
"""
UNFOLLOW_ORGANIZATION: LiteralString = """
MATCH (:Person {id: $personId})-[f:FOLLOWS]->(:Organization {id: $organizationId})
DELETE f
RETURN count(*) AS removed
"""
# The viewer's ties to each organization, in one trip.
VIEWER_TIES: LiteralString = """
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN id,
       EXISTS { (:Person {id: $viewerId})-[:FOLLOWS]->(o) } AS following,
       EXISTS { (:Person {id: $viewerId})-[:ADMINISTERS]->(o) } AS admin
"""
AFFILIATE: LiteralString = """
MATCH (p:Person {id: $personId})
MATCH (o:Organization {id: $organizationId})
MERGE (p)-[a:AFFILIATED_WITH {key: $key}]->(o)
ON CREATE SET a.role = $role, a.year = $year
RETURN a.role AS role
"""
UNAFFILIATE: LiteralString = """
MATCH (:Person {id: $personId})-[a:AFFILIATED_WITH {key: $key}]->(:Organization)
DELETE a
RETURN count(*) AS removed
"""
AFFILIATION_COUNT: LiteralString = """
MATCH (:Person {id: $personId})-[a:AFFILIATED_WITH]->(:Organization)
RETURN count(a) AS total
"""
# Each person's affiliations (bounded per person by the service), in name order: one
# row each (a map projection nested in a collected map comes back empty on the local
# store).
AFFILIATIONS_OF: LiteralString = (
    """
UNWIND $ids AS id
MATCH (:Person {id: id})-[a:AFFILIATED_WITH]->(o:Organization)
RETURN id, a.role AS role, a.year AS year, o """
    + ORGANIZATION_MAP
    + """ AS organization
ORDER BY id, o.name, o.id, a.role
"""
)
