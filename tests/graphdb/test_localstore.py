"""The local store launcher, on real ArcadeDB processes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import psutil
import pytest
from neo4j import GraphDatabase

from graphdb.localstore import DATABASE, USER, LocalStore, StoreInfo


def test_listens_on_loopback_only(store: StoreInfo) -> None:
    listening = [
        c
        for c in psutil.Process(store.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert {c.laddr.port for c in listening} >= {store.bolt_port, store.http_port}
    assert all(c.laddr.ip in ("127.0.0.1", "::ffff:127.0.0.1") for c in listening), listening


def test_password_is_generated_private_and_kept(store: StoreInfo, store_dir: Path) -> None:
    path = store_dir / "store-password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.password == path.read_text().strip() and len(store.password) >= 24


def test_start_reuses_the_running_store(store: StoreInfo, store_dir: Path) -> None:
    info, started = LocalStore(store_dir).start()
    assert not started and info.pid == store.pid and info.bolt_port == store.bolt_port


@pytest.mark.slow
def test_stop_then_start_keeps_data_and_ports(tmp_path: Path) -> None:
    local = LocalStore(tmp_path / "own")
    first, started = local.start()
    assert started
    with GraphDatabase.driver(first.uri, auth=(USER, first.password)) as driver:
        driver.execute_query("CREATE (:Marker {v: 42})", database_=DATABASE)
    assert local.stop() is True
    assert not psutil.pid_exists(first.pid) or psutil.Process(first.pid).status() == "zombie"
    assert local.running() is None and local.stop() is False
    # A state file naming a dead process is not mistaken for a running store.
    (tmp_path / "own" / "store.json").write_text(
        json.dumps({"pid": first.pid, "bolt_port": first.bolt_port, "http_port": first.http_port})
    )
    assert local.running() is None
    second, started = local.start()
    try:
        assert started and second.pid != first.pid and second.password == first.password
        assert (second.bolt_port, second.http_port) == (first.bolt_port, first.http_port)
        with GraphDatabase.driver(second.uri, auth=(USER, second.password)) as driver:
            records = driver.execute_query(
                "MATCH (m:Marker) RETURN m.v AS v", database_=DATABASE
            ).records
        assert [r["v"] for r in records] == [42]
    finally:
        local.stop()
