"""Constraints and indexes, applied idempotently at start-up (Neo4j 5 syntax)."""

from typing import LiteralString

# Uniqueness constraints also give the index each lookup by key uses.
CONSTRAINT_PERSON_ID: LiteralString = (
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE"
)
CONSTRAINT_PERSON_HANDLE: LiteralString = (
    "CREATE CONSTRAINT person_handle IF NOT EXISTS FOR (p:Person) REQUIRE p.handle IS UNIQUE"
)
CONSTRAINT_INVITATION_ID: LiteralString = (
    "CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (i:Invitation) REQUIRE i.id IS UNIQUE"
)
# Set only while an invitation is pending: at most one pending invitation per pair,
# whichever side sent it, however the requests race.
CONSTRAINT_INVITATION_PENDING_PAIR: LiteralString = (
    "CREATE CONSTRAINT invitation_pending_pair IF NOT EXISTS "
    "FOR (i:Invitation) REQUIRE i.pendingKey IS UNIQUE"
)
# One connection per unordered pair; one follow per ordered pair.
CONSTRAINT_CONNECTION_PAIR: LiteralString = (
    "CREATE CONSTRAINT connection_pair IF NOT EXISTS "
    "FOR ()-[c:CONNECTED_TO]-() REQUIRE c.key IS UNIQUE"
)
CONSTRAINT_FOLLOW_PAIR: LiteralString = (
    "CREATE CONSTRAINT follow_pair IF NOT EXISTS FOR ()-[f:FOLLOWS]-() REQUIRE f.key IS UNIQUE"
)
CONSTRAINT_LOAD_CHECKPOINT: LiteralString = (
    "CREATE CONSTRAINT load_checkpoint IF NOT EXISTS "
    "FOR (c:LoadCheckpoint) REQUIRE c.name IS UNIQUE"
)
CONSTRAINT_ORGANIZATION_ID: LiteralString = (
    "CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) REQUIRE o.id IS UNIQUE"
)
CONSTRAINT_AFFILIATION: LiteralString = (
    "CREATE CONSTRAINT affiliation_key IF NOT EXISTS "
    "FOR ()-[a:AFFILIATED_WITH]-() REQUIRE a.key IS UNIQUE"
)
CONSTRAINT_POST_ID: LiteralString = (
    "CREATE CONSTRAINT post_id IF NOT EXISTS FOR (p:Post) REQUIRE p.id IS UNIQUE"
)
CONSTRAINT_BLOCK_PAIR: LiteralString = (
    "CREATE CONSTRAINT block_pair IF NOT EXISTS FOR ()-[b:BLOCKS]-() REQUIRE b.key IS UNIQUE"
)
CONSTRAINT_CONVERSATION_ID: LiteralString = (
    "CREATE CONSTRAINT conversation_id IF NOT EXISTS FOR (c:Conversation) REQUIRE c.id IS UNIQUE"
)
# One conversation per pair, however two first messages race.
CONSTRAINT_CONVERSATION_PAIR: LiteralString = (
    "CREATE CONSTRAINT conversation_pair IF NOT EXISTS FOR (c:Conversation) REQUIRE c.key IS UNIQUE"
)
CONSTRAINT_MESSAGE_ID: LiteralString = (
    "CREATE CONSTRAINT message_id IF NOT EXISTS FOR (m:Message) REQUIRE m.id IS UNIQUE"
)
CONSTRAINT_ADMIN: LiteralString = (
    "CREATE CONSTRAINT organization_admin IF NOT EXISTS "
    "FOR ()-[a:ADMINISTERS]-() REQUIRE a.key IS UNIQUE"
)
CONSTRAINT_NOTIFICATION_ID: LiteralString = (
    "CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE"
)
# One notification per number of each inbox (graphdb/queries/notifications.py).
CONSTRAINT_NOTIFICATION_INBOX_KEY: LiteralString = (
    "CREATE CONSTRAINT notification_inbox_key IF NOT EXISTS "
    "FOR (n:Notification) REQUIRE n.inboxKey IS UNIQUE"
)
# Pruning finds old notifications by time.
INDEX_NOTIFICATION_AT: LiteralString = (
    "CREATE INDEX notification_at IF NOT EXISTS FOR (n:Notification) ON (n.at)"
)
INDEX_PERSON_SORT_NAME: LiteralString = (
    "CREATE INDEX person_sort_name IF NOT EXISTS FOR (p:Person) ON (p.sortName)"
)
INDEX_ORGANIZATION_SORT_NAME: LiteralString = (
    "CREATE INDEX organization_sort_name IF NOT EXISTS FOR (o:Organization) ON (o.sortName)"
)

MIGRATIONS: tuple[LiteralString, ...] = (
    CONSTRAINT_PERSON_ID,
    CONSTRAINT_PERSON_HANDLE,
    CONSTRAINT_INVITATION_ID,
    CONSTRAINT_INVITATION_PENDING_PAIR,
    CONSTRAINT_CONNECTION_PAIR,
    CONSTRAINT_FOLLOW_PAIR,
    CONSTRAINT_LOAD_CHECKPOINT,
    INDEX_PERSON_SORT_NAME,
    INDEX_ORGANIZATION_SORT_NAME,
    CONSTRAINT_ORGANIZATION_ID,
    CONSTRAINT_AFFILIATION,
    CONSTRAINT_POST_ID,
    CONSTRAINT_BLOCK_PAIR,
    CONSTRAINT_CONVERSATION_ID,
    CONSTRAINT_CONVERSATION_PAIR,
    CONSTRAINT_MESSAGE_ID,
    CONSTRAINT_ADMIN,
    CONSTRAINT_NOTIFICATION_ID,
    CONSTRAINT_NOTIFICATION_INBOX_KEY,
    INDEX_NOTIFICATION_AT,
)

# People search (graphdb/queries/people.py). Named as the local store names its own
# full-text index, so one statement queries either store by the same name.
INDEX_PERSON_SEARCH: LiteralString = (
    "CREATE FULLTEXT INDEX `Person[searchText]` IF NOT EXISTS FOR (p:Person) ON EACH [p.searchText]"
)
INDEX_ORGANIZATION_SEARCH: LiteralString = (
    "CREATE FULLTEXT INDEX `Organization[searchText]` IF NOT EXISTS "
    "FOR (o:Organization) ON EACH [o.searchText]"
)
NEO4J_MIGRATIONS: tuple[LiteralString, ...] = (INDEX_PERSON_SEARCH, INDEX_ORGANIZATION_SEARCH)
# Data written before organizations were searched and listed by index: each start gives
# any that lack them the text and the sort name the indexes read (a no-op once done).
ORGANIZATION_SEARCH_TEXT: LiteralString = """
MATCH (o:Organization) WHERE o.searchText IS NULL OR o.sortName IS NULL
SET o.searchText = toLower(o.name), o.sortName = toLower(o.name)
"""

SHOW_CONSTRAINTS: LiteralString = (
    "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
    "RETURN name, type, labelsOrTypes, properties"
)
PING: LiteralString = "RETURN 1 AS ok"
