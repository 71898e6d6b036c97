"""Direct messages: one Conversation per pair of people (key "lowId|highId"), each
person a MEMBER_OF it with their own unread count, and Messages IN it."""

from typing import LiteralString

from graphdb.queries.people import PERSON_MAP

MESSAGE_MAP: LiteralString = "{.id, .text, .sentAt, .senderId}"

CONVERSATION_BY_KEY: LiteralString = """
MATCH (c:Conversation {key: $key})
RETURN c.id AS id
"""
START_CONVERSATION: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
CREATE (c:Conversation {id: $id, key: $key, startedAt: $now, lastMessageAt: $now})
CREATE (a)-[:MEMBER_OF {unread: 0, lastReadAt: $now}]->(c)
CREATE (b)-[:MEMBER_OF {unread: 0, lastReadAt: $now}]->(c)
RETURN c.id AS id
"""
# The sender has read everything up to their own message; the other gains one unread.
ADD_MESSAGE: LiteralString = (
    """
MATCH (c:Conversation {id: $conversationId})
CREATE (m:Message {id: $id, text: $text, sentAt: $now, senderId: $senderId})-[:IN]->(c)
SET c.lastMessageAt = $now
WITH c, m
MATCH (c)<-[r:MEMBER_OF]-(p:Person)
SET r.unread = CASE WHEN p.id = $senderId THEN 0 ELSE r.unread + 1 END,
    r.lastReadAt = CASE WHEN p.id = $senderId THEN $now ELSE r.lastReadAt END
RETURN m """
    + MESSAGE_MAP
    + """ AS message, c.id AS conversationId
LIMIT 1
"""
)
MESSAGE_BY_ID: LiteralString = (
    """
MATCH (m:Message {id: $id})-[:IN]->(c:Conversation)
RETURN m """
    + MESSAGE_MAP
    + """ AS message, c.id AS conversationId
"""
)
# Messages by id, each only if `personId` is in its conversation with someone not hidden.
MESSAGES_BY_IDS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (m:Message {id: id})-[:IN]->(c:Conversation)<-[:MEMBER_OF]-(:Person {id: $personId})
MATCH (c)<-[:MEMBER_OF]-(other:Person)
WHERE other.id <> $personId AND NOT other.id IN $hidden
RETURN m """
    + MESSAGE_MAP
    + """ AS message, c.id AS conversationId
"""
)
MARK_READ: LiteralString = """
MATCH (:Person {id: $personId})-[r:MEMBER_OF]->(c:Conversation {id: $id})
SET r.unread = 0, r.lastReadAt = $now
RETURN c.id AS id
"""

# A person's view of conversations: the other member, and their own unread count.
_MINE: LiteralString = """
MATCH (:Person {id: $personId})-[r:MEMBER_OF]->(c:Conversation)<-[:MEMBER_OF]-(other:Person)
WHERE other.id <> $personId AND NOT other.id IN $hidden
"""
# The other member rides along whole: a list of conversations shows who each is with.
_CONVERSATION_ROW: LiteralString = (
    """
RETURN c.id AS id, c.startedAt AS startedAt, c.lastMessageAt AS lastMessageAt,
       other.id AS otherId, r.unread AS unread, other """
    + PERSON_MAP
    + """ AS other
"""
)
CONVERSATIONS_BY_IDS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (:Person {id: $personId})-[r:MEMBER_OF]->(c:Conversation {id: id})
MATCH (c)<-[:MEMBER_OF]-(other:Person)
WHERE other.id <> $personId AND NOT other.id IN $hidden
"""
    + _CONVERSATION_ROW
)
CONVERSATIONS_PAGE: LiteralString = (
    _MINE
    + """  AND ($afterAt IS NULL OR c.lastMessageAt < $afterAt
       OR (c.lastMessageAt = $afterAt AND c.id < $afterId))
WITH c, r, other
ORDER BY c.lastMessageAt DESC, c.id DESC
LIMIT $limit"""
    + _CONVERSATION_ROW
    + "ORDER BY lastMessageAt DESC, id DESC\n"
)
CONVERSATION_COUNT: LiteralString = _MINE + "RETURN count(c) AS total\n"
UNREAD: LiteralString = (
    _MINE
    + """RETURN coalesce(sum(r.unread), 0) AS messages,
       count(CASE WHEN r.unread > 0 THEN 1 END) AS conversations
"""
)

MESSAGES_PAGE: LiteralString = (
    """
MATCH (c:Conversation {id: $conversationId})<-[:IN]-(m:Message)
WHERE $afterAt IS NULL OR m.sentAt < $afterAt OR (m.sentAt = $afterAt AND m.id < $afterId)
WITH m, c.id AS conversationId
ORDER BY m.sentAt DESC, m.id DESC
LIMIT $limit
RETURN m """
    + MESSAGE_MAP
    + """ AS message, conversationId
"""
)
MESSAGE_COUNT: LiteralString = """
MATCH (c:Conversation {id: $conversationId})
RETURN COUNT { (c)<-[:IN]-(:Message) } AS total
"""
