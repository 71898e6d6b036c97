"""A finished run's results, read for answering queries: the summaries from
`results.json`, and the people and communities tables held as arrays, so a page or a
person's measures is a slice or a binary search, not a scan."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

import numpy as np

from analytics import suggestion_index
from analytics.layout import COMMUNITIES, PEOPLE, RESULTS
from analytics.suggestion_index import SuggestionIndex


@dataclasses.dataclass(frozen=True)
class PersonMeasures:
    id: str
    rank: int
    pagerank: float
    community: int
    core_number: int
    clustering: float
    betweenness: float
    connections: int
    followers: int
    following: int


@dataclasses.dataclass(frozen=True)
class Community:
    id: int  # 0 is the largest
    size: int
    internal_connections: int
    density: float
    top_members: list[str]


class Results:
    """Each part is read when first asked for: the overview needs only the summaries,
    and a person's lookup builds its index once (a second at a million people)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.summary: dict[str, Any] = json.loads((folder / RESULTS).read_text())
        self.tables_read = False

    def read_tables(self) -> None:
        """Read the people and communities tables and index the people: about a
        second at a million people, which a caller on an event loop does in a thread."""
        self._index  # noqa: B018 (read for its cache)
        self._communities  # noqa: B018
        self.tables_read = True

    @property
    def taken_at_ms(self) -> int:
        """When the run's snapshot was taken."""
        return int(self.summary["snapshot"]["takenAt"])

    @functools.cached_property
    def suggestions(self) -> SuggestionIndex | None:
        """Everyone's suggestions (None for a run from before they were computed, or
        from before their file's last change)."""
        return suggestion_index.open_index(self.folder / suggestion_index.FILE)

    @functools.cached_property
    def _people(self) -> dict[str, np.ndarray]:
        import pyarrow.parquet as pq  # only when an analyst asks: the serving path never does

        people = pq.read_table(self.folder / PEOPLE)
        return {
            name: people.column(name).to_numpy(zero_copy_only=False) for name in people.column_names
        }

    @functools.cached_property
    def _ids(self) -> np.ndarray:
        return self._people["id"]

    @functools.cached_property
    def _index(self) -> tuple[np.ndarray, list[str]]:
        by_id = np.argsort(self._ids)
        return by_id, self._ids[by_id].tolist()

    @functools.cached_property
    def _communities(self) -> list[dict[str, Any]]:
        import pyarrow.parquet as pq

        return pq.read_table(self.folder / COMMUNITIES).to_pylist()

    @property
    def people(self) -> int:
        return len(self._ids)

    def _person_at(self, position: int) -> PersonMeasures:
        p = self._people
        return PersonMeasures(
            str(self._ids[position]),
            int(p["rank"][position]),
            float(p["pagerank"][position]),
            int(p["community"][position]),
            int(p["coreNumber"][position]),
            float(p["clustering"][position]),
            float(p["betweenness"][position]),
            int(p["connections"][position]),
            int(p["followers"][position]),
            int(p["following"][position]),
        )

    def person(self, person_id: str) -> PersonMeasures | None:
        by_id, sorted_ids = self._index
        at = bisect.bisect_left(sorted_ids, person_id)
        if at == len(sorted_ids) or sorted_ids[at] != person_id:
            return None
        return self._person_at(int(by_id[at]))

    def label(self, person_id: str) -> str:
        """`Name (@handle)` for reports; the id when the snapshot has neither."""
        by_id, sorted_ids = self._index
        at = bisect.bisect_left(sorted_ids, person_id)
        if at == len(sorted_ids) or sorted_ids[at] != person_id:
            return person_id
        row = int(by_id[at])
        name, handle = self._people["name"][row], self._people["handle"][row]
        if name and handle:
            return f"{name} (@{handle})"
        return name or handle or person_id

    def influencers(self, after_rank: int, limit: int) -> tuple[list[PersonMeasures], bool]:
        """By PageRank, from the one ranked after `after_rank` (0: from the top)."""
        start = max(after_rank, 0)
        end = min(start + limit, len(self._ids))
        return [self._person_at(i) for i in range(start, end)], end < len(self._ids)

    def communities(self, after: int, limit: int) -> tuple[list[Community], bool]:
        """Largest first, from the one after community `after` (-1: from the largest)."""
        start = max(after + 1, 0)
        rows = self._communities[start : start + limit]
        return [_community(r) for r in rows], start + limit < len(self._communities)

    def community_sizes(self) -> np.ndarray:
        return np.asarray([row["size"] for row in self._communities], dtype=np.int64)

    def community(self, community_id: int) -> Community | None:
        if 0 <= community_id < len(self._communities):
            return _community(self._communities[community_id])
        return None


def _community(row: dict) -> Community:
    return Community(
        row["community"], row["size"], row["internalConnections"], row["density"], row["topMembers"]
    )


@functools.lru_cache(maxsize=2)
def load(folder: Path) -> Results:
    """A finished run's results; they never change, so the newest two stay in memory."""
    return Results(folder)
