"""Importers: files in known layouts turned into a bulk.Network, checked whole first.

Every row is read and checked before anything is written, so malformed input stops
with its file, line and reason and leaves the store untouched; the load itself is
then checkpointed (graphdb.bulk), so an interrupted one resumes where it stopped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from graphdb.bulk import Network


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


# ---------------------------------------------------------------- formats as they come

# What separates fields, by the name the report uses; None splits on runs of blanks.
DELIMITERS: dict[str | None, str] = {
    "\t": "tab-separated",
    ",": "comma-separated",
    ";": "semicolon-separated",
    "|": "pipe-separated",
    None: "separated by spaces",
}
_NAMED = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": None}


def delimiter_named(name: str) -> str | None:
    """`--delimiter` values: tab, comma, semicolon, pipe, space (or the character)."""
    if name in _NAMED:
        return _NAMED[name]
    if name in ("\\t", "\t", ",", ";", "|"):
        return "\t" if name == "\\t" else name
    raise ValueError(f"unknown delimiter {name!r}: tab, comma, semicolon, pipe or space")


@dataclasses.dataclass(frozen=True)
class Dialect:
    """How a delimited text file is written, sniffed from its first lines or given."""

    delimiter: str | None
    header: list[str] | None  # the header line's fields, when the file has one

    def describe(self) -> str:
        text = DELIMITERS[self.delimiter]
        return f"{text}, header {','.join(self.header)!r}" if self.header else f"{text}, no header"

    def split(self, line: str) -> list[str]:
        if self.delimiter is None:
            return line.split()
        # the csv module for quoting ("Smith, Jane"); one line is one record here
        return [field.strip() for field in next(csv.reader([line], delimiter=self.delimiter))]


SAMPLE_LINES = 50


def data_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines that hold data: not blank, not a `#` or `%` comment (SNAP, KONECT)."""
    return [(n, t) for n, t in lines if t.strip() and not t.lstrip().startswith(("#", "%"))]


def sniff(
    path: Path,
    lines: list[tuple[int, str]],
    *,
    delimiter: str | Literal["sniff"] | None = "sniff",
    header: bool | None = None,
    is_value: Callable[[str], bool] = lambda field: True,
) -> Dialect:
    """The dialect of a file: the first delimiter (tab, comma, semicolon, pipe, then
    spaces) that splits at least 80% of the sampled lines alike, in two or more fields; a
    header when the first line's fields are not values (`is_value`) but the next ones
    are. `delimiter` and `header` override what is sniffed."""
    sample = data_lines(lines)[:SAMPLE_LINES]
    if not sample:
        raise ImportFailed(path, None, "no data lines")
    if delimiter == "sniff":
        for candidate in DELIMITERS:
            widths = Counter(len(Dialect(candidate, None).split(t)) for _, t in sample)
            width, lines_of_width = widths.most_common(1)[0]
            # most lines split alike: a stray line is then reported with its number
            if width >= 2 and lines_of_width >= 0.8 * len(sample):
                delimiter = candidate
                break
        else:
            raise ImportFailed(
                path,
                sample[0][0],
                "cannot tell how fields are separated (tab, comma, semicolon, pipe or "
                f"spaces): {sample[0][1]!r}; give --delimiter",
            )
    dialect = Dialect(delimiter, None)
    first = dialect.split(sample[0][1])
    if header is None:
        rest_are_values = all(all(is_value(f) for f in dialect.split(t)) for _, t in sample[1:])
        header = not all(is_value(f) for f in first) and rest_are_values
    return Dialect(delimiter, [f.strip() for f in first] if header else None)


def records(path: Path, dialect: Dialect, lines: list[tuple[int, str]]) -> list[tuple[int, list]]:
    """(line, fields) of every data line after the header, each as wide as the first."""
    rows = data_lines(lines)
    if dialect.header is not None:
        rows = rows[1:]
    width = len(dialect.header) if dialect.header else None
    found = []
    for n, text in rows:
        fields = dialect.split(text)
        if width is None:
            width = len(fields)
        if len(fields) != width:
            raise ImportFailed(
                path, n, f"expected {width} fields ({dialect.describe()}), found {len(fields)}"
            )
        found.append((n, fields))
    return found


# ---------------------------------------------------------------- ids, handles, times


def id_prefix(stem: str) -> str:
    """The default namespace of an import: its whole file stem, made URL-safe."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "import"


def person_id(prefix: str, raw: str) -> str:
    # ":" never occurs in a prefix: two imports' ids meet only when their prefixes do
    return f"{prefix}:{raw}"


def handle_for(prefix: str, raw: str) -> str:
    """`<prefix>-<raw>` within a handle's 30 characters: a prefix too long to fit is cut
    and marked with a hash of it whole, so two prefixes never share handles by accident;
    a raw id that is no handle material (too long, no letters or digits) is hashed."""
    tail = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    if not 0 < len(tail) <= 20:
        tail = hashlib.sha256(raw.encode()).hexdigest()[:10]
    handle = f"{prefix}-{tail}"
    if len(handle) > 30:
        mark = hashlib.sha256(prefix.encode()).hexdigest()[:4]
        room = 30 - len(tail) - len(mark) - 2
        handle = f"{prefix[:room].strip('-')}-{mark}-{tail}"
    return handle


# Edges without times get distinct ones in file order, one second apart from here, so
# recency is a total order and the same file always loads the same way.
FILE_ORDER_EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
FILE_ORDER_STEP_MS = 1_000


def file_order_time(index: int) -> int:
    return FILE_ORDER_EPOCH_MS + index * FILE_ORDER_STEP_MS


def unix_time_ms(value: str, path: Path, line: int) -> int:
    """A SNAP temporal set's time: Unix seconds (milliseconds past the year 5138)."""
    if not value.isdigit():
        raise ImportFailed(path, line, f"the time column must be Unix seconds, not {value!r}")
    number = int(value)
    return number if number >= 100_000_000_000 else number * 1000


@dataclasses.dataclass
class Read:
    """A network read from files, with what was noticed on the way."""

    network: Network
    skipped: Skipped
    detected: list[str] = dataclasses.field(default_factory=list)  # format, times, names
