"""The files `linkgraph export --format neo4j-admin` writes: headers in the syntax Neo4j 5's
operations manual gives for `neo4j-admin database import`, every relationship's ends
among the nodes, and, read back by those rules, exactly the graph the Cypher load makes
in the store (labels, types, every property)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from graphdb import admin_import, bulk
from graphdb.graph import Graph
from graphdb.importers import ldbc, snap

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
LDBC = DATA / "ldbc-snb-sample"

# The header syntax: `name:type`, or `[name]:ID(space)`, `:START_ID(space)`,
# `:END_ID(space)`; these are the types the manual lists (arrays end in []).
TYPES = (
    "int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|"
    "localdatetime|datetime|duration"
)
COLUMN = re.compile(
    rf"^(?:(?P<id>\w*):ID(?:\((?P<space>\w+)\))?"
    rf"|:(?P<end>START_ID|END_ID)(?:\((?P<endspace>\w+)\))?"
    rf"|(?P<name>\w+)(?::(?P<type>{TYPES})(?P<array>\[\])?)?)$"
)

GRAPH = """
MATCH (n) WHERE n.id STARTS WITH $prefix
RETURN labels(n) AS labels, properties(n) AS props
"""
EDGES = """
MATCH (a)-[r]->(b) WHERE a.id STARTS WITH $prefix
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""


def _value(text: str, kind: str | None) -> Any:
    if kind in ("int", "long"):
        return int(text)
    if kind == "boolean":
        return text == "true"
    return text


def read_back(folder: Path) -> tuple[set, set]:
    """The nodes and relationships the importer would make of the files."""
    nodes, edges, ids = set(), set(), {}
    for spec in admin_import.FILES:
        with (folder / spec.name).open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        columns = [COLUMN.match(c) for c in rows[0]]
        assert all(columns), f"{spec.name}: {rows[0]} breaks the header syntax"
        for row in rows[1:]:
            props, ends = {}, {}
            for column, text in zip(columns, row, strict=True):
                assert column is not None
                if column["end"]:
                    ends[column["end"]] = (column["endspace"], text)
                elif column["space"] is not None or column.group(0).endswith(":ID"):
                    props[column["id"]] = text
                    ids[(column["space"], text)] = True
                elif text != "":  # an empty field is no property
                    props[column["name"]] = _value(text, column["type"])
            frozen = frozenset(props.items())
            if spec.kind == "nodes":
                nodes.add((spec.label, frozen))
            else:
                for space, end in ends.values():
                    assert (space, end) in ids, f"{spec.name}: {end} is no {space} node"
                edges.add((spec.label, ends["START_ID"][1], ends["END_ID"][1], frozen))
    return nodes, edges


async def in_store(graph: Graph, prefix: str) -> tuple[set, set]:
    nodes = {
        (row["labels"][0], frozenset(row["props"].items()))
        for row in await graph.rows(GRAPH, prefix=prefix)  # type: ignore[arg-type]
    }
    edges = {
        (row["type"], row["start"], row["end"], frozenset(row["props"].items()))
        for row in await graph.rows(EDGES, prefix=prefix)  # type: ignore[arg-type]
    }
    return nodes, edges


@pytest.mark.parametrize("source", ["ldbc", "snap-follows"])
async def test_the_files_hold_the_graph_the_cypher_load_makes(
    graph: Graph, tmp_path: Path, source: str
) -> None:
    if source == "ldbc":
        prefix = "adm-ldbc"
        network = ldbc.network(LDBC, prefix=prefix).network
    else:
        prefix = "adm-snap"
        edges = tmp_path / "edges.txt"
        edges.write_text("# two people follow each other, one follows a third\n1 2\n2 1\n1 3\n")
        network = snap.network(edges, as_="follows", prefix=prefix).network
    await bulk.load(graph, network)
    counts = admin_import.write(network, tmp_path / "out")
    assert counts["people.csv"] == len(network.people)

    files = read_back(tmp_path / "out")
    store = await in_store(graph, f"{prefix}:")
    assert files[0] == store[0]  # the same nodes, property for property
    assert files[1] == store[1]  # the same relationships, the implied follows included
    assert len(store[1]) == (
        3 * len(network.connections) + len(network.follows) + len(network.affiliations)
    )


def test_the_command_names_every_file() -> None:
    command = admin_import.command("social")
    assert command.startswith("neo4j-admin database import full social ")
    for spec in admin_import.FILES:
        assert f"--{spec.kind}={spec.label}={spec.name}" in command
