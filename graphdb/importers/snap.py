"""SNAP edge lists (snap.stanford.edu) as they come: `#` comments, two node ids a line
separated by a tab, spaces, a comma or a semicolon, perhaps a header line (`id_1,id_2`,
the musae sets), perhaps a third column with the time in Unix seconds (the temporal
sets); CRLF tolerated. A node attribute file beside it (`id,name,...`) can name the
people. Imported as one-way follows or as connections."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from graphdb.bulk import Network
from graphdb.importers import (
    Dialect,
    EdgeSet,
    ImportFailed,
    Read,
    file_order_time,
    fingerprint,
    handle_for,
    person_id,
    records,
    sniff,
    text_lines,
    unix_time_ms,
)
from graphdb.records import MAX_LENGTHS

As = Literal["follows", "connections"]
# The column a node attribute file names people by, first found first.
NAME_COLUMNS = ("name", "page_name", "title", "username", "label")
UNSET: Literal["sniff"] = "sniff"


def _is_id(field: str) -> bool:
    return field.isdigit()


def read_edges(
    path: Path, *, delimiter: str | Literal["sniff"] | None = UNSET, header: bool | None = None
) -> tuple[Dialect, list[tuple[int, int, int, int | None]]]:
    """The file's dialect, and (line, from, to, time or None) for every edge line."""
    lines = text_lines(path)
    dialect = sniff(path, lines, delimiter=delimiter, header=header, is_value=_is_id)
    edges = []
    for n, fields in records(path, dialect, lines):
        if len(fields) not in (2, 3):
            raise ImportFailed(
                path, n, f"expected two node ids (and perhaps a time), found {len(fields)} fields"
            )
        if not (fields[0].isdigit() and fields[1].isdigit()):
            raise ImportFailed(
                path, n, f"node ids must be whole numbers, not {fields[0]!r} and {fields[1]!r}"
            )
        at = unix_time_ms(fields[2], path, n) if len(fields) == 3 else None
        edges.append((n, int(fields[0]), int(fields[1]), at))
    return dialect, edges


def read_names(path: Path) -> tuple[str, dict[int, str]]:
    """The name column of a node attribute file, and each node's name."""
    lines = text_lines(path)
    dialect = sniff(path, lines, header=True)
    columns = [c.lower() for c in dialect.header or []]
    if "id" not in columns:
        raise ImportFailed(path, 1, f"the header needs an `id` column, not {columns}")
    column = next((c for c in NAME_COLUMNS if c in columns), None)
    if column is None:
        raise ImportFailed(path, 1, f"the header needs a name column ({', '.join(NAME_COLUMNS)})")
    at, key = columns.index(column), columns.index("id")
    names: dict[int, str] = {}
    for n, fields in records(path, dialect, lines):
        if not fields[key].isdigit():
            raise ImportFailed(path, n, f"node ids must be whole numbers, not {fields[key]!r}")
        name = " ".join(fields[at].split())
        if not 0 < len(name) <= MAX_LENGTHS["name"]:
            raise ImportFailed(path, n, f"a name must be 1 to {MAX_LENGTHS['name']} characters")
        names[int(fields[key])] = name
    return column, names


def network(
    path: Path,
    *,
    as_: As,
    prefix: str,
    names: Path | None = None,
    delimiter: str | Literal["sniff"] | None = UNSET,
    header: bool | None = None,
) -> Read:
    """People named after their node ids (or the attribute file), and each edge once
    (self-loops and repeats left out), with the file's times or times in file order."""
    dialect, rows = read_edges(path, delimiter=delimiter, header=header)
    detected = [f"{path.name}: {dialect.describe()}"]
    named: dict[int, str] = {}
    if names is not None:
        column, named = read_names(names)
        detected.append(f"{names.name}: names from its `{column}` column ({len(named):,})")
    seen = EdgeSet(directed=as_ == "follows")
    nodes: set[int] = set()
    kept = []
    for i, (_, a, b, at) in enumerate(rows):
        nodes.update((a, b))
        pair = seen.add(a, b)
        if pair is not None:
            kept.append((pair, at if at is not None else file_order_time(i)))
    timed = rows and rows[0][3] is not None
    detected.append(
        "times: from the third column (Unix seconds)"
        if timed
        else "times: none in the file; one second apart in file order from 2020-01-01"
    )

    def pid(node: int) -> str:
        return person_id(prefix, str(node))

    # everyone "joins" at the first time in the file, so connections never predate them
    joined = min((at for _, at in kept), default=file_order_time(0))
    people = [
        {
            "id": pid(node),
            "handle": handle_for(prefix, str(node)),
            "name": named.get(node) or f"{prefix} {node}",
            "createdAt": joined,
        }
        for node in sorted(nodes)
    ]
    if as_ == "follows":
        follows = [
            {"followerId": pid(a), "followeeId": pid(b), "since": at, "viaConnection": False}
            for (a, b), at in kept
        ]
        connections = []
    else:
        follows = []
        # Ids compare as strings in the store: order each pair that way.
        connections = [
            {"lowId": min(pid(a), pid(b)), "highId": max(pid(a), pid(b)), "since": at}
            for (a, b), at in kept
        ]
    options = f"{dialect}:{names and fingerprint(names)}"
    name = f"snap:{prefix}:{as_}:{fingerprint(path, options=options)}"
    return Read(Network(name, people, connections, follows), seen.skipped, detected)
