"""`linkgraph analytics run` and `report`: the same run the service starts, in this
process, with progress bars and a summary table."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from analytics import report as reports
from analytics import results as run_results
from analytics.runs import SUCCEEDED, RunInProgress
from linkgraph.analytics_runner import execute, runs_of
from linkgraph.settings import Settings

console = Console(stderr=True)


def run(settings: Settings, fresh: bool) -> None:
    runs = runs_of(settings)
    try:
        record = runs.create(fresh)
    except RunInProgress as busy:
        raise click.ClickException(str(busy)) from None
    with Progress(
        TextColumn("[bold]{task.description:<28}"),
        BarColumn(),
        TextColumn("{task.percentage:>5.1f}%"),
        TimeElapsedColumn(),
        console=console,
    ) as bars:
        task = bars.add_task("starting", total=1.0)
        try:
            record = execute(
                settings,
                record.id,
                lambda stage, done: bars.update(task, description=stage, completed=done),
            )
        except KeyboardInterrupt:
            runs.request_cancel(record.id)
            raise
    if record.state != SUCCEEDED:
        raise click.ClickException(f"run {record.id} ended {record.state}: {record.error or ''}")
    found = run_results.load(runs.folder(record.id))
    console.print(summary(record.id, found.summary))


def summary(run_id: str, s: dict) -> Table:
    o, fvc, inv, c = (
        s["overview"],
        s["followingVersusConnecting"],
        s["invitations"],
        s["communities"],
    )
    table = Table(title=f"analytics run {run_id} (snapshot {s['snapshot']['id']})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("people", f"{o['people']:,}"),
        ("connections", f"{o['connections']:,}"),
        ("follows", f"{o['follows']:,}"),
        ("largest component", f"{o['largestComponentShare']:.1%}"),
        ("average clustering", f"{o['averageClustering']:.3f}"),
        ("transitivity", f"{o['transitivity']:.3f}"),
        ("largest k-core", f"k={o['maxCore']} ({o['maxCoreSize']:,} people)"),
        ("average path (sampled)", _or(o["averagePathLength"], "{:.2f}")),
        ("effective diameter", _or(o["effectiveDiameter"], "{}")),
        ("one-way follows", _or(fvc["oneWayShare"], "{:.1%}")),
        ("connections both unfollowed", f"{fvc['connectionsFollowingNeither']:,}"),
        ("invitation acceptance", _or(inv["acceptanceRate"], "{:.1%}")),
        ("communities (modularity)", f"{c['count']:,} ({c['modularity']:.3f})"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    total = sum(t["seconds"] for t in s["timings"].values())
    table.caption = f"measured in {total:.1f} s"
    return table


def _or(value: object, form: str) -> str:
    return "–" if value is None else form.format(value)


def report(settings: Settings, out: Path, run_id: str | None) -> None:
    runs = runs_of(settings)
    if run_id is None:
        record = next((r for r in runs.all() if r.state == SUCCEEDED), None)
        if record is None:
            raise click.ClickException("no run has succeeded yet: `linkgraph analytics run`")
    else:
        found = runs.get(run_id)
        if found is None or found.state != SUCCEEDED:
            raise click.ClickException(f"run {run_id} is unknown or did not succeed")
        record = found
    reports.write(run_results.load(runs.folder(record.id)), record.id, out)
    console.print(f"wrote {out} (run {record.id})")
