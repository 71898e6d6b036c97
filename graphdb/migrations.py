"""Schema migrations: constraints and indexes, idempotent (IF NOT EXISTS), and the
derived properties data written by older versions lacks."""

from __future__ import annotations

from neo4j import AsyncDriver

from graphdb.queries import schema as q


async def apply(driver: AsyncDriver, database: str, *, neo4j: bool) -> None:
    """Create every constraint and index that is missing. Safe to run at each start.

    The full-text index is Neo4j's to make here; the local store makes its own
    (graphdb/localstore.py), its Cypher having no full-text DDL."""
    for statement in q.MIGRATIONS + (q.NEO4J_MIGRATIONS if neo4j else ()):
        # Schema statements cannot share a transaction with other statements.
        await driver.execute_query(statement, database_=database)
    await driver.execute_query(q.ORGANIZATION_SEARCH_TEXT, database_=database)


async def constraints(driver: AsyncDriver, database: str) -> list[dict]:
    result = await driver.execute_query(q.SHOW_CONSTRAINTS, database_=database)
    return [record.data() for record in result.records]
