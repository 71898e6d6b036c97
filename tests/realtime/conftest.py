"""Real servers for the real-time tests: the app behind uvicorn, and Redis."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from linkgraph.settings import Settings
from tests.conftest import Api, Clock, serving


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass
class RedisServer:
    """A real redis-server (Debian's package, which the project's setup installs)."""

    port: int
    data_dir: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server") or shutil.which("valkey-server")
        assert executable, "redis-server is missing: `make test` installs it (Debian redis-server)"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.data_dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    """One real server for the module; its base URL."""
    with serving(dataclasses.replace(settings, ws_ping_interval_s=5.0), Clock()) as url:
        yield url


@pytest.fixture
async def live(server: str, settings: Settings) -> AsyncIterator[Api]:
    """GraphQL over real HTTP to `server` (so its changes reach its subscribers)."""
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        yield Api(client, settings)


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"
