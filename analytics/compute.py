"""One analytics run over one snapshot: every measure, written under the run's folder.

`results.json` holds the summaries; `people.parquet` each person's measures in PageRank
order; `communities.parquet` each community, largest first. Progress and cancellation
are the caller's: `progress(stage, fraction)` between stages, which may raise to stop.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path

import networkit as nk
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from analytics import candidates, influence, relational, structure, suggestion_index, suggestions
from analytics import graphs as graph_files
from analytics.distributions import describe
from analytics.layout import COMMUNITIES, PEOPLE, RESULTS
from analytics.snapshot import Snapshot

# (stage, share of a typical run's time): progress moves by these
STAGES = (
    ("graphs", 0.10),
    ("overview", 0.15),
    ("distributions", 0.05),
    ("relational", 0.10),
    ("influence", 0.30),
    ("suggestions", 0.25),
    ("write", 0.05),
)

Progress = Callable[[str, float], None]


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_LIBC = _libc()


def give_back_memory() -> None:
    """Return freed memory to the system between stages: glibc keeps freed small blocks
    (millions of them after a snapshot's records) and Arrow's pool keeps its own, and
    the next stage's peak adds to whatever is still resident."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None and hasattr(_LIBC, "malloc_trim"):
        _LIBC.malloc_trim(0)


def compute(
    snapshot: Snapshot, out: Path, progress: Progress, seed: int = 7, threads: int | None = None
) -> dict:
    """Every measure of `snapshot` into `out`, on `threads` cores (default: all)."""
    threads = threads or os.cpu_count() or 1
    nk.setNumberOfThreads(threads)
    give_back_memory()  # what taking the snapshot left, in this process
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, dict] = {}
    done = 0.0
    state: dict = {}

    def stage(name: str, work: Callable[[], None]) -> None:
        nonlocal done
        progress(name, done)
        started = time.perf_counter()
        work()
        give_back_memory()
        timings[name] = {"seconds": time.perf_counter() - started, "peakRssBytes": _peak_rss()}
        done += dict(STAGES)[name]

    def load() -> None:
        state["graphs"] = graph_files.load(snapshot)

    def overview() -> None:
        state["overview"] = structure.overview(state["graphs"], seed)

    def distributions() -> None:
        g = state["graphs"]
        state["distributions"] = {
            "connections": describe(structure.degree_array(g.connections)),
            "followers": describe(structure.degree_array(g.follows, incoming=True)),
            "following": describe(structure.degree_array(g.follows)),
            "suggestionMutuals": describe(suggestions.mutual_counts(g, seed=seed)),
            "suggestionSample": min(suggestions.SAMPLE, g.n),
        }

    def relational_measures() -> None:
        g = state["graphs"]
        with relational.connect(snapshot, threads) as db:
            fvc = relational.following_versus_connecting(db, g.connections.numberOfEdges())
            state["invitations"] = relational.invitations(db, g.n)
            state["growth"] = relational.growth(db)
        ids = g.ids.to_pylist()
        fvc["followNotConnect"] = relational.follow_not_connect(
            structure.degree_array(g.follows, incoming=True),
            structure.degree_array(g.connections),
            ids,
        )
        state["followingVersusConnecting"] = fvc

    def influence_measures() -> None:
        g = state["graphs"]
        people, communities, modularity = influence.people_table(g, seed)
        state["betweennessMethod"] = influence.betweenness_method(g.connections)
        state["graphs"] = g.ends_only()  # the last stage that needs the graphs
        state["people"], state["communities"] = people, communities
        state["communitySummary"] = {
            "count": communities.num_rows,
            "modularity": modularity,
            "sizes": describe(communities.column("size").to_numpy(), fit=False),
        }

    def suggestion_lists() -> None:
        g = state.pop("graphs")  # the last stage that needs them
        targets, follow_ends, chosen = candidates.follow_targets(g)
        prepared = candidates.prepare(targets, g.n, g.connection_ends, follow_ends, chosen)
        del g, follow_ends, chosen  # the ends go before the kernels' arrays arrive
        give_back_memory()
        found = candidates.rank(prepared, threads=threads)
        del prepared
        suggestion_index.write(out / suggestion_index.FILE, found)
        state["suggestionSummary"] = {
            "connectKeep": candidates.CONNECT_KEEP,
            "followKeep": candidates.FOLLOW_KEEP,
            "secondDegree": describe(found.second_degree, fit=False),
            "connectListed": len(found.connect.items),
            "followListed": len(found.follow.items),
        }

    def write() -> None:
        pq.write_table(state["people"], out / PEOPLE)
        pq.write_table(state["communities"], out / COMMUNITIES)

    stage("graphs", load)
    stage("overview", overview)
    stage("distributions", distributions)
    stage("relational", relational_measures)
    stage("influence", influence_measures)
    stage("suggestions", suggestion_lists)
    stage("write", write)
    results = {
        "snapshot": {
            "id": snapshot.id,
            "takenAt": snapshot.taken_at_ms,
            "rows": snapshot.rows,
            "blocks": snapshot.blocks,
        },
        "overview": state["overview"],
        "distributions": state["distributions"],
        "followingVersusConnecting": state["followingVersusConnecting"],
        "invitations": state["invitations"],
        "growth": state["growth"],
        "communities": state["communitySummary"],
        "suggestions": state["suggestionSummary"],
        "parameters": {
            "seed": seed,
            "pagerankDamping": influence.DAMPING,
            "betweennessMethod": state["betweennessMethod"],
            "betweennessError": influence.BETWEENNESS_ERROR,
            "betweennessDelta": influence.BETWEENNESS_DELTA,
            "distanceSources": state["overview"]["distanceSources"],
            "threads": threads,
        },
        "timings": timings,
    }
    temporary = out / (RESULTS + ".tmp")
    temporary.write_text(json.dumps(results, default=_plain))
    os.replace(temporary, out / RESULTS)
    progress("done", 1.0)
    return results


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
