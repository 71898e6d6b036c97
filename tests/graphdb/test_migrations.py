"""Constraints are applied at start-up, idempotently, and enforced."""

from __future__ import annotations

import pytest
from neo4j import AsyncGraphDatabase
from neo4j.exceptions import ConstraintError

from graphdb import migrations
from graphdb.localstore import DATABASE, USER, StoreInfo
from tests.api.directory import everything
from tests.conftest import Api

EXPECTED = {
    "person_id": ("UNIQUENESS", ["Person"], ["id"]),
    "person_handle": ("UNIQUENESS", ["Person"], ["handle"]),
    "invitation_id": ("UNIQUENESS", ["Invitation"], ["id"]),
    "invitation_pending_pair": ("UNIQUENESS", ["Invitation"], ["pendingKey"]),
    "connection_pair": ("RELATIONSHIP_UNIQUENESS", ["CONNECTED_TO"], ["key"]),
    "follow_pair": ("RELATIONSHIP_UNIQUENESS", ["FOLLOWS"], ["key"]),
}


@pytest.fixture
async def driver(store: StoreInfo, api: Api):
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as d:
        yield d


async def test_constraints_exist_and_reapplying_changes_nothing(driver) -> None:
    before = await migrations.constraints(driver, DATABASE)
    await migrations.apply(driver, DATABASE, neo4j=False)
    after = await migrations.constraints(driver, DATABASE)
    assert sorted(map(str, before)) == sorted(map(str, after))
    found = {c["name"]: (c["type"], c["labelsOrTypes"], c["properties"]) for c in after}
    assert found.items() >= EXPECTED.items()


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (:Person {id: 'dup-id', handle: 'dup-a'}), "
        "(:Person {id: 'dup-id', handle: 'dup-b'})",
        "CREATE (:Person {id: 'dup-h1', handle: 'dup-h'}), "
        "(:Person {id: 'dup-h2', handle: 'dup-h'})",
        "CREATE (a:Person {id: 'dup-f1', handle: 'dup-f1'})-[:FOLLOWS {key: 'k'}]->"
        "(b:Person {id: 'dup-f2', handle: 'dup-f2'}), (a)-[:FOLLOWS {key: 'k'}]->(b)",
    ],
)
async def test_duplicates_are_refused(driver, statement: str) -> None:
    with pytest.raises(ConstraintError):
        await driver.execute_query(statement, database_=DATABASE)


async def test_organizations_written_before_search_text_become_searchable_and_listed(
    driver, api: Api
) -> None:
    """An organization stored by an older version (no `searchText`, no `sortName`) is
    found by search and listed once the migrations have run at start-up."""
    await driver.execute_query(
        "CREATE (:Organization {id: 'org-old-1', name: 'Quillmoor Archive', kind: 'COMPANY'})",
        database_=DATABASE,
    )
    search = '{ organizations(search: "quillmoor") { totalCount edges { node { name } } } }'
    assert (await api.ok(search))["organizations"]["totalCount"] == 0
    listed = [e["node"]["name"] for e in await everything(api, "organizations")]
    assert "Quillmoor Archive" not in listed
    await migrations.apply(driver, DATABASE, neo4j=False)
    found = (await api.ok(search))["organizations"]
    assert found == {"totalCount": 1, "edges": [{"node": {"name": "Quillmoor Archive"}}]}
    # and listed with everyone, by its name (it had no sort name either)
    listed = [e["node"]["name"] for e in await everything(api, "organizations")]
    assert "Quillmoor Archive" in listed
