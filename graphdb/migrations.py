"""Schema migrations: constraints and indexes, idempotent (IF NOT EXISTS)."""

from __future__ import annotations

from neo4j import AsyncDriver

from graphdb.queries import schema as q


async def apply(driver: AsyncDriver, database: str) -> None:
    """Create every constraint and index that is missing. Safe to run at each start."""
    for statement in q.MIGRATIONS:
        # Schema statements cannot share a transaction with other statements.
        await driver.execute_query(statement, database_=database)


async def constraints(driver: AsyncDriver, database: str) -> list[dict]:
    result = await driver.execute_query(q.SHOW_CONSTRAINTS, database_=database)
    return [record.data() for record in result.records]
