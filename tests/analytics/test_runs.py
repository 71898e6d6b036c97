"""Run records on disk: one at a time, and never a stale state after a crash."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from analytics import suggestion_index
from analytics.runs import FAILED, QUEUED, RUNNING, RunInProgress, Runs


def test_one_run_at_a_time(tmp_path: Path) -> None:
    runs = Runs(tmp_path)
    first = runs.create(fresh=True)
    assert first.state == QUEUED
    with pytest.raises(RunInProgress) as busy:
        runs.create(fresh=False)
    assert busy.value.run.id == first.id
    runs.update(first.id, state="SUCCEEDED")
    assert runs.create(fresh=False).state == QUEUED


def test_a_run_whose_process_died_is_reported_failed(tmp_path: Path) -> None:
    runs = Runs(tmp_path)
    run = runs.create(fresh=False)
    runs.update(run.id, state=RUNNING)  # and nobody holds the lock: its process is gone
    found = runs.get(run.id)
    assert found is not None and found.state == FAILED
    assert "interrupted" in (found.error or "")
    assert runs.create(fresh=False).state == QUEUED  # the next may start


def test_a_run_whose_process_lives_stays_running(tmp_path: Path) -> None:
    runs = Runs(tmp_path)
    run = runs.create(fresh=False)
    runs.update(run.id, state=RUNNING)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; "
         f"lock = FileLock({str(tmp_path / 'run.lock')!r}); lock.acquire(); "
         "print('held', flush=True); "
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert runs.get(run.id).state == RUNNING  # type: ignore[union-attr]
        with pytest.raises(RunInProgress):
            runs.create(fresh=False)
    finally:
        holder.kill()
        holder.communicate()
    time.sleep(0.1)
    assert runs.get(run.id).state == FAILED  # type: ignore[union-attr]


def test_cancel_is_asked_for_and_seen(tmp_path: Path) -> None:
    runs = Runs(tmp_path)
    run = runs.create(fresh=False)
    assert not runs.cancel_requested(run.id)
    runs.request_cancel(run.id)
    assert runs.cancel_requested(run.id)
    assert runs.request_cancel("unknown") is None


def test_only_the_newest_runs_keep_their_suggestion_files(tmp_path: Path) -> None:
    folders = [tmp_path / f"run-{i}" for i in range(4)]  # newest first
    for folder in folders:
        folder.mkdir()
        (folder / suggestion_index.FILE).write_bytes(b"lists")
        (folder / "results.json").write_text("{}")
    suggestion_index.prune(folders, 2)
    assert [(f / suggestion_index.FILE).exists() for f in folders] == [True, True, False, False]
    assert all((f / "results.json").exists() for f in folders)  # the measures stay
