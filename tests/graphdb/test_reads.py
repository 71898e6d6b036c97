"""Reads are auto-commit statements the driver does not retry: Graph retries them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from neo4j import AsyncGraphDatabase

from graphdb.errors import StoreUnavailable
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, LocalStore
from graphdb.queries.schema import PING

pytestmark = pytest.mark.slow


async def test_a_read_waits_out_a_store_restart_within_its_retry_time(tmp_path: Path) -> None:
    local = LocalStore(tmp_path / "restarting")
    info, _ = local.start()
    restart: asyncio.Task | None = None
    try:
        async with AsyncGraphDatabase.driver(info.uri, auth=(USER, info.password)) as driver:
            assert await Graph(driver, DATABASE).rows(PING) == [{"ok": 1}]
            await asyncio.to_thread(local.stop)

            # Nothing listens: a read with a short retry time gives up, and says why.
            started = time.monotonic()
            with pytest.raises(StoreUnavailable):
                await Graph(driver, DATABASE, retry_time_s=0.5).rows(PING)
            assert time.monotonic() - started < 5

            # The store comes back on the same port while a patient read is retrying.
            restart = asyncio.create_task(asyncio.to_thread(local.start))
            assert await Graph(driver, DATABASE, retry_time_s=60).rows(PING) == [{"ok": 1}]
    finally:
        if restart is not None:  # a start still under way would outlive the stop
            await asyncio.gather(restart, return_exceptions=True)
        local.stop()
