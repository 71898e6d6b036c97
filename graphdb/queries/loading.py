"""Checkpoints of bulk loads: each batch advances its checkpoint in the same
transaction, so an interrupted load resumes exactly where it stopped. A checkpoint also
keeps the time its batches took (and how many rows that time covers: checkpoints from
before it was kept have none), so the import rate survives interruptions."""

from typing import LiteralString

LOAD_PROGRESS: LiteralString = """
MATCH (c:LoadCheckpoint {name: $name})
RETURN c.done AS done, coalesce(c.timedRows, 0) AS timedRows, coalesce(c.seconds, 0.0) AS seconds
"""
SAVE_PROGRESS: LiteralString = """
MERGE (c:LoadCheckpoint {name: $name})
SET c.done = $done, c.timedRows = $timedRows, c.seconds = $seconds
"""
# People of an import that the store already holds, by id or by handle: a clash with
# another import (checked before anything is written).
TAKEN_PEOPLE: LiteralString = """
UNWIND $rows AS row
OPTIONAL MATCH (p:Person {id: row.id})
OPTIONAL MATCH (h:Person {handle: row.handle})
WITH row, p, h
WHERE p IS NOT NULL OR h IS NOT NULL
RETURN row.id AS id, row.handle AS handle
LIMIT 5
"""
# Whether the store holds anyone at all (a bulk load writes into an empty store only).
ANY_PERSON: LiteralString = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"
