"""Loading networks from the command line: a progress bar per part with its rate, a
report of what was loaded, and a clear word on interruption (re-run to resume)."""

from __future__ import annotations

import time
from collections.abc import Callable

from anyio import to_thread
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graphdb import bulk, local_bulk
from graphdb.bulk import Network, PartLoad
from graphdb.graph import Graph
from graphdb.importers import Skipped
from graphdb.localstore import LocalStoreError
from linkgraph.settings import Settings
from linkgraph.store import local_store, open_store

console = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>12}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


async def load(
    settings: Settings,
    network: Network,
    batch_size: int,
    skipped: Skipped | None = None,
    detected: list[str] | None = None,
    *,
    bulk_load: bool = False,
) -> dict[str, PartLoad]:
    """Load `network` with a progress bar per part; report what was read, what was
    loaded, how fast, and the first people's handles (to sign in as them).

    With `bulk_load`, the people, connections and follows go in first through the local
    store's own importer (graphdb/local_bulk.py), the rest through Cypher."""
    for line in detected or []:
        console.print(f"read {line}")
    started = time.perf_counter()
    in_bulk = await _bulk_first(settings, network) if bulk_load else None
    with _progress() as progress:
        tasks = {
            part: progress.add_task(part, total=len(rows), rate="")
            for part, _, rows in network.parts()
            if rows
        }

        def advance(state: PartLoad) -> None:
            if state.part not in tasks:
                return
            task = tasks[state.part]
            if not state.loaded_now:  # starting, perhaps resuming: no speed from that jump
                progress.reset(task, total=state.total, completed=state.done)
            rate = f"{state.rate:,.0f} rows/s" if state.rate is not None else ""
            progress.update(task, completed=state.done, rate=rate)

        async with open_store(settings) as store:
            graph = Graph(store.driver, store.database)
            if detected is not None:  # an import: its people must be new to the store
                await bulk.check_clashes(graph, network, batch_size)
            parts = await bulk.load(graph, network, batch_size, advance)
    if in_bulk is not None:
        for part, rows in in_bulk.rows.items():
            seconds = in_bulk.seconds[part]
            parts[part].loaded_now = rows
            parts[part].timed_rows, parts[part].seconds = (rows, seconds) if seconds else (0, 0.0)
    _report(network, parts, skipped, time.perf_counter() - started)
    if detected is not None:
        _handles(network)
    return parts


class BulkRefused(Exception):
    """A bulk load cannot start here; nothing was written."""


async def _bulk_first(settings: Settings, network: Network) -> local_bulk.BulkLoad | None:
    """Bulk-load the people, connections and follows into the empty local store, or
    return None when an earlier run did."""
    if not settings.uses_local_store:
        raise BulkRefused(
            "--bulk loads the local store. For Neo4j, `linkgraph export --format "
            "neo4j-admin` writes the files neo4j-admin imports (docs/loading.md)"
        )
    store = local_store(settings)
    if store.running() is not None:
        raise BulkRefused(
            "the local store is running: a bulk load needs its files to itself. Stop "
            "the service, or run `linkgraph store stop`, first"
        )
    async with open_store(settings) as opened:  # created and migrated; stopped on exit
        state = await local_bulk.readiness(Graph(opened.driver, opened.database), network)
    if state == "done":
        return None
    if state == "taken":
        raise BulkRefused(
            "the store already holds people, and --bulk loads into an empty store only "
            "(a new LINKGRAPH_DATA_DIR). Without --bulk, this network adds to them"
        )
    heap = local_bulk.heap_for(network)
    with console.status(f"bulk loading people, connections and follows (heap {heap})") as status:

        def show(line: str) -> None:
            if "[GraphImporter]" in line:
                status.update(f"bulk: {line.split('[GraphImporter]', 1)[1].strip()}")

        def work() -> local_bulk.BulkLoad:
            with store.stopped():
                return local_bulk.load(store.database_dir, network, heap=heap, on_line=show)

        try:
            result = await to_thread.run_sync(work)
        except (local_bulk.BulkLoadError, LocalStoreError) as e:
            raise BulkRefused(f"the bulk load failed, the store is as it was: {e}") from None
    rows = sum(result.rows.values())
    console.print(
        f"bulk: {rows:,} rows ({', '.join(f'{n:,} {p}' for p, n in result.rows.items())}) "
        f"in {result.wall_s:.1f} s, {rows / result.wall_s:,.0f} rows/s (files "
        f"{result.stages['files']:.1f} s, the store's importer {result.stages['importer']:.1f} s)"
    )
    return result


def _handles(network: Network, shown: int = 5) -> None:
    table = Table(title="first people (sign in as one with `linkgraph token HANDLE`)",
                  title_justify="left")  # fmt: skip
    for column in ("handle", "name", "id"):
        table.add_column(column)
    for person in network.people[:shown]:
        table.add_row(person["handle"], person["name"], person["id"])
    console.print(table)


def _report(
    network: Network, parts: dict[str, PartLoad], skipped: Skipped | None, seconds: float
) -> None:
    table = Table(title=f"loaded {network.name}", title_justify="left")
    table.add_column("part")
    table.add_column("rows", justify="right")
    table.add_column("loaded now", justify="right")
    table.add_column("rows/s", justify="right")
    for part, state in parts.items():
        if state.total:
            rate = f"{state.rate:,.0f}" if state.rate is not None else "-"
            table.add_row(part, f"{state.total:,}", f"{state.loaded_now:,}", rate)
    console.print(table)
    rows = sum(state.loaded_now for state in parts.values())
    rate = f" ({rows / seconds:,.0f} rows/s)" if rows else " (already loaded: nothing to do)"
    console.print(f"{rows:,} rows in {seconds:.1f} s{rate}")
    if skipped and (skipped.self_loops or skipped.duplicates):
        console.print(
            f"left out: {skipped.self_loops:,} self-loops, {skipped.duplicates:,} duplicate "
            "edges (an undirected pair listed both ways counts once)"
        )


def run_interruptibly(work: Callable[[], object]) -> None:
    """Run `work`; on Ctrl-C say that a re-run resumes, and exit 130."""
    try:
        work()
    except KeyboardInterrupt:
        console.print(
            "[yellow]interrupted.[/] Batches already committed stay; run the same command "
            "again to resume from the last one."
        )
        raise SystemExit(130) from None
