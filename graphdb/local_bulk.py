"""Bulk loads into an empty local store through ArcadeDB's own graph importer.

The Cypher path (graphdb/bulk.py) is bound by the store's work per statement: 6,000-
10,000 connections a second. ArcadeDB's `GraphImporter` writes records, edge lists and
index entries directly, in Java: 3x as many connections a second (docs/loading.md).
It needs the database's files to itself, so it runs with the store stopped, in a child
process with its own JVM, on a copy of the (empty, migrated) database. The copy
replaces the real one only once it is complete: an interrupted bulk load leaves the
store as it was, and running it again starts the bulk part over. Its checkpoints are
written into the copy, so the rest of the load (the Cypher path) resumes after it.

The graph is the one the Cypher path makes (graphdb/queries: LOAD_PEOPLE,
LOAD_CONNECTIONS, LOAD_FOLLOWS): the same properties, the derived ones computed here,
the two follows each connection implies, and every key checked by the store's unique
indexes as the records are written.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from graphdb.bulk import Network
from graphdb.graph import Graph
from graphdb.queries import loading as ql

PARTS = ("people", "connections", "follows")
_PERSON = "Person"
# GraphImporter's own log lines (arcadedb-embedded is pinned): one for the people, then
# one per edge source as it is read and written, in the order declared.
_VERTICES_LINE = re.compile(r"\[GraphImporter\]\s+Person\s+[\d,]+ vertices \(([\d,]+) ms\)")
# (the arrow between the two types may reach us as "?", whatever the JVM's encoding)
_WRITE_LINE = re.compile(r"\[GraphImporter\]\s+\w+\s+[\d,]+ \(Person\W+Person, ([\d,]+) ms\)")
_RESULT = "RESULT "


class BulkLoadError(RuntimeError):
    """The store's importer failed; the store is as it was before."""


@dataclasses.dataclass
class BulkLoad:
    """What a bulk load wrote: rows per part, and each part's seconds where known."""

    rows: dict[str, int]
    seconds: dict[str, float | None]
    wall_s: float
    stages: dict[str, float]  # writing the files, the importer's process, the swap


@dataclasses.dataclass
class _Source:
    part: str
    edge: str | None  # None: the people
    file: str
    properties: dict[str, str]


def person_rows(network: Network) -> Iterator[dict[str, Any]]:
    """People as LOAD_PEOPLE writes them: with updatedAt, networkVersion and the
    derived sort and search texts (graphdb/queries/people.py `_DERIVED`)."""
    for p in network.people_rows:
        yield {
            **p,
            "updatedAt": p["createdAt"],
            "networkVersion": 0,
            "searchText": f"{p['name']} @{p['handle']} {p.get('headline') or ''}".lower(),
            "sortName": p["name"].lower(),
        }


def _edge_lines(network: Network) -> Iterator[tuple[str, str, Iterator[bytes]]]:
    """(part, type, JSONL lines) of the relationships: each connection, the two follows
    it implies, the one-way follows. At 10M connections that is 33M lines, so each is
    put together from the two people's ids, encoded once (134 s became 102 s, mostly the
    disk now). A key is its two ids joined, so its JSON is theirs joined."""
    ids = {p["id"]: orjson.dumps(p["id"]) for p in network.people}

    def connected() -> Iterator[bytes]:
        for c in network.connections:
            a, b = ids[c["lowId"]], ids[c["highId"]]
            yield b'{"f":%b,"t":%b,"k":%b|%b,"s":%d}\n' % (a, b, a[:-1], b[1:], c["since"])

    def implied() -> Iterator[bytes]:
        for c in network.connections:
            a, b, since = ids[c["lowId"]], ids[c["highId"]], c["since"]
            yield b'{"f":%b,"t":%b,"k":%b>%b,"s":%d,"v":true}\n' % (a, b, a[:-1], b[1:], since)
            yield b'{"f":%b,"t":%b,"k":%b>%b,"s":%d,"v":true}\n' % (b, a, b[:-1], a[1:], since)

    def one_way() -> Iterator[bytes]:
        for f in network.follows:
            a, b = ids[f["followerId"]], ids[f["followeeId"]]
            via = b"true" if f["viaConnection"] else b"false"
            yield b'{"f":%b,"t":%b,"k":%b>%b,"s":%d,"v":%b}\n' % (a, b, a[:-1], b[1:],
                                                                 f["since"], via)  # fmt: skip

    yield "connections", "CONNECTED_TO", connected()
    yield "connections", "FOLLOWS", implied()
    yield "follows", "FOLLOWS", one_way()


_EDGE_PROPERTIES = {
    "CONNECTED_TO": {"key": "k", "since": "long:s"},
    "FOLLOWS": {"key": "k", "since": "long:s", "viaConnection": "bool:v"},
}


def _spec(name: str, value: Any) -> str:
    """GraphImporter's property spec for a value of this type (ints as longs: what
    Bolt gives the Cypher path)."""
    if isinstance(value, bool):
        return f"bool:{name}"
    if isinstance(value, int):
        return f"long:{name}"
    if isinstance(value, float):
        return f"double:{name}"
    if isinstance(value, str):
        return name
    raise BulkLoadError(f"property {name!r} has a value of type {type(value).__name__}")


# Where a person lacks a number others have: the importer writes a number for every row
# of a source that declares it (0 when missing) and takes one source per type, so these
# rows get this instead, and the worker removes it again (`_unset`).
UNSET = -(2**63)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def write_sources(network: Network, folder: Path) -> tuple[list[_Source], list[str]]:
    """Write the people and their relationships as JSONL files the importer reads.
    Returns the sources and the people's numeric properties some of them lack."""
    folder.mkdir(parents=True, exist_ok=True)
    people, unset = _write_people(network, folder / "00-people-Person.jsonl")
    sources = [people]
    try:
        for part, edge, lines in _edge_lines(network):
            name = f"{len(sources):02d}-{part}-{edge}.jsonl"
            with open(folder / name, "wb") as f:
                f.writelines(lines)
                written = f.tell()
            if written:
                sources.append(_Source(part, edge, name, _EDGE_PROPERTIES[edge]))
    except KeyError as e:
        raise BulkLoadError(
            f"a relationship names {e.args[0]!r}, who is not among the people"
        ) from None
    except TypeError as e:  # a time that is not a number: the Cypher path takes it
        raise BulkLoadError(f"a relationship without a time in milliseconds ({e})") from None
    return sources, unset


def _write_people(network: Network, path: Path) -> tuple[_Source, list[str]]:
    rows = list(person_rows(network))
    specs: dict[str, str] = {}
    for row in rows:
        for k, v in row.items():
            if v is not None and specs.setdefault(k, _spec(k, v)) != _spec(k, v):
                raise BulkLoadError(f"people's {k!r} holds values of more than one type")
    counts = {k: sum(1 for row in rows if row.get(k) is not None) for k in specs}
    unset = sorted(k for k, spec in specs.items() if spec != k and counts[k] < len(rows))
    for k in unset:
        if not specs[k].startswith("long:") or not _NAME.match(k):
            raise BulkLoadError(f"some people lack {k!r}, which only the Cypher path leaves out")
    with open(path, "wb") as f:
        for row in rows:
            present = {k: v for k, v in row.items() if v is not None}
            f.write(orjson.dumps({**dict.fromkeys(unset, UNSET), **present}) + b"\n")
    return _Source("people", None, path.name, specs), unset


def importer_config(sources: list[_Source]) -> dict[str, Any]:
    """The JSON configuration GraphImporter.fromJSON reads."""
    vertices = [
        {"type": _PERSON, "file": s.file, "id": "id", "properties": s.properties}
        for s in sources
        if s.edge is None
    ]
    edges = [
        {
            "edge": s.edge,
            "file": s.file,
            "from": f"f:{_PERSON}",
            "to": f"t:{_PERSON}",
            "properties": s.properties,
        }
        for s in sources
        if s.edge is not None
    ]
    return {"vertices": vertices, "edgeSources": edges}


def part_seconds(sources: list[_Source], log: list[str]) -> dict[str, float | None]:
    """Each part's time, from the importer's log (None where a line is missing)."""
    vertices = [int(m[1].replace(",", "")) for m in map(_VERTICES_LINE.search, log) if m]
    written = [int(m[1].replace(",", "")) for m in map(_WRITE_LINE.search, log) if m]
    people = [s for s in sources if s.edge is None]
    edges = [s for s in sources if s.edge is not None]
    if len(vertices) != len(people) or len(written) != len(edges):
        return dict.fromkeys(PARTS)
    ms: dict[str, int] = dict.fromkeys(PARTS, 0)
    for s, t in zip(people, vertices, strict=True):
        ms[s.part] += t
    for s, w in zip(edges, written, strict=True):
        ms[s.part] += w
    return {part: t / 1000 for part, t in ms.items()}


def load(
    database_dir: Path,
    network: Network,
    *,
    heap: str,
    on_line: Callable[[str], None] = lambda line: None,
) -> BulkLoad:
    """Load the network's people, connections and follows into the stopped store's
    database at `database_dir` (empty and migrated), with their checkpoints."""
    recover(database_dir)
    staging = database_dir.with_name(database_dir.name + ".bulk")
    sources_dir = database_dir.parent.parent.parent / "bulk-sources"
    started = time.perf_counter()
    stages: dict[str, float] = {}
    try:
        shutil.rmtree(sources_dir, ignore_errors=True)
        sources, unset = write_sources(network, sources_dir)
        rows = {"people": len(network.people), "connections": len(network.connections),
                "follows": len(network.follows)}  # fmt: skip
        shutil.copytree(database_dir, staging)
        spec = {
            "config": importer_config(sources),
            "sources": str(sources_dir),
            "database": str(staging),
            "heap": heap,
            "checkpoints": [
                {"name": f"{network.name}:{part}", "done": n} for part, n in rows.items()
            ],
            "unset": unset,
        }
        (sources_dir / "spec.json").write_text(json.dumps(spec))
        stages["files"] = time.perf_counter() - started
        log = _run_worker(sources_dir / "spec.json", on_line)
        stages["importer"] = time.perf_counter() - started - stages["files"]
        _swap(database_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(sources_dir, ignore_errors=True)
    wall = time.perf_counter() - started
    stages["swap"] = wall - stages["files"] - stages["importer"]
    return BulkLoad(rows, part_seconds(sources, log), wall, stages)


async def readiness(graph: Graph, network: Network) -> str:
    """Whether a bulk load of `network` may start: `done` (an earlier run loaded it),
    `empty` (it may) or `taken` (the store holds people: only Cypher adds to them)."""
    saved = [await graph.rows(ql.LOAD_PROGRESS, name=f"{network.name}:{p}") for p in PARTS]
    if all(saved):
        return "done"
    return "taken" if await graph.rows(ql.ANY_PERSON) else "empty"


def heap_for(network: Network) -> str:
    """The worker's heap: 2 GB and 200 bytes per relationship (the importer keeps each
    type's incoming edges until that type is written), at most half the machine's
    memory and 31 GB (beyond that the JVM loses compressed pointers). A heap larger than
    needed made the import slower (39 s with 3 GB, 53 s with 8 GB, 1M connections)."""
    import psutil

    wanted = 2 * 2**30 + 200 * (3 * len(network.connections) + len(network.follows))
    cap = min(psutil.virtual_memory().total // 2, 31 * 2**30)
    return f"{min(wanted, cap) // 2**20}m"


def recover(database_dir: Path) -> None:
    """Undo what an interrupted bulk load left: a half-written copy, or a swap cut
    between its two renames."""
    replaced = database_dir.with_name(database_dir.name + ".replaced")
    if replaced.exists():
        if database_dir.exists():
            shutil.rmtree(replaced)
        else:
            replaced.rename(database_dir)
    shutil.rmtree(database_dir.with_name(database_dir.name + ".bulk"), ignore_errors=True)


def _swap(database_dir: Path, staging: Path) -> None:
    replaced = database_dir.with_name(database_dir.name + ".replaced")
    database_dir.rename(replaced)
    staging.rename(database_dir)
    shutil.rmtree(replaced)


def _run_worker(spec: Path, on_line: Callable[[str], None]) -> list[str]:
    command = [sys.executable, "-m", "graphdb.local_bulk", str(spec)]
    with subprocess.Popen(
        command,
        cwd=spec.parent,  # the engine writes ./log; these files go when the load ends
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        log = []
        for line in proc.stdout:
            log.append(line.rstrip("\n"))
            on_line(log[-1])
    if proc.returncode != 0 or not any(_RESULT in line for line in log):
        tail = "\n".join(log[-15:])
        raise BulkLoadError(f"the store's importer failed (exit {proc.returncode}):\n{tail}")
    return log


def _unset(db: Any, names: list[str]) -> None:
    """Remove the placeholder numbers `write_sources` gave people who lack them."""
    for name in names:
        assert _NAME.match(name)  # checked when written; a name, not a value
        with db.transaction():
            db.command("sql", f"UPDATE Person REMOVE {name} WHERE {name} = {UNSET}")


def _worker(spec_file: str) -> None:
    """In the child: open the copy in-process, import, write the checkpoints, close."""
    import arcadedb_embedded as arcadedb
    import jpype

    spec = json.loads(Path(spec_file).read_text())
    db = arcadedb.open_database(spec["database"], jvm_kwargs={"heap_size": spec["heap"]})
    try:
        importer_class = jpype.JClass("com.arcadedb.integration.importer.graph.GraphImporter")
        importer = importer_class.fromJSON(
            db.get_java_database(), json.dumps(spec["config"]), spec["sources"]
        )
        importer.run()
        if importer.getUnresolvedEdgeCount():
            raise BulkLoadError(f"{importer.getUnresolvedEdgeCount()} edges named nobody")
        _unset(db, spec["unset"])
        # The rows were checked whole before (graphdb/importers); the times come from the
        # log, which the parent reads, so the checkpoints record no rate of their own.
        with db.transaction():
            for checkpoint in spec["checkpoints"]:
                db.command(
                    "opencypher",
                    "CREATE (c:LoadCheckpoint {name: $name, done: $done, timedRows: 0, "
                    "seconds: 0.0})",
                    checkpoint,
                )
        # On a line of its own: the JVM's log may not have ended its last one.
        counts = {"vertices": int(importer.getVertexCount()),
                  "edges": int(importer.getEdgeCount())}  # fmt: skip
        print("\n" + _RESULT + json.dumps(counts), flush=True)
    finally:
        db.close()


if __name__ == "__main__":
    _worker(sys.argv[1])
