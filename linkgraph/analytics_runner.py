"""Analytics runs: the snapshot (graphdb) then the measures (analytics), in a worker
process, never on the event loop that answers requests.

`execute` is one run start to end; the service's `AnalyticsRunner` starts it in a
spawned process, the CLI calls it in its own. Both hold the runs' lock while it goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

from analytics import results as run_results
from analytics import snapshot as snapshots
from analytics import suggestion_index
from analytics.runs import CANCELLED, FAILED, RUNNING, SUCCEEDED, Cancelled, Run, Runs
from graphdb import snapshot as export
from linkgraph.settings import Settings

log = logging.getLogger(__name__)

# A fresh snapshot is this share of a run's progress; the measures are the rest.
SNAPSHOT_SHARE = 0.4
_PROGRESS_EVERY_S = 0.5
# Stages reported, in order (the CLI's progress bar names them).
Report = Callable[[str, float], None]


def runs_of(settings: Settings) -> Runs:
    return Runs(settings.analytics_dir / "runs")


def snapshot_root(settings: Settings) -> Path:
    return settings.analytics_dir / "snapshots"


async def take_snapshot(
    settings: Settings,
    report: Report,
    streams: int = 3,
    batch: int = 20_000,
    duty: float = 1.0,
) -> snapshots.Snapshot:
    """Streams the store into a new snapshot, `streams` tables at a time; `report(table,
    fraction)` as it goes. With `duty` under 1 it pauses between batches so that the
    store spends at most that share of its time on the snapshot (the rest answers)."""
    from linkgraph.store import open_store

    async with open_store(settings) as store:
        writer = snapshots.SnapshotWriter(snapshot_root(settings), int(time.time() * 1000))
        try:
            people = max(await export.person_count(store.driver, store.database), 1)
            tables = export.TABLE_NAMES
            seen = dict.fromkeys(tables, 0)
            done = dict.fromkeys(tables, 0.0)  # each table's share read: only ever grows
            stream = export.batches(store.driver, store.database, batch, streams)
            cycle = time.monotonic()
            async for table, columns, records in stream:
                seen[table] += records
                writer.write(table, columns)
                if table in export.PER_PERSON:
                    done[table] = min(seen[table] / people, 1.0)
                else:  # the size is unknown until the end: each batch halves what is left
                    done[table] += (1.0 - done[table]) / 2
                report(f"snapshot: {table}", sum(done.values()) / len(tables))
                if duty < 1.0:  # reading and writing this batch took `busy`: rest a while
                    busy = time.monotonic() - cycle
                    await asyncio.sleep(busy * (1 / duty - 1))
                cycle = time.monotonic()
            return writer.finish(await export.block_count(store.driver, store.database))
        except BaseException:
            writer.abandon()
            raise


def execute(
    settings: Settings, run_id: str, report: Report | None = None, beside_service: bool = False
) -> Run:
    """Runs `run_id` to its end (SUCCEEDED, FAILED or CANCELLED) and returns its record.
    `beside_service`: leave the service room (one snapshot stream, fewer cores)."""
    runs = runs_of(settings)
    try:
        runs.lock.acquire(timeout=10)
    except TimeoutError:
        return runs.update(
            run_id, state=FAILED, finished_at_ms=_now_ms(), error="Another run holds the lock."
        )
    try:
        return _execute_locked(settings, runs, run_id, report, beside_service)
    finally:
        runs.lock.release()


def _execute_locked(
    settings: Settings, runs: Runs, run_id: str, report: Report | None, beside_service: bool
) -> Run:
    cores = os.cpu_count() or 1
    threads = settings.analytics_threads or (max(cores - 1, 1) if beside_service else cores)
    streams, batch, duty = (1, 2_000, 0.5) if beside_service else (3, 20_000, 1.0)
    run = runs.update(run_id, state=RUNNING, started_at_ms=_now_ms(), progress=0.0)
    last = 0.0
    told: dict[str, str] = {}

    def progress(base: float, share: float) -> Report:
        def tell(stage: str, fraction: float) -> None:
            nonlocal last
            if runs.cancel_requested(run_id):
                raise Cancelled
            overall = base + share * fraction
            if report is not None:
                report(stage, overall)
            now = time.monotonic()
            if now - last >= _PROGRESS_EVERY_S or stage != told.get("stage"):
                last, told["stage"] = now, stage
                runs.update(run_id, stage=stage, progress=round(overall, 4))

        return tell

    try:
        existing = snapshots.snapshots(snapshot_root(settings))
        if run.fresh or not existing:
            snapshot = asyncio.run(
                take_snapshot(settings, progress(0.0, SNAPSHOT_SHARE), streams, batch, duty)
            )
            base = SNAPSHOT_SHARE
        else:
            snapshot, base = existing[0], 0.0
        runs.update(run_id, snapshot_id=snapshot.id)
        # Here, in the worker, not at the top: the service process never loads the graph
        # and SQL engines (networkit, scipy, duckdb: ~170 MB resident).
        from analytics.compute import compute

        compute(snapshot, runs.folder(run_id), progress(base, 1.0 - base), threads=threads)
        snapshots.prune(
            snapshot_root(settings), settings.analytics_keep_snapshots, protect=[snapshot.id]
        )
        done = runs.update(
            run_id, state=SUCCEEDED, progress=1.0, stage="done", finished_at_ms=_now_ms()
        )
        succeeded = [runs.folder(r.id) for r in runs.all() if r.state == SUCCEEDED]
        suggestion_index.prune(succeeded, KEEP_SUGGESTIONS)
        return done
    except Cancelled:
        return runs.update(run_id, state=CANCELLED, finished_at_ms=_now_ms())
    except Exception as error:
        log.exception("analytics run %s failed", run_id)
        return runs.update(
            run_id,
            state=FAILED,
            finished_at_ms=_now_ms(),
            error=f"{type(error).__name__}: the run failed; see the log.",
        )


def _now_ms() -> int:
    return int(time.time() * 1000)


def leave_first_core() -> None:
    """Keep this process off the lowest core it may use, when it may use more than one."""
    with contextlib.suppress(OSError, AttributeError):  # no affinity on some systems
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > 1:
            os.sched_setaffinity(0, cores[1:])


def _work(settings: Settings, run_id: str) -> None:
    """The worker process: below the service in CPU priority, so answers come first, and
    off one core, which the service keeps (beside the service the worker runs a thread
    fewer than the cores). On the service's core too, the measures stalled a few
    requests in a hundred by 40-50 ms (docs/analytics.md)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    leave_first_core()
    from linkgraph import logs

    logs.configure(settings.log_level)
    execute(settings, run_id, beside_service=True)


# How often the service looks for a newer run to serve suggestions from.
LATEST_CHECK_S = 1.0
# Runs whose suggestion files are kept (the newest serves; each is GBs at a million).
KEEP_SUGGESTIONS = 2


class AnalyticsRunner:
    """The service's handle on runs (resolvers.analytics.AnalyticsBackend)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runs = runs_of(settings)
        self._process: BaseProcess | None = None
        self._latest: run_results.Results | None = None
        self._latest_fingerprint: tuple | None = None
        self._latest_checked = -LATEST_CHECK_S

    def start(self, fresh: bool) -> Run:
        run = self.runs.create(fresh)  # RunInProgress if one is queued or running
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(
            target=_work, args=(self.settings, run.id), name=f"analytics-{run.id}", daemon=True
        )
        self._process.start()
        return run

    def cancel(self, run_id: str) -> Run | None:
        return self.runs.request_cancel(run_id)

    def run(self, run_id: str) -> Run | None:
        return self.runs.get(run_id)

    def all(self) -> list[Run]:
        return self.runs.all()

    def results(self, run: Run) -> run_results.Results | None:
        if run.state != SUCCEEDED:
            return None
        return run_results.load(self.runs.folder(run.id))

    def latest(self) -> run_results.Results | None:
        # Every suggestion request asks: the records are looked at at most once a
        # second (a stat per run) and read again only when one of them changed.
        now = time.monotonic()
        if now - self._latest_checked < LATEST_CHECK_S:
            return self._latest
        self._latest_checked = now
        fingerprint = self.runs.fingerprint()
        if fingerprint != self._latest_fingerprint:
            newest = next((r for r in self.runs.all() if r.state == SUCCEEDED), None)
            self._latest = self.results(newest) if newest is not None else None
            self._latest_fingerprint = fingerprint
        return self._latest

    def close(self) -> None:
        """At shutdown: a run still going is stopped (its record then says interrupted)."""
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.terminate()
            process.join(10)
            run_id = process.name.removeprefix("analytics-")
            run = self.runs.get(run_id)
            if run is not None and run.active:  # said now, not after the queued grace
                self.runs.update(
                    run_id,
                    state=FAILED,
                    finished_at_ms=_now_ms(),
                    error="The service stopped during the run; start another.",
                )
