"""Posts by people and organizations, and the feed."""

from typing import LiteralString

POST_MAP: LiteralString = "{.id, .text, .createdAt, .visibility}"

# `lastPostedAt` lets the feed skip, without looking at their posts, everyone followed
# who never posted (most people). It may outlive a deleted post: that only costs a look.
CREATE_PERSON_POST: LiteralString = (
    """
MATCH (a:Person {id: $authorId})
CREATE (a)-[:POSTED]->(p:Post {id: $id, text: $text, createdAt: $now, visibility: $visibility})
SET a.lastPostedAt = $now
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, false AS byOrganization
"""
)
CREATE_ORGANIZATION_POST: LiteralString = (
    """
MATCH (a:Organization {id: $authorId})
CREATE (a)-[:POSTED]->(p:Post {id: $id, text: $text, createdAt: $now, visibility: $visibility})
SET a.lastPostedAt = $now
RETURN p """
    + POST_MAP
    + """ AS post, a.id AS authorId, true AS byOrganization
"""
)
DELETE_POST: LiteralString = """
MATCH (p:Post {id: $id})
DETACH DELETE p
"""
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
# organizations), connections-only ones from connections too, newest first. Each
# followed author contributes at most one page of their newest posts past the cursor,
# and those who never posted are skipped before their posts are read, so a page costs
# O(followed authors who post x page size), and writing a post costs the same whoever
# follows its author (no fan-out on write).
FEED_PAGE: LiteralString = (
    """
MATCH (v:Person {id: $viewerId})-[:FOLLOWS]->(a)
WHERE a.lastPostedAt IS NOT NULL AND NOT a.id IN $hidden
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
    + """ AS post, a.id AS authorId, a:Organization AS byOrganization, connected
"""
)

LOAD_POSTS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Person {id: row.authorId})
CREATE (a)-[:POSTED]->(:Post {id: row.id, text: row.text, createdAt: row.createdAt,
                              visibility: row.visibility})
SET a.lastPostedAt = CASE WHEN a.lastPostedAt > row.createdAt THEN a.lastPostedAt
                          ELSE row.createdAt END
"""
