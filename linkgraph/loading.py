"""Loading networks from the command line: a progress bar per part with its rate, a
report of what was loaded, and a clear word on interruption (re-run to resume)."""

from __future__ import annotations

import time
from collections.abc import Callable

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

from graphdb import bulk
from graphdb.bulk import Network
from graphdb.graph import Graph
from graphdb.importers import Skipped
from linkgraph.settings import Settings
from linkgraph.store import open_store

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
    settings: Settings, network: Network, batch_size: int, skipped: Skipped | None = None
) -> dict[str, int]:
    """Load `network` with progress bars; report what was loaded. Returns rows by part."""
    started = time.perf_counter()
    with _progress() as progress:
        tasks = {
            part: progress.add_task(part, total=len(rows), rate="")
            for part, _, rows in network.parts()
            if rows
        }
        clock: dict[str, float] = {}

        def advance(part: str, rows: int) -> None:
            now = time.perf_counter()
            first = clock.setdefault(part, now)
            progress.advance(tasks[part], rows)
            done = progress.tasks[tasks[part]].completed
            if now > first:
                progress.update(tasks[part], rate=f"{done / (now - first):,.0f} rows/s")

        async with open_store(settings) as store:
            loaded = await bulk.load(
                Graph(store.driver, store.database), network, batch_size, advance
            )
    _report(network, loaded, skipped, time.perf_counter() - started)
    return loaded


def _report(
    network: Network, loaded: dict[str, int], skipped: Skipped | None, seconds: float
) -> None:
    table = Table(title=f"loaded {network.name}", title_justify="left")
    table.add_column("part")
    table.add_column("rows", justify="right")
    table.add_column("loaded now", justify="right")
    for part, count in network.counts().items():
        if count:
            table.add_row(part, f"{count:,}", f"{loaded.get(part, 0):,}")
    console.print(table)
    rows = sum(loaded.values())
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
