"""Opening the store the settings name: a real Neo4j, or the embedded local store."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator

from anyio import to_thread

from graphdb import localstore, migrations
from graphdb.graph import Driver, DriverSettings, open_driver
from linkgraph.settings import Settings

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class OpenStore:
    driver: Driver
    database: str
    uri: str


def local_store(settings: Settings) -> localstore.LocalStore:
    return localstore.LocalStore(
        settings.data_dir,
        heap=settings.store_heap,
        bolt_port=settings.store_bolt_port,
        http_port=settings.store_http_port,
    )


@contextlib.asynccontextmanager
async def open_store(settings: Settings) -> AsyncIterator[OpenStore]:
    """Connected and migrated. A local store started here is stopped on exit; one that
    was already running (`linkgraph store start`, another service) is left running."""
    store, started, local_info = None, False, None
    if settings.uses_local_store:
        store = local_store(settings)
        info, started = await to_thread.run_sync(store.start)
        if not started:
            log.info("using the local store already running (pid %d)", info.pid)
        local_info = info
        driver_settings = DriverSettings(
            uri=info.uri,
            user=localstore.USER,
            password=info.password,
            database=localstore.DATABASE,
        )
    else:
        assert settings.neo4j_uri is not None
        driver_settings = DriverSettings(
            uri=settings.neo4j_uri,
            user=settings.neo4j_user,
            password=str(settings.neo4j_password or ""),
            database=settings.neo4j_database or "neo4j",
        )
    driver_settings = dataclasses.replace(
        driver_settings,
        connection_timeout_s=settings.connection_timeout_s,
        acquisition_timeout_s=settings.acquisition_timeout_s,
        max_pool_size=settings.store_pool_size,
        max_retry_time_s=settings.max_retry_time_s,
    )
    driver = open_driver(driver_settings)
    try:
        await driver.verify_connectivity()
        neo4j = not settings.uses_local_store
        await migrations.apply(driver, driver_settings.database, neo4j=neo4j)
        if store is not None and local_info is not None:  # after the migrations: they
            # make the Person type the index is on
            await to_thread.run_sync(store.ensure_search_index, local_info)
        yield OpenStore(driver, driver_settings.database, driver_settings.uri)
    finally:
        await driver.close()
        if started and store is not None:
            await to_thread.run_sync(store.stop)
            log.info("local store stopped")
