"""The embedded local store: ArcadeDB's server speaking Bolt, from `arcadedb-embedded`.

One store per data directory. Its state (pid, ports) and a generated root password live
in that directory, so the service, the CLI and the tests all find and reuse the same
running server. It listens on loopback only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.resources
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
from filelock import FileLock

log = logging.getLogger(__name__)

DATABASE = "social"
USER = "root"
_MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
_READY_LINE = "ArcadeDB Server started"
_SEARCH_INDEX_SQL = (
    "CREATE PROPERTY Person.searchText IF NOT EXISTS STRING; "
    "CREATE INDEX IF NOT EXISTS ON Person (searchText) FULL_TEXT; "
    "CREATE PROPERTY Organization.searchText IF NOT EXISTS STRING; "
    "CREATE INDEX IF NOT EXISTS ON Organization (searchText) FULL_TEXT"
)

# Servers this process launched, kept so that stopping one reaps it (no zombie) and a
# running one is never garbage-collected as a "still running" Popen.
_launched: dict[int, subprocess.Popen[bytes]] = {}


class LocalStoreError(RuntimeError):
    """The local store could not be started or reached."""


@dataclasses.dataclass(frozen=True)
class StoreInfo:
    """How to reach a running local store."""

    pid: int
    bolt_port: int
    http_port: int
    password: str
    data_dir: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


@dataclasses.dataclass
class LocalStore:
    """Starts, finds and stops the ArcadeDB server that keeps its data in `data_dir`."""

    data_dir: Path
    heap: str = "1g"
    bolt_port: int = 0
    http_port: int = 0
    start_timeout_s: float = 90.0

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).resolve()

    @property
    def _state_file(self) -> Path:
        return self.data_dir / "store.json"

    @property
    def _password_file(self) -> Path:
        return self.data_dir / "store-password"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "store.log"

    def _state(self) -> dict:
        try:
            return json.loads(self._state_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def running(self) -> StoreInfo | None:
        """The running server for this data directory, if there is one."""
        state = self._state()
        if not _is_our_server(state.get("pid", -1), self.data_dir):
            return None
        if not _port_open(state["bolt_port"]):
            return None
        return StoreInfo(
            pid=state["pid"],
            bolt_port=state["bolt_port"],
            http_port=state["http_port"],
            password=self._password(),
            data_dir=self.data_dir,
        )

    def start(self) -> tuple[StoreInfo, bool]:
        """Start the server unless it already runs. Returns (info, started_now)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Two processes starting the same store at once must not launch two servers.
        with FileLock(str(self.data_dir / "store.lock"), timeout=self.start_timeout_s):
            info = self.running()
            if info is not None:
                return info, False
            return self._launch(), True

    @property
    def database_dir(self) -> Path:
        """The database's files (what a bulk load writes with the store stopped)."""
        return self.data_dir / "arcadedb" / "databases" / DATABASE

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        """Hold the store stopped: no server on these files, and none starts (`start`
        waits for this lock) until the block ends."""
        with FileLock(str(self.data_dir / "store.lock"), timeout=self.start_timeout_s):
            info = self.running()
            if info is not None:
                raise LocalStoreError(
                    f"the local store is running (pid {info.pid}): stop the service, or "
                    "`linkgraph store stop`, first"
                )
            yield

    def ensure_search_index(self, info: StoreInfo) -> None:
        """The full-text indexes people and organizations search read
        (graphdb/queries/people.py, organizations.py).

        Neo4j makes them from Cypher (graphdb/queries/schema.py); this store only from
        its own SQL, over its HTTP API. It names the indexes `Person[searchText]` and
        `Organization[searchText]`, the names Neo4j's are given too, so one statement
        queries either. Idempotent; the first time it indexes what is already stored
        (2 s per 100,000 people)."""
        response = httpx.post(
            f"http://127.0.0.1:{info.http_port}/api/v1/command/{DATABASE}",
            auth=(USER, info.password),
            json={"language": "sqlscript", "command": _SEARCH_INDEX_SQL},
            timeout=self.start_timeout_s + 600,
        )
        if response.status_code != 200:
            raise LocalStoreError(f"could not create the search index: {response.text[:300]}")

    def stop(self, timeout_s: float = 30.0) -> bool:
        """Stop the server if it runs. Returns whether there was one to stop."""
        info = self.running()
        if info is None:
            self._forget_pid()
            return False
        proc = psutil.Process(info.pid)
        proc.send_signal(signal.SIGTERM)  # ArcadeDB flushes and closes on SIGTERM
        try:
            proc.wait(timeout=timeout_s)
        except psutil.TimeoutExpired:
            log.warning("local store did not stop in %.0f s; killing it", timeout_s)
            proc.kill()
            proc.wait(timeout=10)
        launched = _launched.pop(info.pid, None)
        if launched is not None:
            launched.wait()
        self._forget_pid()
        return True

    def _forget_pid(self) -> None:
        # The ports stay: a restarted store comes back where its clients look for it.
        state = self._state()
        if state.pop("pid", None) is not None:
            self._state_file.write_text(json.dumps(state))

    def _password(self) -> str:
        if not self._password_file.exists():
            # Written 0600 from the start: never readable by others, not even briefly.
            fd = os.open(self._password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(24))
        return self._password_file.read_text().strip()

    def _launch(self) -> StoreInfo:
        password = self._password()
        previous = self._state()
        bolt_port = self.bolt_port or _reusable(previous.get("bolt_port")) or _free_port()
        http_port = (
            self.http_port
            or _reusable(previous.get("http_port"))
            or _free_port(exclude={bolt_port})
        )
        package = Path(str(importlib.resources.files("arcadedb_embedded")))
        java = package / "jre" / "bin" / "java"
        command = [
            str(java),
            f"-Xmx{self.heap}",
            f"-Darcadedb.server.rootPath={self.data_dir / 'arcadedb'}",
            f"-Darcadedb.server.rootPassword={password}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[{USER}]",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={bolt_port}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={http_port}",
            "-cp",
            str(package / "jars" / "*"),
            _MAIN_CLASS,
        ]
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as out:
            # Own session: the store outlives a CLI `store start`, and Ctrl-C in a
            # terminal does not hit it before the service has closed its driver.
            proc = subprocess.Popen(
                command,
                cwd=self.data_dir,  # ArcadeDB writes ./log relative to its working dir
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _launched[proc.pid] = proc
        self._wait_ready(proc, bolt_port, log_offset)
        self._state_file.write_text(
            json.dumps({"pid": proc.pid, "bolt_port": bolt_port, "http_port": http_port})
        )
        log.info("local store started (pid %d, bolt port %d)", proc.pid, bolt_port)
        return StoreInfo(proc.pid, bolt_port, http_port, password, self.data_dir)

    def _wait_ready(self, proc: subprocess.Popen[bytes], bolt_port: int, offset: int) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalStoreError(
                    f"the local store exited with code {proc.returncode}; "
                    f"see {self.log_file}:\n{self._log_tail(offset)}"
                )
            if _port_open(bolt_port) and _READY_LINE in self._log_tail(offset):
                return
            time.sleep(0.1)
        proc.kill()
        proc.wait()
        raise LocalStoreError(f"the local store did not start in time; see {self.log_file}")

    def _log_tail(self, offset: int) -> str:
        with open(self.log_file, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")[-4000:]


def _is_our_server(pid: int, data_dir: Path) -> bool:
    # A stale pid may belong to another process by now: check what it runs.
    try:
        cmdline = psutil.Process(pid).cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False
    return _MAIN_CLASS in cmdline and any(str(data_dir) in arg for arg in cmdline)


def _reusable(port: int | None) -> int | None:
    """A port the store had before, unless something else listens there now."""
    return port if port and not _port_open(port) else None


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port(exclude: frozenset[int] | set[int] = frozenset()) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in exclude:
            return port
