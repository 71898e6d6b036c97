"""The LDBC Social Network Benchmark CSV layout (Datagen, `|`-separated with a header):
persons, `person_knows_person` as connections, and employers and schools with their
organisations when the files are there. Part files (`person_0_0.csv`, `person_1_0.csv`,
...) anywhere under the folder are read together; update streams are not."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from graphdb.bulk import Network, Rows
from graphdb.importers import (
    EdgeSet,
    ImportFailed,
    Read,
    epoch_ms,
    fingerprint,
    handle_for,
    person_id,
    text_lines,
)
from graphdb.records import MAX_LENGTHS

PERSON = ("id", "firstName", "lastName")  # the columns used; others may follow
KNOWS = ("Person.id", "Person.id", "creationDate")
WORK_AT = ("Person.id", "Organisation.id", "workFrom")
STUDY_AT = ("Person.id", "Organisation.id", "classYear")
ORGANISATION = ("id", "type", "name", "url")
LOCATED_IN = ("Person.id", "Place.id")
PLACE = ("id", "name")
TABLES = (
    "person", "person_knows_person", "person_isLocatedIn_place", "place", "organisation",
    "person_workAt_organisation", "person_studyAt_organisation",
)  # fmt: skip


def _parts(root: Path, table: str) -> list[Path]:
    pattern = re.compile(rf"^{re.escape(table)}_\d+_\d+\.csv$")
    return sorted(p for p in root.rglob("*.csv") if pattern.match(p.name))


def _rows(root: Path, table: str, header: tuple[str, ...]) -> Iterator[tuple[Path, int, list]]:
    """(file, line, fields) of every data row of every part of `table`."""
    for path in _parts(root, table):
        lines = text_lines(path)
        reader = csv.reader((text for _, text in lines), delimiter="|", quoting=csv.QUOTE_NONE)
        for (n, text), fields in zip(lines, reader, strict=True):
            if n == 1:
                if tuple(fields[: len(header)]) != header:
                    raise ImportFailed(
                        path, 1, f"expected a header starting {'|'.join(header)!r}, not {text!r}"
                    )
                continue
            if not text:
                continue
            if len(fields) < len(header):
                raise ImportFailed(
                    path, n, f"expected {len(header)} fields separated by '|', found {len(fields)}"
                )
            yield path, n, fields


def _year(value: str, path: Path, line: int) -> int:
    if not value.isdigit():
        raise ImportFailed(path, line, f"not a year: {value!r}")
    return int(value)


def network(root: Path, *, prefix: str) -> Read:
    if not _parts(root, "person"):
        raise ImportFailed(root, None, "no person_*_*.csv under this folder (LDBC SNB layout)")

    def pid(raw: str) -> str:
        return person_id(prefix, raw)

    people: dict[str, dict] = {}
    for path, n, fields in _rows(root, "person", PERSON):
        raw, first, last = fields[0], fields[1], fields[2]
        name = f"{first} {last}".strip()
        if not raw.isdigit() or not name or len(name) > MAX_LENGTHS["name"]:
            raise ImportFailed(path, n, "a person needs a numeric id and a name of 1-100 chars")
        if raw in people:
            raise ImportFailed(path, n, f"person {raw} appears twice")
        # Datagen writes epoch milliseconds, or ISO 8601 in older versions.
        created = epoch_ms(fields[5], path, n, "creationDate") if len(fields) > 5 else 0
        people[raw] = {
            "id": pid(raw),
            "handle": handle_for(prefix, raw),
            "name": name,
            "createdAt": created,
        }

    def known(raw: str, path: Path, n: int) -> str:
        if raw not in people:
            raise ImportFailed(path, n, f"person {raw} is not in the person files")
        return pid(raw)

    places = {f[0]: f[1].replace("_", " ") for _, _, f in _rows(root, "place", PLACE)}
    for path, n, (person, place, *_) in _rows(root, "person_isLocatedIn_place", LOCATED_IN):
        known(person, path, n)
        if place in places:
            people[person]["location"] = places[place][: MAX_LENGTHS["location"]]

    connections: Rows = []
    pairs = EdgeSet(directed=False)
    for path, n, (a, b, since, *_) in _rows(root, "person_knows_person", KNOWS):
        pair = pairs.add(known(a, path, n), known(b, path, n))
        if pair is not None:
            since_ms = epoch_ms(since, path, n, "creationDate")
            connections.append({"lowId": pair[0], "highId": pair[1], "since": since_ms})

    organisations = {
        f[0]: f for _, _, f in _rows(root, "organisation", ORGANISATION)
    }  # static: every organisation in the world; only those people name are loaded
    affiliations: Rows = []
    used: dict[str, dict] = {}
    for table, header, role in (
        ("person_workAt_organisation", WORK_AT, "work"),
        ("person_studyAt_organisation", STUDY_AT, "study"),
    ):
        for path, n, (person, org, year, *_) in _rows(root, table, header):
            if org not in organisations:
                raise ImportFailed(path, n, f"organisation {org} is not in the organisation files")
            _, kind, name, url = organisations[org][:4]
            org_id = person_id(prefix, f"org-{org}")
            used[org_id] = {"id": org_id, "name": name.replace("_", " "), "kind": kind, "url": url}
            affiliations.append(
                {
                    "personId": known(person, path, n),
                    "organizationId": org_id,
                    "role": role,
                    "year": _year(year, path, n),
                }
            )
    # A headline from the latest employer, as a profile would show it.
    latest: dict[str, tuple[int, str]] = {}
    for a in affiliations:
        if a["role"] == "work" and a["year"] >= latest.get(a["personId"], (-1, ""))[0]:
            latest[a["personId"]] = (a["year"], used[a["organizationId"]]["name"])
    for person in people.values():
        if person["id"] in latest:
            person["headline"] = f"Works at {latest[person['id']][1]}"[: MAX_LENGTHS["headline"]]

    files = [p for t in TABLES for p in _parts(root, t)]
    name = f"ldbc:{prefix}:{fingerprint(*files)}"
    network = Network(
        name, list(people.values()), connections, [], [], sorted(used.values(), key=_id),
        affiliations,
    )  # fmt: skip
    detected = [
        f"LDBC SNB CSV ('|'-separated, headers): {len(files)} files under {root.name}",
        "times: from creationDate (people and connections)",
    ]
    return Read(network, pairs.skipped, detected)


def _id(row: dict) -> str:
    return row["id"]
