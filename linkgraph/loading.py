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
from graphdb.bulk import Network, PartLoad
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
    settings: Settings,
    network: Network,
    batch_size: int,
    skipped: Skipped | None = None,
    detected: list[str] | None = None,
) -> dict[str, PartLoad]:
    """Load `network` with a progress bar per part; report what was read, what was
    loaded, how fast, and the first people's handles (to sign in as them)."""
    for line in detected or []:
        console.print(f"read {line}")
    started = time.perf_counter()
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
    _report(network, parts, skipped, time.perf_counter() - started)
    if detected is not None:
        _handles(network)
    return parts


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
