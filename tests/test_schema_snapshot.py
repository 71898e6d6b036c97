"""The printed schema must match the committed snapshot, so API changes show in review."""

from pathlib import Path

from schema.root import schema

SNAPSHOT = Path(__file__).parent.parent / "schema" / "schema.graphql"


def test_schema_matches_snapshot() -> None:
    printed = schema.as_str() + "\n"
    assert printed == SNAPSHOT.read_text(), (
        "The GraphQL schema changed. If that is intended, update the snapshot with "
        "`.venv/bin/linkgraph schema > schema/schema.graphql` and review the diff."
    )
