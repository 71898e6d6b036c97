"""Neo4j only: the driver, every Cypher statement, migrations, the local store, importers."""
