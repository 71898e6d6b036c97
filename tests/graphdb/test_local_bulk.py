"""The local store's bulk load (graphdb/local_bulk.py) makes exactly the graph the
Cypher path makes, refuses what it cannot do before writing, and recovers from an
interruption. Real stores, each in a data directory of its own, and the real importer."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from graphdb import local_bulk
from graphdb.bulk import Network
from graphdb.errors import StoreConstraint
from graphdb.full_text import full_text_query
from graphdb.generate import generate
from graphdb.graph import Graph
from linkgraph import loading
from linkgraph.settings import Settings
from linkgraph.store import local_store, open_store

_NOW = 1_767_225_600_000


def _network() -> Network:
    """A generated network with the people the generator never makes: no headline, a
    name with quotes, an apostrophe and accents, someone with nobody."""
    network = generate(300, seed=7, posts_per_person=1.0, prefix="blk", now_ms=_NOW)
    people = [dict(p) for p in network.people]
    del people[3]["headline"]
    people[4]["name"] = 'Seán "Quote" O\'Brien-Łukasz'
    people[5]["about"] = "line one\nline two, with a comma; and a semicolon"
    people.append({"id": "blk-lonely", "handle": "blk-lonely", "name": "Nobody Knows",
                   "createdAt": _NOW - 1, "headline": "Alone"})  # fmt: skip
    return dataclasses.replace(network, people=people)


def _settings(data_dir: Path) -> Settings:
    return Settings.from_env({"LINKGRAPH_DATA_DIR": str(data_dir)})


async def _dump(settings: Settings) -> dict[str, Any]:
    """Every node and relationship with all its properties, in a stable order."""
    async with open_store(settings) as store:
        graph = Graph(store.driver, store.database)
        nodes = await graph.rows(
            "MATCH (n) WHERE NOT n:LoadCheckpoint RETURN labels(n) AS labels, properties(n) AS p"
        )
        rels = await graph.rows(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.name) AS a, "
            "coalesce(b.id, b.name) AS b, properties(r) AS p"
        )
        checkpoints = await graph.rows(
            "MATCH (c:LoadCheckpoint) RETURN c.name AS name, c.done AS done"
        )
    key = repr
    return {
        "nodes": sorted(nodes, key=key),
        "rels": sorted(rels, key=key),
        "checkpoints": sorted(checkpoints, key=key),
    }


async def test_bulk_and_cypher_loads_make_the_same_graph(tmp_path: Path) -> None:
    network = _network()
    by_cypher, by_bulk = _settings(tmp_path / "cypher"), _settings(tmp_path / "bulk")
    await loading.load(by_cypher, network, 500)
    parts = await loading.load(by_bulk, network, 500, bulk_load=True)
    assert {p: parts[p].loaded_now for p in local_bulk.PARTS} == {
        "people": 301, "connections": len(network.connections), "follows": len(network.follows)
    }  # fmt: skip
    assert parts["posts"].loaded_now == len(network.posts) > 0  # the rest through Cypher

    cypher, bulk = await _dump(by_cypher), await _dump(by_bulk)
    assert len(cypher["nodes"]) > 301 and len(cypher["rels"]) > 3 * len(network.connections)
    assert bulk == cypher

    async with open_store(by_bulk) as store:
        graph = Graph(store.driver, store.database)
        # The store's full-text and unique indexes took in what the importer wrote.
        found = await graph.rows(
            "CALL db.index.fulltext.queryNodes('Person[searchText]', $terms) "
            "YIELD node RETURN node.id AS id",
            terms=full_text_query("Seán O'Brien"),
        )
        assert [row["id"] for row in found] == [network.people[4]["id"]]
        c = network.connections[0]
        with pytest.raises(StoreConstraint):
            await graph.rows(
                "MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
                "CREATE (a)-[:FOLLOWS {key: $a + '>' + $b}]->(b)",
                a=c["lowId"], b=c["highId"],
            )  # fmt: skip

    # Run again: everything is loaded, nothing is written.
    again = await loading.load(by_bulk, network, 500, bulk_load=True)
    assert sum(state.loaded_now for state in again.values()) == 0
    assert await _dump(by_bulk) == bulk


async def test_bulk_refuses_a_store_with_people_or_a_running_store(tmp_path: Path) -> None:
    network = _network()
    settings = _settings(tmp_path / "taken")
    other = dataclasses.replace(generate(20, seed=3, prefix="oth", now_ms=_NOW), name="other")
    await loading.load(settings, other, 500)
    before = await _dump(settings)
    with pytest.raises(loading.BulkRefused, match="already holds people"):
        await loading.load(settings, network, 500, bulk_load=True)
    assert await _dump(settings) == before

    store = local_store(settings)
    store.start()
    try:
        with pytest.raises(loading.BulkRefused, match="store is running"):
            await loading.load(settings, network, 500, bulk_load=True)
    finally:
        store.stop()
    with pytest.raises(loading.BulkRefused, match="local store"):
        await loading.load(
            dataclasses.replace(settings, neo4j_uri="bolt://127.0.0.1:1"), network, 500,
            bulk_load=True,
        )  # fmt: skip
    assert await _dump(settings) == before


def test_recover_undoes_an_interrupted_swap_or_copy(tmp_path: Path) -> None:
    live = tmp_path / "social"
    (tmp_path / "social.replaced").mkdir()
    (tmp_path / "social.replaced" / "schema.json").write_text("{}")
    (tmp_path / "social.bulk").mkdir()
    local_bulk.recover(live)  # cut between the renames: the old database comes back
    assert (live / "schema.json").exists()
    assert not (tmp_path / "social.bulk").exists()
    (tmp_path / "social.replaced").mkdir()
    local_bulk.recover(live)  # cut after both: the old one goes
    assert live.exists() and not (tmp_path / "social.replaced").exists()


def test_the_importer_log_gives_each_part_its_time(tmp_path: Path) -> None:
    sources, unset = local_bulk.write_sources(_network(), tmp_path)
    assert unset == ["linkedAt"]  # the lonely one has none: written, then removed
    edges = [s for s in sources if s.edge is not None]
    assert [(s.part, s.edge) for s in edges] == [
        ("connections", "CONNECTED_TO"), ("connections", "FOLLOWS"), ("follows", "FOLLOWS")
    ]  # fmt: skip
    log = [
        "x INFO  [GraphImporter]   Person       301 vertices (6,000 ms)",
        "x INFO  [GraphImporter]   CONNECTED_TO    5,000 (Person\u2192Person, 4,000 ms)",
        "x INFO  [GraphImporter]   FOLLOWS        10,000 (Person?Person, 5,000 ms)",
        "x INFO  [GraphImporter]   FOLLOWS         1,405 (Person\u2192Person, 112 ms)",
    ]
    assert local_bulk.part_seconds(sources, log) == {
        "people": 6.0, "connections": 9.0, "follows": 0.112
    }  # fmt: skip
    assert local_bulk.part_seconds(sources, log[1:]) == dict.fromkeys(local_bulk.PARTS)
