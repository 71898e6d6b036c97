"""The `linkgraph` command: run the service, manage the local store, mint tokens."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import click

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

    settings = Settings.from_env()
    changes = {"host": host, "port": port, "demo_data": demo}
    settings = dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})
    logs.configure(settings.log_level, settings.effective_log_format)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep ours: every line with its request id
        lifespan="on",
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
@click.option("--requests", default=200, show_default=True, help="Requests per operation.")
@click.option("--data-dir", default=".linkgraph-bench", show_default=True, type=click.Path())
@click.option("--out", default="bench.json", show_default=True, type=click.Path())
def bench(
    people: int, mean_degree: float, seed: int, requests: int, data_dir: str, out: str
) -> None:
    """Benchmark the network queries over HTTP against their raw Cypher."""
    from pathlib import Path

    from linkgraph import bench as benchmark

    logs.configure("WARNING")
    benchmark.main(people, mean_degree, seed, requests, Path(data_dir), Path(out))


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
@click.option("--ttl-hours", default=168, show_default=True, help="How long the token lasts.")
def token(handle: str | None, new: bool, ttl_hours: int) -> None:
    """Print a development token for HANDLE (or --new for someone signing up)."""
    from linkgraph.auth import authenticator_from, new_subject

    if (handle is None) == (not new):
        raise click.UsageError("give a HANDLE or --new")
    settings = Settings.from_env()
    authenticator = authenticator_from(settings)
    subject = new_subject() if new else asyncio.run(_person_id(settings, handle))
    click.echo(authenticator.mint(subject, ttl_s=ttl_hours * 3600))


async def _person_id(settings: Settings, handle: str) -> str:
    from graphdb import people as people_db
    from graphdb.graph import Graph
    from linkgraph.store import open_store

    async with open_store(settings) as opened:
        person = await people_db.by_handle(Graph(opened.driver, opened.database), handle.lower())
    if person is None:
        raise click.ClickException(f"no person has the handle {handle!r}")
    return person.id
