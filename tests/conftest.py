"""Fixtures: one real local store per test session, started by the launcher the service
uses, and the real ASGI app (lifespan included) talking to it."""

from __future__ import annotations

import os
from pathlib import Path

# Bounds checks in every compiled kernel while testing (an index out of range raises
# instead of writing past an array), compiled into a cache of the tests' own so the
# service never loads the slower checked build. Set before anything imports numba; the
# analytics worker processes the tests start inherit both.
os.environ.setdefault("NUMBA_BOUNDSCHECK", "1")
os.environ.setdefault(
    "NUMBA_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "numba")
)

import contextlib
import dataclasses
import itertools
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from neo4j import AsyncGraphDatabase
from starlette.datastructures import Secret

from graphdb import graph as graph_module
from graphdb import migrations
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, LocalStore, StoreInfo
from linkgraph.app import create_app
from linkgraph.auth import authenticator_from, new_subject
from linkgraph.http_limits import uvicorn_options
from linkgraph.settings import Settings

_handles = itertools.count()
TEST_SECRET = "test-secret-" + "x" * 64


class Clock:
    """Wall time plus an offset tests may move forward (cooldowns, ordering), or
    stop altogether (ties within one millisecond)."""

    def __init__(self) -> None:
        self.offset_ms = 0
        self.frozen_at: int | None = None

    def __call__(self) -> int:
        if self.frozen_at is not None:
            return self.frozen_at
        return int(time.time() * 1000) + self.offset_ms

    def advance(self, ms: int) -> None:
        self.offset_ms += ms

    @contextlib.contextmanager
    def frozen(self) -> Iterator[int]:
        self.frozen_at = self()
        try:
            yield self.frozen_at
        finally:
            self.frozen_at = None
            self.advance(1)  # time never runs backwards for later tests


@dataclasses.dataclass
class Member:
    id: str  # store id (the token subject)
    gid: str  # global id
    handle: str
    token: str


class Api:
    """GraphQL over HTTP against the app, as a given person or anonymously."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client = client
        self.authenticator = authenticator_from(settings)

    def token_for(self, subject: str) -> str:
        return self.authenticator.mint(subject)

    async def post(
        self, query: str, variables: dict | None = None, token: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            **kwargs,
        )

    async def gql(
        self, query: str, variables: dict | None = None, *, as_: Member | None = None
    ) -> dict:
        """The response body; asserts the HTTP exchange itself succeeded."""
        response = await self.post(query, variables, as_.token if as_ else None)
        assert response.status_code == 200, response.text
        return response.json()

    async def ok(
        self, query: str, variables: dict | None = None, *, as_: Member | None = None
    ) -> dict:
        """The data of an operation that must not fail."""
        body = await self.gql(query, variables, as_=as_)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error(
        self, query: str, variables: dict | None = None, *, as_: Member | None = None
    ) -> dict:
        """The single error of an operation that must fail."""
        body = await self.gql(query, variables, as_=as_)
        assert len(body.get("errors", [])) == 1, body
        return body["errors"][0]

    async def member(self, name: str = "Test Person", **fields: Any) -> Member:
        """A new person with a profile, signed in with their own token."""
        handle = fields.pop("handle", None) or f"member-{next(_handles)}-{new_subject()[:8]}"
        subject = new_subject()
        token = self.token_for(subject)
        data = await self.ok(
            "mutation($input: CreateProfileInput!) { createProfile(input: $input) "
            "{ person { id handle } } }",
            {"input": {"handle": handle, "name": name, **fields}},
            as_=Member(subject, "", handle, token),
        )
        person = data["createProfile"]["person"]
        return Member(subject, person["id"], person["handle"], token)


@pytest.fixture(scope="session", autouse=True)
def rows_are_plain_values() -> Iterator[None]:
    """Every row any test reads is checked against the driver's own conversion: a
    statement returning a node (not a map projection) would fail here, not in a client."""
    fast = graph_module.row_of

    def checked(record: Any) -> dict[str, Any]:
        row = fast(record)
        assert row == record.data(), f"a statement returned graph entities: {record!r}"
        return row

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graph_module, "row_of", checked)
        yield


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def store(store_dir: Path) -> Any:
    local = LocalStore(store_dir, heap="1g")
    info, started = local.start()
    assert started
    yield info
    local.stop()


@pytest.fixture(scope="session")
def settings(store: StoreInfo, store_dir: Path) -> Settings:
    return Settings(
        data_dir=store_dir,
        demo_data=False,
        jwt_secret=Secret(TEST_SECRET),
        max_retry_time_s=30.0,
    )


@pytest.fixture(scope="session")
async def graph(store: StoreInfo) -> AsyncIterator[Graph]:
    """The store itself (migrated), for loaders and for checking what the API did."""
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        await migrations.apply(driver, DATABASE, neo4j=False)
        yield Graph(driver, DATABASE)


@pytest.fixture(scope="session")
def clock() -> Clock:
    return Clock()


async def running(settings: Settings, clock: Clock) -> AsyncIterator[Api]:
    app = create_app(settings, clock=clock)
    async with LifespanManager(app, startup_timeout=120) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(client, settings)


@pytest.fixture(scope="session")
async def api(settings: Settings, clock: Clock) -> AsyncIterator[Api]:
    async for app_api in running(settings, clock):
        yield app_api


@contextlib.contextmanager
def serving(settings: Settings, clock: Clock | None = None) -> Iterator[str]:
    """The app behind a real uvicorn server on a free loopback port, for clients that
    speak real HTTP (browsers, other languages' libraries); yields its base URL."""
    config = uvicorn.Config(
        create_app(settings, clock=clock or Clock()),
        host="127.0.0.1",
        port=0,
        **uvicorn_options(settings.request_timeout_s),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    (sock,) = server.servers[0].sockets
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture
def make_api(settings: Settings):
    """An app with other settings (limits, cooldown) over the same store."""

    @contextlib.asynccontextmanager
    async def factory(clock: Clock | None = None, **changes: Any) -> AsyncIterator[Api]:
        async for app_api in running(dataclasses.replace(settings, **changes), clock or Clock()):
            yield app_api

    return factory


@contextlib.contextmanager
def demo_serving(settings: Settings, data_dir: Path) -> Iterator[str]:
    """A service with the demo network in a store of its own at `data_dir`, as
    `make run` starts it (its analytics run included); yields its base URL."""
    demo = dataclasses.replace(settings, data_dir=data_dir, demo_data=True)
    try:
        with serving(demo, Clock()) as url:
            yield url
    finally:
        LocalStore(data_dir).stop()
