"""The `linkgraph` command: run the service, manage the local store, mint tokens."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import click

from graphdb.bulk import BATCH_SIZE
from linkgraph import logs
from linkgraph.settings import Settings


@click.group()
def main() -> None:
    """linkgraph: a GraphQL service for professional networks."""


@main.command()
@click.option("--host", help="Interface to listen on (LINKGRAPH_HOST, default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (LINKGRAPH_PORT, default 8000).")
@click.option("--demo/--no-demo", default=None, help="Load the demo network into an empty store.")
def serve(host: str | None, port: int | None, demo: bool | None) -> None:
    """Run the service (starting the local store unless NEO4J_URI is set)."""
    import uvicorn

    from linkgraph.app import create_app
    from linkgraph.http_limits import uvicorn_options

    settings = Settings.from_env()
    changes = {"host": host, "port": port, "demo_data": demo}
    settings = dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})
    logs.configure(settings.log_level, settings.effective_log_format)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        **uvicorn_options(settings.request_timeout_s),
    )


@main.command("schema")
def print_schema() -> None:
    """Print the GraphQL schema (SDL); schema/schema.graphql is its committed snapshot."""
    from schema.root import schema

    click.echo(schema.as_str())


@main.command()
@click.option("--people", default=100_000, show_default=True, help="Size of the network.")
@click.option("--mean-degree", default=20.0, show_default=True, help="Connections per person.")
@click.option("--seed", default=1, show_default=True)
@click.option(
    "--sample-seed", type=int, default=None,
    help="Pick the people to measure with this seed (default: --seed). Another value "
    "measures other people, whose pages a previous run did not warm.",
)  # fmt: skip
@click.option("--requests", default=200, show_default=True, help="Requests per operation.")
@click.option("--data-dir", default=".linkgraph-bench", show_default=True, type=click.Path())
@click.option("--out", default="bench.json", show_default=True, type=click.Path())
@click.option("--load-seconds", default=30, show_default=True, help="Length of the load run.")
@click.option("--users", default=20, show_default=True, help="Concurrent users under load.")
@click.option("--follows", default=3.0, show_default=True, help="One-way follows per person.")
@click.option(
    "--only", multiple=True,
    help="Measure only operations whose name matches this regular expression (repeatable). "
    "--load-seconds 0 skips the load run.",
)  # fmt: skip
def bench(
    people: int, mean_degree: float, seed: int, sample_seed: int | None, requests: int,
    data_dir: str, out: str, load_seconds: int, users: int, follows: float,
    only: tuple[str, ...],
) -> None:  # fmt: skip
    """Benchmark each operation over HTTP against its raw Cypher, then throughput."""
    from pathlib import Path

    from linkgraph.bench import network as benchmark

    logs.configure("WARNING")
    benchmark.main(
        people, mean_degree, seed, requests, Path(data_dir), Path(out), load_seconds, users,
        follows, only, sample_seed,
    )  # fmt: skip


@main.group()
def store() -> None:
    """The embedded local store (used when NEO4J_URI is not set)."""


@store.command("start")
def store_start() -> None:
    """Start the local store in the background; the service will reuse it."""
    from linkgraph.store import local_store

    info, started = local_store(Settings.from_env()).start()
    click.echo(f"{'started' if started else 'already running'}: {info.uri} (pid {info.pid})")


@store.command("stop")
def store_stop() -> None:
    """Stop the local store."""
    from linkgraph.store import local_store

    stopped = local_store(Settings.from_env()).stop()
    click.echo("stopped" if stopped else "not running")


@store.command("status")
def store_status() -> None:
    """Whether the local store runs, where, and its data directory."""
    from linkgraph.store import local_store

    s = local_store(Settings.from_env())
    info = s.running()
    status = {"running": info is not None, "data_dir": str(s.data_dir), "log": str(s.log_file)}
    if info is not None:
        status |= {"pid": info.pid, "uri": info.uri, "http_port": info.http_port}
    click.echo(json.dumps(status, indent=2))
    raise SystemExit(0 if info is not None else 3)


@main.command()
@click.argument("handle", required=False)
@click.option("--new", "new", is_flag=True, help="A token for a new person with no profile yet.")
@click.option(
    "--analyst",
    is_flag=True,
    help="Grant the analyst role (whole-network analytics); alone, for a new subject.",
)
@click.option("--ttl-hours", default=168, show_default=True, help="How long the token lasts.")
def token(handle: str | None, new: bool, analyst: bool, ttl_hours: int) -> None:
    """Print a development token for HANDLE (or --new for someone signing up, or
    --analyst for an analyst with no profile)."""
    from linkgraph.auth import ANALYST, authenticator_from, new_subject

    if handle is not None and new:
        raise click.UsageError("give a HANDLE or --new, not both")
    if handle is None and not (new or analyst):
        raise click.UsageError("give a HANDLE, --new or --analyst")
    settings = Settings.from_env()
    authenticator = authenticator_from(settings)
    subject = new_subject() if handle is None else asyncio.run(_person_id(settings, handle))
    roles = (ANALYST,) if analyst else ()
    click.echo(authenticator.mint(subject, ttl_s=ttl_hours * 3600, roles=roles))


async def _person_id(settings: Settings, handle: str) -> str:
    from graphdb import people as people_db
    from graphdb.graph import Graph
    from linkgraph.store import open_store

    async with open_store(settings) as opened:
        person = await people_db.by_handle(Graph(opened.driver, opened.database), handle.lower())
    if person is None:
        raise click.ClickException(f"no person has the handle {handle!r}")
    return person.id


_PREFIX = re.compile(r"^[a-z0-9][a-z0-9-]{0,15}$")


def _prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _PREFIX.match(value):
        raise click.BadParameter("1 to 16 of a-z, 0-9 and hyphens (it starts every handle)")
    return value


_prefix_option = click.option(
    "--prefix", callback=_prefix, help="Starts every imported id and handle (a namespace)."
)
_batch_option = click.option(
    "--batch-size", default=BATCH_SIZE, show_default=True, help="Rows per committed batch."
)
_bulk_option = click.option(
    "--bulk",
    is_flag=True,
    help="Into an empty local store, stopped: people, connections and follows through "
    "the store's own importer (about 3x as fast), the rest through Cypher.",
)
_as_option = click.option(
    "--as",
    "as_",
    type=click.Choice(["follows", "connections"]),
    required=True,
    help="Edges as one-way follows, or as (undirected) connections.",
)


_ID_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def _id_prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _ID_PREFIX.match(value):
        raise click.BadParameter("1 to 64 of a-z, 0-9 and inner hyphens")
    return value


_id_prefix_option = click.option(
    "--id-prefix",
    "--prefix",
    "prefix",
    callback=_id_prefix,
    help="Namespace of the imported ids and handles (default: the file's whole stem). "
    "Two imports never share people unless they share it.",
)
_delimiter_option = click.option(
    "--delimiter",
    help="tab, comma, semicolon, pipe or space (default: sniffed from the first lines).",
)
_header_option = click.option(
    "--header/--no-header",
    default=None,
    help="Whether the first line names the columns (default: sniffed).",
)


def _delimiter(value: str | None) -> str | Literal["sniff"] | None:
    from graphdb.importers import delimiter_named

    if value is None:
        return "sniff"
    try:
        return delimiter_named(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--delimiter") from None


# Set by `linkgraph export`: write the network read for neo4j-admin instead of loading it.
_EXPORT_TO: list[Path] = []


def _import(read: Callable[[], Any], batch_size: int, bulk: bool = False) -> None:
    from graphdb.bulk import Clash
    from graphdb.importers import ImportFailed
    from linkgraph import loading

    logs.configure("WARNING")
    try:
        found = read()
    except ImportFailed as e:
        raise click.ClickException(f"nothing imported: {e}") from None
    if _EXPORT_TO:
        _write_admin_files(found, _EXPORT_TO[0])
        return
    settings = Settings.from_env()

    def work() -> None:
        try:
            asyncio.run(
                loading.load(
                    settings,
                    found.network,
                    batch_size,
                    found.skipped,
                    found.detected,
                    bulk_load=bulk,
                )
            )
        except loading.BulkRefused as e:
            raise click.ClickException(f"nothing imported: {e}") from None
        except Clash as e:
            raise click.ClickException(
                f"nothing imported: {e}. Another import used this id prefix (or its "
                "handles): give this one its own with --id-prefix."
            ) from None

    loading.run_interruptibly(work)


@main.group("import")
def import_() -> None:
    """Import a network from files (into the store NEO4J_URI names, or the local one).

    Files are checked whole before anything is written; a malformed one stops with its
    file, line and reason. An interrupted import resumes when run again.
    """


def _write_admin_files(found: Any, out: Path) -> None:
    from graphdb import admin_import
    from linkgraph import loading

    for line in found.detected:
        loading.console.print(f"read {line}")
    counts = admin_import.write(found.network, out)
    for name, n in counts.items():
        loading.console.print(f"wrote {out / name}: {n:,} rows", soft_wrap=True)
    loading.console.print(
        f"load them into a stopped Neo4j 5 with {out / 'import.sh'}:", soft_wrap=True
    )
    loading.console.print(admin_import.command(), soft_wrap=True)


@import_.command("snap")
@click.argument("edge_list", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_as_option
@click.option(
    "--names",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A node attribute file (id and a name column) that names the people.",
)
@_id_prefix_option
@_delimiter_option
@_header_option
@_batch_option
@_bulk_option
def import_snap(
    edge_list: Path, as_: str, names: Path | None, prefix: str | None, delimiter: str | None,
    header: bool | None, batch_size: int, bulk: bool = False,
) -> None:  # fmt: skip
    """A SNAP edge list: two node ids a line (tab, spaces, comma or semicolon; `#`
    comments; a header line and a third column of Unix times are understood)."""
    from graphdb.importers import id_prefix, snap

    split = _delimiter(delimiter)
    prefix = prefix or id_prefix(edge_list.stem)
    _import(
        lambda: snap.network(
            edge_list,
            as_=as_,  # type: ignore[arg-type]
            prefix=prefix,
            names=names,
            delimiter=split,
            header=header,
        ),
        batch_size,
        bulk,
    )


@import_.command("ldbc")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_id_prefix_option
@_batch_option
@_bulk_option
def import_ldbc(folder: Path, prefix: str | None, batch_size: int, bulk: bool = False) -> None:
    """LDBC SNB CSV files (persons, knows, work and study places) under FOLDER."""
    from graphdb.importers import ldbc

    _import(lambda: ldbc.network(folder, prefix=prefix or "ldbc"), batch_size, bulk)


@import_.command("csv")
@click.argument("people", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("edges", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_as_option
@_id_prefix_option
@_delimiter_option
@_batch_option
@_bulk_option
def import_csv(
    people: Path, edges: Path, as_: str, prefix: str | None, delimiter: str | None,
    batch_size: int, bulk: bool = False,
) -> None:  # fmt: skip
    """PEOPLE (id,name[,handle,headline,location,industry,about]) and EDGES
    (source,target[,since]) files with header lines (commas, semicolons, tabs or pipes)."""
    from graphdb.importers import id_prefix, plain_csv

    split = _delimiter(delimiter)
    prefix = prefix or id_prefix(people.stem)
    _import(
        lambda: plain_csv.network(people, edges, as_=as_, prefix=prefix, delimiter=split),  # type: ignore[arg-type]
        batch_size,
        bulk,
    )


@main.command("generate")
@click.option("--people", "size", default=10_000, show_default=True, help="How many people.")
@click.option("--mean-degree", default=20.0, show_default=True, help="Connections per person.")
@click.option("--follows", default=3.0, show_default=True, help="One-way follows per person.")
@click.option("--posts", default=2.0, show_default=True, help="Posts per person (mean).")
@click.option("--seed", default=1, show_default=True, help="Same seed, same network.")
@_prefix_option
@_batch_option
@_bulk_option
def generate_network(
    size: int, mean_degree: float, follows: float, posts: float, seed: int, prefix: str | None,
    batch_size: int, bulk: bool = False,
) -> None:  # fmt: skip
    """Generate a plausible network of PEOPLE and load it (deterministic from --seed)."""
    from graphdb import generate
    from linkgraph import loading

    logs.configure("WARNING")
    with loading.console.status(f"generating {size:,} people..."):
        network = generate.generate(
            size, seed=seed, mean_degree=mean_degree, follows_per_person=follows,
            posts_per_person=posts, prefix=prefix or "gen", now_ms=_EPOCH_MS,
        )  # fmt: skip
    settings = Settings.from_env()

    def work() -> None:
        try:
            asyncio.run(loading.load(settings, network, batch_size, bulk_load=bulk))
        except loading.BulkRefused as e:
            raise click.ClickException(f"nothing loaded: {e}") from None

    loading.run_interruptibly(work)


# Generated times are relative to a fixed moment, so a re-run (to resume) regenerates
# exactly the same rows: 2026-01-01T00:00:00Z.
_EPOCH_MS = 1_767_225_600_000


@main.command("bench-worst")
@click.option(
    "--edges", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="A SNAP edge list, loaded as connections (default: ../shared/data's wiki-Vote).",
)  # fmt: skip
@click.option("--data-dir", default=".linkgraph-bench-worst", show_default=True,
              type=click.Path(path_type=Path))  # fmt: skip
@click.option("--top", default=5, show_default=True, help="Best-connected people to ask about.")
def bench_worst(edges: Path | None, data_dir: Path, top: int) -> None:
    """The worst the limits admit: documents' check time, and each network field for the
    best-connected people of a hub-heavy network."""
    from linkgraph.bench import worst

    logs.configure("WARNING")
    worst.main(edges or worst.WIKI_VOTE, data_dir, top)


@main.command("bench-peer")
@click.option("--people", default=100_000, show_default=True, help="Size of the network.")
@click.option("--seed", default=1, show_default=True)
@click.option("--requests", default=400, show_default=True, help="Requests per round.")
@click.option("--rounds", default=4, show_default=True, help="Rounds per server and query.")
@click.option("--warmup", default=1_000, show_default=True,
              help="Requests per server and query before measuring.")  # fmt: skip
@click.option("--data-dir", default=".linkgraph-bench", show_default=True,
              type=click.Path(path_type=Path))  # fmt: skip
def bench_peer(
    people: int, seed: int, requests: int, rounds: int, warmup: int, data_dir: Path
) -> None:
    """The read path side by side with @neo4j/graphql on Apollo Server, same store."""
    from linkgraph.bench import peer

    logs.configure("WARNING")
    peer.main(people, seed, requests, rounds, warmup, data_dir)


@main.command("bench-events")
@click.option("--data-dir", default=".linkgraph-bench-events", show_default=True,
              type=click.Path(path_type=Path))  # fmt: skip
@click.option("--rate", default=1_000, show_default=True, help="Events per second.")
@click.option("--seconds", default=10.0, show_default=True, help="How long to send them.")
@click.option("--idle", default=10_000, show_default=True, help="Idle subscriptions to hold.")
@click.option("--events-url", default=None, help="A Redis to use (default: start one).")
def bench_events(
    data_dir: Path, rate: int, seconds: float, idle: int, events_url: str | None
) -> None:
    """What real time costs: delivery latency (one instance, two through Redis), idle
    subscriptions held, and what a notification adds to a mutation."""
    from linkgraph.bench import events as bench

    logs.configure("WARNING")
    bench.main(data_dir, rate, seconds, idle, events_url)


@main.command("bench-suggestions")
@click.option(
    "--data-dir",
    required=True,
    type=click.Path(path_type=Path),
    help="A data dir with a loaded network and a finished analytics run.",
)
@click.option("--requests", default=200, show_default=True, help="Requests per query and group.")
@click.option("--seed", default=1, show_default=True, help="Picks the typical people.")
def bench_suggestions(data_dir: Path, requests: int, seed: int) -> None:
    """What suggestions cost: the run's suggestions stage, and secondDegree and
    followSuggestions p50/p99 over HTTP for typical people and the largest networks."""
    from linkgraph.bench import suggestions as bench

    logs.configure("WARNING")
    bench.main(data_dir, requests, seed)


@main.command("bench-analytics")
@click.option(
    "--data-dir",
    default=None,
    type=click.Path(path_type=Path),
    help="A data dir with a loaded network: measure a run over its store.",
)
@click.option(
    "--synthetic",
    "people",
    type=int,
    default=None,
    help="Instead: measure a generated network of this many people (no store).",
)
@click.option("--seed", default=1, show_default=True)
@click.option("--requests", default=300, show_default=True, help="Idle latency samples.")
def bench_analytics(data_dir: Path | None, people: int | None, seed: int, requests: int) -> None:
    """What an analytics run costs: snapshot rate, each measure's time and memory, the
    service's latency while it goes, and analytics queries on the finished run."""
    from linkgraph.bench import analytics as bench

    if data_dir is None and people is None:
        raise click.UsageError("give --data-dir, --synthetic, or both (to keep the snapshot)")
    logs.configure("WARNING")
    bench.main(data_dir, people, seed, requests)


@main.group()
def analytics() -> None:
    """Whole-network analytics: runs over snapshots, and their report."""


@analytics.command("run")
@click.option("--fresh", is_flag=True, help="Take a new snapshot (default: the newest one).")
def analytics_run(fresh: bool) -> None:
    """Snapshot the network (if --fresh or none yet) and measure it, with progress."""
    from linkgraph import analytics_cli

    logs.configure("WARNING")
    analytics_cli.run(Settings.from_env(), fresh)


@analytics.command("report")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="Where to write the report.")  # fmt: skip
@click.option(
    "--run", "run_id", default=None, help="A run's id (default: the newest that succeeded)."
)
def analytics_report(out: Path, run_id: str | None) -> None:
    """Write a finished run's report: one self-contained HTML file, readable offline."""
    from linkgraph import analytics_cli

    analytics_cli.report(Settings.from_env(), out, run_id)


@main.group("export")
def export() -> None:
    """Write a network read from files (as `import` reads them) as the CSV files of
    Neo4j's offline importer, `neo4j-admin database import full`, for a first load
    at millions of rows. The same graph `import` loads: labels, keys, the follows a
    connection implies; the service adds constraints when it first starts on it."""


def _exporting(command: click.Command) -> click.Command:
    """`import <kind>`'s arguments, writing files into --out instead of loading."""

    def callback(out: Path, format: str, **kwargs: Any) -> None:
        _EXPORT_TO[:] = [out]
        try:
            assert command.callback is not None
            command.callback(batch_size=0, **kwargs)
        finally:
            _EXPORT_TO.clear()

    params = [p for p in command.params if p.name not in ("batch_size", "bulk")]
    params += [
        click.Option(["--out"], type=click.Path(file_okay=False, path_type=Path), required=True,
                     help="Folder for the files (made if missing)."),
        click.Option(["--format"], type=click.Choice(["neo4j-admin"]), default="neo4j-admin",
                     show_default=True, help="The importer the files are for."),
    ]  # fmt: skip
    return click.Command(command.name, params=params, callback=callback, help=command.help)


for _command in (import_snap, import_ldbc, import_csv):
    export.add_command(_exporting(_command))
