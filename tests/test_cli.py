"""The `linkgraph` command against the test session's local store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jwt
from click.testing import CliRunner

from linkgraph.cli import main
from tests.conftest import TEST_SECRET, Api


def run(store_dir: Path, *args: str):
    env = {"LINKGRAPH_DATA_DIR": str(store_dir), "LINKGRAPH_JWT_SECRET": TEST_SECRET}
    return CliRunner().invoke(main, list(args), env=env)


async def test_store_status_reports_the_running_store(api: Api, store, store_dir: Path) -> None:
    result = await asyncio.to_thread(run, store_dir, "store", "status")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["running"] is True and status["pid"] == store.pid
    assert status["uri"] == store.uri


async def test_token_for_a_handle_and_for_a_newcomer(api: Api, store_dir: Path) -> None:
    member = await api.member()
    result = await asyncio.to_thread(run, store_dir, "token", member.handle)
    assert result.exit_code == 0, result.output
    claims = jwt.decode(result.output.strip(), TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == member.id and claims["exp"] > claims["iat"]
    me = await api.ok(
        "{ viewer { handle } }",
        as_=type(member)(member.id, member.gid, member.handle, result.output.strip()),
    )
    assert me["viewer"]["handle"] == member.handle
    newcomer = await asyncio.to_thread(run, store_dir, "token", "--new")
    assert jwt.decode(newcomer.output.strip(), TEST_SECRET, algorithms=["HS256"])["sub"]
    unknown = await asyncio.to_thread(run, store_dir, "token", "no-such-handle")
    assert unknown.exit_code != 0 and "no person has the handle" in unknown.output
