"""Checkpoints of bulk loads: each batch advances its checkpoint in the same
transaction, so an interrupted load resumes exactly where it stopped."""

from typing import LiteralString

LOAD_PROGRESS: LiteralString = "MATCH (c:LoadCheckpoint {name: $name}) RETURN c.done AS done"
SAVE_PROGRESS: LiteralString = "MERGE (c:LoadCheckpoint {name: $name}) SET c.done = $done"
