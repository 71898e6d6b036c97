"""Posts by people and organizations, and the feed."""

from typing import LiteralString

from graphdb.queries.organizations import ORGANIZATION_MAP
from graphdb.queries.people import PERSON_MAP

POST_MAP: LiteralString = "{.id, .text, .createdAt, .visibility}"

# Each author keeps the times of their latest post and of their latest public post: the
# feed (FEED_PAGE) chooses from them whose posts to read, so they must stay exact
# (a deletion recomputes them).
_LATEST: LiteralString = (
    "a.lastPostedAt = $now, "
    "a.lastPublicAt = CASE WHEN $visibility = 'PUBLIC' THEN $now ELSE a.lastPublicAt END"
)
_CREATE_POST: LiteralString = (
    """
CREATE (a)-[:POSTED]->(p:Post {id: $id, text: $text, createdAt: $now, visibility: $visibility})
SET """
    + _LATEST
    + """
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, a:Organization AS byOrganization
"""
)
CREATE_PERSON_POST: LiteralString = "MATCH (a:Person {id: $authorId})" + _CREATE_POST
CREATE_ORGANIZATION_POST: LiteralString = "MATCH (a:Organization {id: $authorId})" + _CREATE_POST
DELETE_POST: LiteralString = """
MATCH (p:Post {id: $id})
DETACH DELETE p
"""
# After a deletion, in the same transaction.
_RECOMPUTE_TIMES: LiteralString = """
OPTIONAL MATCH (a)-[:POSTED]->(p:Post)
WITH a, max(p.createdAt) AS latest,
     max(CASE WHEN p.visibility = 'PUBLIC' THEN p.createdAt END) AS latestPublic
SET a.lastPostedAt = latest, a.lastPublicAt = latestPublic
"""
RECOMPUTE_PERSON_POST_TIMES: LiteralString = "MATCH (a:Person {id: $authorId})" + _RECOMPUTE_TIMES
RECOMPUTE_ORGANIZATION_POST_TIMES: LiteralString = (
    "MATCH (a:Organization {id: $authorId})" + _RECOMPUTE_TIMES
)
POSTS_BY_IDS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (p:Post {id: id})<-[:POSTED]-(a)
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, a:Organization AS byOrganization
"""
)

# One author's posts the viewer may see ($all: connections-only ones too), newest first.
_AUTHOR_POSTS: LiteralString = """-[:POSTED]->(p:Post)
WHERE ($all OR p.visibility = 'PUBLIC')
"""
_NEWEST_FIRST: LiteralString = (
    """
  AND ($afterAt IS NULL OR p.createdAt < $afterAt
       OR (p.createdAt = $afterAt AND p.id < $afterId))
WITH a, p
ORDER BY p.createdAt DESC, p.id DESC
LIMIT $limit
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, a:Organization AS byOrganization
"""
)
PERSON_POSTS_PAGE: LiteralString = "MATCH (a:Person {id: $id})" + _AUTHOR_POSTS + _NEWEST_FIRST
ORGANIZATION_POSTS_PAGE: LiteralString = (
    "MATCH (a:Organization {id: $id})" + _AUTHOR_POSTS + _NEWEST_FIRST
)
PERSON_POST_COUNT: LiteralString = (
    "MATCH (a:Person {id: $id})" + _AUTHOR_POSTS + "RETURN count(p) AS total\n"
)
ORGANIZATION_POST_COUNT: LiteralString = (
    "MATCH (a:Organization {id: $id})" + _AUTHOR_POSTS + "RETURN count(p) AS total\n"
)

# The feed, merged at read time: posts from everyone the viewer follows (people and
# organizations), connections-only ones from connections too, newest first. Writing a
# post costs the same whoever follows its author: there is no fan-out on write.
#
# What a page reads is bounded by the authors' latest-post times. Authors who posted
# since the cursor ("recent") are all looked at. Among the others, the page can only
# come from those whose latest post is at least the `$limit`-th latest public post among
# them (that many authors have a visible post at least that new), so only those are
# looked at, and only for them is the connection checked. Each author looked at gives at
# most one page of their newest posts before the cursor.
_FEED: LiteralString = (
    """
MATCH (v:Person {id: $viewerId})-[:FOLLOWS]->(a)
WHERE a.lastPostedAt IS NOT NULL AND NOT a.id IN $hidden
WITH v, a, $afterAt IS NOT NULL AND a.lastPostedAt >= $afterAt AS recent
WITH v, collect(CASE WHEN recent THEN a END) AS recentAuthors,
     collect(CASE WHEN NOT recent THEN a END) AS olderAuthors
CALL (olderAuthors) {
  UNWIND olderAuthors AS x
  WITH x.lastPublicAt AS t
  WHERE t IS NOT NULL
  ORDER BY t DESC
  LIMIT $limit
  RETURN min(t) AS threshold, count(t) AS found
}
UNWIND recentAuthors
       + [x IN olderAuthors WHERE found < $limit OR x.lastPostedAt >= threshold] AS a
WITH v, a, EXISTS { (v)-[:CONNECTED_TO]-(a) } AS connected
CALL (a, connected) {
  MATCH (a)-[:POSTED]->(p:Post)
  WHERE (connected OR p.visibility = 'PUBLIC')
    AND ($afterAt IS NULL OR p.createdAt < $afterAt
         OR (p.createdAt = $afterAt AND p.id < $afterId))
  RETURN p
  ORDER BY p.createdAt DESC, p.id DESC
  LIMIT $limit
}
WITH a, connected, p
ORDER BY p.createdAt DESC, p.id DESC
LIMIT $limit
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, a:Organization AS byOrganization, connected"""
)
FEED_PAGE: LiteralString = _FEED + "\n"
# With each post's author whole, when the operation asks for authors: they then need no
# trip of their own.
FEED_PAGE_WITH_AUTHORS: LiteralString = (
    _FEED
    + """,
       CASE WHEN a:Organization THEN a """
    + ORGANIZATION_MAP
    + " ELSE a "
    + PERSON_MAP
    + """ END AS author
"""
)

# Bulk loads (graphdb.bulk): the posts, then each author's latest times, computed from
# the rows beforehand (several rows of one author in one batch must not race to set them).
LOAD_POSTS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Person {id: row.authorId})
CREATE (a)-[:POSTED]->(:Post {id: row.id, text: row.text, createdAt: row.createdAt,
                              visibility: row.visibility})
"""
LOAD_POST_TIMES: LiteralString = """
UNWIND $rows AS row
MATCH (a:Person {id: row.authorId})
SET a.lastPostedAt = row.lastPostedAt, a.lastPublicAt = row.lastPublicAt
"""
