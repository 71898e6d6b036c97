"""A network written as the CSV files of Neo4j's offline bulk importer
(`neo4j-admin database import full`), the route for a first load at millions of rows.

The files hold exactly the graph graphdb.bulk's Cypher load makes: the same labels,
relationship types and properties, the derived fields the load statements compute, and
the two follows each connection implies. Header syntax: `name:type` per column, `:ID`,
`:START_ID` and `:END_ID` with an id space per label, as Neo4j 5's operations manual
documents it. Constraints and indexes are not part of an offline import: the service
creates them (graphdb.migrations) when it first starts on the imported database.
"""

from __future__ import annotations

import csv
import dataclasses
import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graphdb.bulk import Network

PERSON_FIELDS = ("handle", "name", "headline", "about", "location", "industry")


@dataclasses.dataclass(frozen=True)
class File:
    """One file of the import: its header and whether it holds nodes or relationships."""

    name: str
    kind: str  # "nodes" or "relationships"
    label: str  # the node label or relationship type
    header: tuple[str, ...]


PEOPLE = File(
    "people.csv",
    "nodes",
    "Person",
    (
        "id:ID(Person)",
        *PERSON_FIELDS,
        "createdAt:long",
        "updatedAt:long",
        "networkVersion:long",
        "linkedAt:long",
        "searchText",
        "sortName",
    ),
)
ORGANIZATIONS = File(
    "organizations.csv",
    "nodes",
    "Organization",
    ("id:ID(Organization)", "name", "kind", "url", "searchText", "sortName"),
)
CONNECTIONS = File(
    "connections.csv",
    "relationships",
    "CONNECTED_TO",
    (":START_ID(Person)", ":END_ID(Person)", "key", "since:long"),
)
FOLLOWS = File(
    "follows.csv",
    "relationships",
    "FOLLOWS",
    (":START_ID(Person)", ":END_ID(Person)", "key", "since:long", "viaConnection:boolean"),
)
AFFILIATIONS = File(
    "affiliations.csv",
    "relationships",
    "AFFILIATED_WITH",
    (":START_ID(Person)", ":END_ID(Organization)", "key", "role", "year:int"),
)
FILES = (PEOPLE, ORGANIZATIONS, CONNECTIONS, FOLLOWS, AFFILIATIONS)


def _people(network: Network) -> Iterator[list[Any]]:
    for p in network.people_rows:
        headline = p.get("headline") or ""
        yield [
            p["id"],
            *(p.get(field) for field in PERSON_FIELDS),
            p["createdAt"],
            p["createdAt"],  # updatedAt: as the load sets it
            0,  # networkVersion
            p.get("linkedAt"),
            f"{p['name']} @{p['handle']} {headline}".lower(),
            p["name"].lower(),
        ]


def _follows(network: Network) -> Iterator[list[Any]]:
    for c in network.connections:  # a connection is a follow each way
        low, high = c["lowId"], c["highId"]
        yield [low, high, f"{low}>{high}", c["since"], True]
        yield [high, low, f"{high}>{low}", c["since"], True]
    for f in network.follows:
        a, b = f["followerId"], f["followeeId"]
        yield [a, b, f"{a}>{b}", f["since"], f["viaConnection"]]


def rows(network: Network) -> dict[File, Iterable[list[Any]]]:
    """Each file's rows, in the order of its header."""
    if network.invitations or network.posts:
        raise ValueError("invitations and posts are not written for an offline import")
    return {
        PEOPLE: _people(network),
        ORGANIZATIONS: (
            [o["id"], o["name"], o["kind"], o.get("url"), o["name"].lower(), o["name"].lower()]
            for o in network.organizations
        ),
        CONNECTIONS: (
            [c["lowId"], c["highId"], f"{c['lowId']}|{c['highId']}", c["since"]]
            for c in network.connections
        ),
        FOLLOWS: _follows(network),
        AFFILIATIONS: (
            [
                a["personId"],
                a["organizationId"],
                f"{a['personId']}@{a['organizationId']}#{a['role']}",
                a["role"],
                a.get("year"),
            ]
            for a in network.affiliations
        ),
    }


def _cell(value: Any) -> Any:
    # An empty field is no property at all for the importer: None is written so.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write(network: Network, out: Path, database: str = "neo4j") -> dict[str, int]:
    """Write the files (and `import.sh`, the command that loads them) into `out`;
    returns the rows of each file."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for spec, found in rows(network).items():
        with (out / spec.name).open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
            writer.writerow(spec.header)
            n = 0
            for row in found:
                writer.writerow([_cell(v) for v in row])
                n += 1
        counts[spec.name] = n
    (out / "import.sh").write_text(command(database) + "\n")
    return counts


def command(database: str = "neo4j") -> str:
    """The neo4j-admin command for these files (run from their folder, database stopped)."""
    parts = ["neo4j-admin", "database", "import", "full", shlex.quote(database)]
    for spec in FILES:
        parts.append(f"--{spec.kind}={spec.label}={spec.name}")
    # Since Neo4j 5.19 the database comes right after `full`; notes and "about" texts
    # may hold line breaks inside quotes.
    parts += ["--multiline-fields=true", "--skip-bad-relationships=false"]
    return " ".join(parts)
