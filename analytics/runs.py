"""Analytics runs on disk: one folder per run with its record (`run.json`), and a lock
that whoever executes a run holds for its whole length: one run at a time, across the
service's processes and the CLI. A record left RUNNING by a process that died (its lock
free again) is reported FAILED: a run's state is never a lie after a restart."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    "QUEUED",
    "RUNNING",
    "SUCCEEDED",
    "FAILED",
    "CANCELLED",
)
ACTIVE = (QUEUED, RUNNING)
RECORD = "run.json"
CANCEL = "cancel"
# A queued run's worker takes the lock within this long, or the run is reported failed.
QUEUED_GRACE_S = 120.0


class RunInProgress(Exception):
    """Another run is queued or running."""

    def __init__(self, run: Run) -> None:
        super().__init__(f"Run {run.id} is {run.state.lower()}: one run at a time.")
        self.run = run


class Cancelled(Exception):
    """The run was asked to stop."""


@dataclasses.dataclass(frozen=True)
class Run:
    id: str
    state: str
    fresh: bool
    created_at_ms: int
    progress: float = 0.0
    stage: str | None = None
    snapshot_id: str | None = None
    started_at_ms: int | None = None
    finished_at_ms: int | None = None
    error: str | None = None

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


def _now_ms() -> int:
    return int(time.time() * 1000)


class Runs:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(root / "run.lock")
        self._create_lock = FileLock(root / "create.lock")

    def folder(self, run_id: str) -> Path:
        return self.root / run_id

    def _write(self, run: Run) -> Run:
        path = self.folder(run.id) / RECORD
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(dataclasses.asdict(run)))
        os.replace(temporary, path)
        return run

    def _read(self, run_id: str) -> Run | None:
        path = self.folder(run_id) / RECORD
        if not path.is_file() or path.parent.parent != self.root:
            return None
        return Run(**json.loads(path.read_text()))

    def _executing(self) -> bool:
        """Whether some process holds the run lock (tries to take it; gives it back)."""
        if self.lock.is_locked:  # held by this process
            return True
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            return True
        self.lock.release()
        return False

    def _reconciled(self, run: Run, executing: bool) -> Run:
        if not run.active or executing:
            return run
        if run.state == QUEUED and _now_ms() - run.created_at_ms < QUEUED_GRACE_S * 1000:
            return run
        return self._write(
            dataclasses.replace(
                run,
                state=FAILED,
                finished_at_ms=_now_ms(),
                error="The run was interrupted (its process stopped); start another.",
            )
        )

    def get(self, run_id: str) -> Run | None:
        run = self._read(run_id)
        return None if run is None else self._reconciled(run, self._executing())

    def fingerprint(self) -> tuple:
        """Changes whenever a run's record does."""
        found = []
        for p in self.root.iterdir():
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                found.append((p.name, (p / RECORD).stat().st_mtime_ns))
        return tuple(sorted(found))

    def all(self) -> list[Run]:
        """Every run, newest first."""
        executing = self._executing()
        found = [r for p in self.root.iterdir() if p.is_dir() and (r := self._read(p.name))]
        found.sort(key=lambda r: (r.created_at_ms, r.id), reverse=True)
        return [self._reconciled(r, executing) for r in found]

    def create(self, fresh: bool) -> Run:
        """A new QUEUED run, or RunInProgress."""
        with self._create_lock:
            active = next((r for r in self.all() if r.active), None)
            if active is not None:
                raise RunInProgress(active)
            now = _now_ms()
            run = Run(
                f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now / 1000))}-"
                f"{secrets.token_hex(3)}",
                QUEUED,
                fresh,
                now,
            )
            self.folder(run.id).mkdir()
            return self._write(run)

    def update(self, run_id: str, **changes: Any) -> Run:
        run = self._read(run_id)
        assert run is not None, run_id
        return self._write(dataclasses.replace(run, **changes))

    def request_cancel(self, run_id: str) -> Run | None:
        run = self.get(run_id)
        if run is not None and run.active:
            (self.folder(run_id) / CANCEL).touch()
        return run

    def cancel_requested(self, run_id: str) -> bool:
        return (self.folder(run_id) / CANCEL).exists()
