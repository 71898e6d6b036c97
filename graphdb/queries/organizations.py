"""Organizations (companies, schools) and where people work or studied."""

from typing import LiteralString

# Bulk loads (graphdb.bulk): CREATE, resumed from checkpoints rather than MERGEd.
LOAD_ORGANIZATIONS: LiteralString = """
UNWIND $rows AS row
CREATE (o:Organization {id: row.id, name: row.name, kind: row.kind, url: row.url})
"""
LOAD_AFFILIATIONS: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
MATCH (o:Organization {id: row.organizationId})
CREATE (p)-[:AFFILIATED_WITH {key: row.personId + '@' + row.organizationId + '#' + row.role,
                              role: row.role, year: row.year}]->(o)
"""
