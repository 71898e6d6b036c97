"""Pruning old notifications: in batches, each its own short transaction, so the
store never holds one statement that deletes a year of everyone's inbox."""

from __future__ import annotations

import asyncio
import logging
import time

from graphdb import notifications as notifications_db
from graphdb.graph import Graph

log = logging.getLogger(__name__)

BATCH = 1_000
EVERY_S = 3_600.0  # how often the service looks for old notifications
FIRST_AFTER_S = 60.0
_PAUSE_S = 0.05  # between batches: requests go first


async def prune(graph: Graph, retention_ms: int, now_ms: int | None = None) -> int:
    """Delete notifications older than `retention_ms`. Returns how many went."""
    before = (now_ms if now_ms is not None else int(time.time() * 1000)) - retention_ms
    deleted = 0
    while True:
        batch = await notifications_db.old_batch(graph, before, BATCH)
        if batch:
            await graph.write(lambda tx, batch=batch: notifications_db.delete(tx, batch))
            deleted += len(batch)
        if len(batch) < BATCH:
            return deleted
        await asyncio.sleep(_PAUSE_S)


async def prune_forever(graph: Graph, retention_ms: int) -> None:
    # Not at start-up: a service that starts and stops at once (tests, a failed
    # deploy) would cancel a statement in flight and leave its connection to the GC.
    await asyncio.sleep(FIRST_AFTER_S)
    while True:
        try:
            deleted = await prune(graph, retention_ms)
            if deleted:
                log.info("pruned %d notifications older than the retention", deleted)
        except Exception:
            log.warning("pruning notifications failed; trying again later", exc_info=True)
        await asyncio.sleep(EVERY_S)
