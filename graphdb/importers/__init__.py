"""Importers: files in known layouts turned into a bulk.Network, checked whole first.

Every row is read and checked before anything is written, so malformed input stops
with its file, line and reason and leaves the store untouched; the load itself is
then checkpointed (graphdb.bulk), so an interrupted one resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path


class ImportFailed(Exception):
    """Malformed input: where, and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")


@dataclasses.dataclass
class Skipped:
    """Rows left out on purpose, reported with the import."""

    self_loops: int = 0
    duplicates: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


class EdgeSet:
    """Each edge once, in the order first seen: self-loops and repeats (an undirected
    pair listed both ways) are counted in `skipped` instead of kept."""

    def __init__(self, *, directed: bool) -> None:
        self.directed = directed
        self.pairs: set[tuple] = set()
        self.skipped = Skipped()

    def add(self, a: object, b: object) -> tuple | None:
        """The pair to keep (lower end first when undirected), or None."""
        if a == b:
            self.skipped.self_loops += 1
            return None
        pair = (a, b) if self.directed or a < b else (b, a)  # type: ignore[operator]
        if pair in self.pairs:
            self.skipped.duplicates += 1
            return None
        self.pairs.add(pair)
        return pair


def epoch_ms(value: str, path: Path, line: int, field: str) -> int:
    """Epoch milliseconds, or ISO 8601 (UTC when it names no zone)."""
    if value.isdigit():
        return int(value)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        reason = f"`{field}` must be ISO 8601 or epoch ms, not {value!r}"
        raise ImportFailed(path, line, reason) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def fingerprint(*paths: Path, options: str = "") -> str:
    """Identifies an import for its checkpoints: the files' bytes and the options."""
    digest = hashlib.sha256(options.encode())
    for path in paths:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def text_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line without its end) of a UTF-8 text file; CRLF tolerated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailed(path, None, "no such file") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise ImportFailed(path, line, "not UTF-8 text") from None
    return [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), start=1)]
