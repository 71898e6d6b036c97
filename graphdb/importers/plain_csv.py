"""Users' own exports: a CSV of people and a CSV of edges, comma-separated with headers.

people: `id,name` and optionally `handle,headline,location,industry,about`.
edges:  `source,target` (people ids) and optionally `since` (ISO 8601 or epoch ms).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Literal

from graphdb.bulk import Network, Rows
from graphdb.importers import EdgeSet, ImportFailed, Skipped, epoch_ms, fingerprint, text_lines
from graphdb.records import HANDLE, MAX_LENGTHS

OPTIONAL = ("handle", "headline", "location", "industry", "about")


def _records(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    lines = [(n, text) for n, text in text_lines(path) if text.strip()]
    if not lines:
        raise ImportFailed(path, 1, "empty file: expected a header line")
    rows = list(csv.reader(text for _, text in lines))
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed(path, lines[0][0], f"the header needs column(s) {', '.join(missing)}")
    records = []
    for (n, _), fields in zip(lines[1:], rows[1:], strict=True):
        if len(fields) != len(header):
            raise ImportFailed(path, n, f"expected {len(header)} fields, found {len(fields)}")
        records.append((n, {h: v.strip() for h, v in zip(header, fields, strict=True)}))
    return records


def network(
    people_csv: Path,
    edges_csv: Path,
    *,
    as_: Literal["follows", "connections"],
    prefix: str,
    now_ms: int | None = None,
) -> tuple[Network, Skipped]:
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    people: dict[str, dict] = {}
    handles: set[str] = set()
    for n, record in _records(people_csv, ("id", "name")):
        raw = record["id"]
        if not raw:
            raise ImportFailed(people_csv, n, "empty id")
        if raw in people:
            raise ImportFailed(people_csv, n, f"id {raw!r} appears twice")
        person = {"id": f"{prefix}-{raw}", "createdAt": now, "name": record["name"]}
        for field in OPTIONAL:
            if record.get(field):
                person[field] = record[field]
        person["handle"] = (person.get("handle") or f"{prefix}-{raw}").lower()
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
    for n, record in _records(edges_csv, ("source", "target")):
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
        since = epoch_ms(raw_since, edges_csv, n, "since") if raw_since else now
        if as_ == "follows":
            edges.append(
                {"followerId": pair[0], "followeeId": pair[1], "since": since,
                 "viaConnection": False}
            )  # fmt: skip
        else:
            edges.append({"lowId": pair[0], "highId": pair[1], "since": since})
    name = f"csv:{prefix}:{as_}:{fingerprint(people_csv, edges_csv)}"
    connections, follows = ([], edges) if as_ == "follows" else (edges, [])
    return Network(name, list(people.values()), connections, follows), seen.skipped
