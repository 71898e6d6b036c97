"""Users' own exports: a file of people and a file of edges, each with a header line,
separated by commas, semicolons, tabs or pipes (sniffed, or given).

people: `id,name` and optionally `handle,headline,location,industry,about`.
edges:  `source,target` (people ids) and optionally `since` (ISO 8601 or epoch ms);
without it, edges get distinct times in file order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from graphdb.bulk import Network, Rows
from graphdb.importers import (
    FILE_ORDER_EPOCH_MS,
    Dialect,
    EdgeSet,
    ImportFailed,
    Read,
    data_lines,
    epoch_ms,
    file_order_time,
    fingerprint,
    handle_for,
    person_id,
    records,
    sniff,
    text_lines,
)
from graphdb.records import HANDLE, MAX_LENGTHS

OPTIONAL = ("handle", "headline", "location", "industry", "about")


def _records(
    path: Path, required: tuple[str, ...], delimiter: str | Literal["sniff"] | None
) -> tuple[Dialect, list[tuple[int, dict[str, str]]]]:
    lines = text_lines(path)
    if not data_lines(lines):
        raise ImportFailed(path, 1, "empty file: expected a header line")
    dialect = sniff(path, lines, delimiter=delimiter, header=True)
    header = dialect.header or []
    missing = [c for c in required if c not in header]
    if missing:
        first = data_lines(lines)[0][0]
        raise ImportFailed(path, first, f"the header needs column(s) {', '.join(missing)}")
    found = [
        (n, dict(zip(header, fields, strict=True))) for n, fields in records(path, dialect, lines)
    ]
    return dialect, found


def network(
    people_csv: Path,
    edges_csv: Path,
    *,
    as_: Literal["follows", "connections"],
    prefix: str,
    delimiter: str | Literal["sniff"] | None = "sniff",
) -> Read:
    people_dialect, people_rows = _records(people_csv, ("id", "name"), delimiter)
    edges_dialect, edge_rows = _records(edges_csv, ("source", "target"), delimiter)
    people: dict[str, dict] = {}
    handles: set[str] = set()
    for n, record in people_rows:
        raw = record["id"]
        if not raw:
            raise ImportFailed(people_csv, n, "empty id")
        if raw in people:
            raise ImportFailed(people_csv, n, f"id {raw!r} appears twice")
        person = {"id": person_id(prefix, raw), "name": record["name"]}
        for field in OPTIONAL:
            if record.get(field):
                person[field] = record[field]
        person["handle"] = (person.get("handle") or handle_for(prefix, raw)).lower()
        if not HANDLE.match(person["handle"]):
            raise ImportFailed(people_csv, n, f"handle {person['handle']!r} is not 3-30 of "
                               "a-z, 0-9 and inner hyphens")  # fmt: skip
        if person["handle"] in handles:
            raise ImportFailed(people_csv, n, f"handle {person['handle']!r} appears twice")
        handles.add(person["handle"])
        for field, limit in MAX_LENGTHS.items():
            if field in person and not 0 < len(person[field]) <= limit:
                raise ImportFailed(people_csv, n, f"{field} must be 1 to {limit} characters")
        people[raw] = person

    seen = EdgeSet(directed=as_ == "follows")
    edges: Rows = []
    timed = "since" in (edges_dialect.header or [])
    for i, (n, record) in enumerate(edge_rows):
        ends = []
        for column in ("source", "target"):
            if record[column] not in people:
                raise ImportFailed(edges_csv, n, f"{column} {record[column]!r} is not in "
                                   f"{people_csv.name}")  # fmt: skip
            ends.append(people[record[column]]["id"])
        pair = seen.add(*ends)
        if pair is None:
            continue
        raw_since = record.get("since", "")
        since = epoch_ms(raw_since, edges_csv, n, "since") if raw_since else file_order_time(i)
        if as_ == "follows":
            edges.append(
                {"followerId": pair[0], "followeeId": pair[1], "since": since,
                 "viaConnection": False}
            )  # fmt: skip
        else:
            edges.append({"lowId": pair[0], "highId": pair[1], "since": since})
    # everyone "joins" by the first time in the file, so no tie predates its people
    joined = min((edge["since"] for edge in edges), default=FILE_ORDER_EPOCH_MS)
    for person in people.values():
        person["createdAt"] = min(joined, FILE_ORDER_EPOCH_MS)
    options = f"{people_dialect}:{edges_dialect}"
    name = f"csv:{prefix}:{as_}:{fingerprint(people_csv, edges_csv, options=options)}"
    connections, follows = ([], edges) if as_ == "follows" else (edges, [])
    detected = [
        f"{people_csv.name}: {people_dialect.describe()}",
        f"{edges_csv.name}: {edges_dialect.describe()}",
        "times: from the `since` column, in file order where it is empty"
        if timed
        else "times: no `since` column; one second apart in file order from 2020-01-01",
    ]
    network = Network(name, list(people.values()), connections, follows)
    return Read(network, seen.skipped, detected)
