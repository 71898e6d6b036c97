"""Snapshots on disk: a folder of Parquet files (analytics.tables) and a manifest.

A snapshot is written into a hidden folder and renamed into place when complete, so a
reader never sees half of one; the newest `keep` are kept.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from analytics.tables import TABLES

MANIFEST = "manifest.json"


@dataclasses.dataclass(frozen=True)
class Snapshot:
    id: str
    taken_at_ms: int
    rows: dict[str, int]
    blocks: int
    path: Path

    def table_path(self, table: str) -> Path:
        return self.path / f"{table}.parquet"

    def read(self, table: str, columns: Sequence[str] | None = None) -> pa.Table:
        import pyarrow.parquet as pq  # here: the service lists snapshots, never reads them

        return pq.read_table(self.table_path(table), columns=list(columns) if columns else None)


def new_id(now_ms: int) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now_ms / 1000))
    return f"{stamp}-{secrets.token_hex(3)}"


class SnapshotWriter:
    """Streams row batches into one Parquet file per table; `finish` publishes it."""

    def __init__(self, root: Path, now_ms: int) -> None:
        self.root = root
        self.id = new_id(now_ms)
        self.taken_at_ms = now_ms
        self._partial = root / f".{self.id}.partial"
        self._partial.mkdir(parents=True)
        import pyarrow.parquet as pq

        self._writers = {
            name: pq.ParquetWriter(self._partial / f"{name}.parquet", schema)
            for name, schema in TABLES.items()
        }
        self.rows = dict.fromkeys(TABLES, 0)

    def write(self, table: str, columns: Mapping[str, Sequence[Any]]) -> None:
        """One batch of `table`, as columns (value lists or Arrow arrays) named as in
        analytics.tables (a column left out is all nulls). No columns: nothing to write."""
        if not columns:
            return
        rows = len(next(iter(columns.values())))
        batch = pa.record_batch(
            [
                _array(columns[f.name], f.type) if f.name in columns else pa.nulls(rows, f.type)
                for f in TABLES[table]
            ],
            schema=TABLES[table],
        )
        self._writers[table].write_batch(batch)
        self.rows[table] += batch.num_rows

    def finish(self, blocks: int) -> Snapshot:
        for writer in self._writers.values():
            writer.close()
        manifest = {"id": self.id, "takenAt": self.taken_at_ms, "rows": self.rows, "blocks": blocks}
        (self._partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
        final = self.root / self.id
        os.replace(self._partial, final)
        return _open(final)

    def abandon(self) -> None:
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self._partial, ignore_errors=True)


def _array(values: Any, type: pa.DataType) -> pa.Array:
    if isinstance(values, pa.Array):
        return values if values.type == type else values.cast(type)
    return pa.array(values, type=type)


def _open(path: Path) -> Snapshot:
    m = json.loads((path / MANIFEST).read_text())
    return Snapshot(m["id"], m["takenAt"], m["rows"], m["blocks"], path)


def snapshots(root: Path) -> list[Snapshot]:
    """The complete snapshots under `root`, newest first."""
    if not root.is_dir():
        return []
    found = [_open(p) for p in root.iterdir() if (p / MANIFEST).is_file()]
    return sorted(found, key=lambda s: (s.taken_at_ms, s.id), reverse=True)


def find(root: Path, snapshot_id: str) -> Snapshot | None:
    path = root / snapshot_id
    return _open(path) if (path / MANIFEST).is_file() and path.parent == root else None


def prune(root: Path, keep: int, protect: Iterable[str] = ()) -> list[str]:
    """Removes all but the newest `keep` snapshots (and any partial ones left by a
    crash), never one in `protect`. Returns the ids removed."""
    removed = []
    protected = set(protect)
    for old in snapshots(root)[max(keep, 1) :]:
        if old.id not in protected:
            shutil.rmtree(old.path, ignore_errors=True)
            removed.append(old.id)
    for partial in root.glob(".*.partial") if root.is_dir() else ():
        shutil.rmtree(partial, ignore_errors=True)
    return removed
