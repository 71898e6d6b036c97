"""The `linkgraph` command against the test session's local store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jwt
from click.testing import CliRunner

from linkgraph.cli import main
from resolvers.ids import global_id
from tests.conftest import TEST_SECRET, Api, Member


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


LDBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ldbc-snb-sample"


async def test_import_reports_what_it_loaded_and_a_rerun_adds_nothing(
    api: Api, store_dir: Path
) -> None:
    args = ("import", "ldbc", str(LDBC), "--prefix", "cli-snb")
    first = await asyncio.to_thread(run, store_dir, *args)
    assert first.exit_code == 0, first.output
    assert "825" in first.output and "2,211 rows" in first.output
    again = await asyncio.to_thread(run, store_dir, *args)
    assert again.exit_code == 0 and "nothing to do" in again.output
    data = await api.ok('{ person(handle: "cli-snb-8796093022220") { name } }')
    assert data["person"]["name"] == "Jose Alonso"


async def test_a_malformed_file_stops_the_import_with_file_and_line(
    api: Api, store_dir: Path, tmp_path: Path
) -> None:
    edges = tmp_path / "bad.txt"
    edges.write_text("# comment\n1\t2\n2\tthree\n")
    result = await asyncio.to_thread(
        run, store_dir, "import", "snap", str(edges), "--as", "follows", "--prefix", "cli-bad"
    )
    assert result.exit_code == 1
    assert f"nothing imported: {edges}:3: node ids must be whole numbers" in result.output
    assert (await api.ok('{ person(handle: "cli-bad-1") { name } }'))["person"] is None


async def test_generate_loads_a_network_deterministically(api: Api, store_dir: Path) -> None:
    args = ("generate", "--people", "400", "--prefix", "cli-gen", "--seed", "5")
    result = await asyncio.to_thread(run, store_dir, *args)
    assert result.exit_code == 0, result.output
    assert "people" in result.output and "400" in result.output
    again = await asyncio.to_thread(run, store_dir, *args)
    assert "nothing to do" in again.output
    data = await api.ok('{ person(handle: "cli-gen-0") { connectionCount } }')
    assert data["person"]["connectionCount"] > 0


async def test_analytics_run_and_report(api: Api, store_dir: Path, tmp_path: Path) -> None:
    for _ in range(3):
        await api.member()
    done = await asyncio.to_thread(run, store_dir, "analytics", "run", "--fresh")
    assert done.exit_code == 0, done.output
    assert "largest k-core" in done.output and "communities (modularity)" in done.output
    out = tmp_path / "report.html"
    report = await asyncio.to_thread(run, store_dir, "analytics", "report", "--out", str(out))
    assert report.exit_code == 0, report.output
    page = out.read_text()
    # self-contained: plots inline, nothing fetched
    assert page.count("<svg") >= 5
    assert not any(f'{attr}="http' in page for attr in ("src", "href")), "fetches nothing"
    assert "<script" not in page and "<link" not in page
    assert "Following versus connecting" in page
    unknown = await asyncio.to_thread(
        run, store_dir, "analytics", "report", "--run", "nope", "--out", str(out)
    )
    assert unknown.exit_code != 0 and "unknown" in unknown.output


async def test_an_analyst_token_opens_analytics(api: Api, store_dir: Path) -> None:
    result = await asyncio.to_thread(run, store_dir, "token", "--analyst")
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert jwt.decode(token, TEST_SECRET, algorithms=["HS256"])["roles"] == ["analyst"]
    analyst = type(await api.member())("", "", "", token)
    data = await api.ok("{ analytics { runs(first: 1) { edges { node { id } } } } }", as_=analyst)
    assert isinstance(data["analytics"]["runs"]["edges"], list)


async def test_a_musae_style_file_imports_as_it_comes_and_says_what_it_saw(
    api: Api, store_dir: Path, tmp_path: Path
) -> None:
    edges, names = tmp_path / "musae_tiny_edges.csv", tmp_path / "musae_tiny_target.csv"
    edges.write_bytes(b"id_1,id_2\r\n0,1\r\n1,2\r\n2,0\r\n")
    names.write_text("id,name,ml_target\n0,Ada Lovelace,1\n1,Grace Hopper,0\n2,Alan Turing,1\n")
    result = await asyncio.to_thread(
        run, store_dir, "import", "snap", str(edges), "--as", "connections", "--names", str(names)
    )
    assert result.exit_code == 0, result.output
    assert "comma-separated, header 'id_1,id_2'" in result.output
    assert "names from its `name` column" in result.output and "one second apart" in result.output
    # the first handles, as `linkgraph token` takes them: the whole stem, never cut
    assert "musae-tiny-edges-0" in result.output
    ada_id = "musae-tiny-edges:0"
    as_ada = Member(
        ada_id, global_id("Person", ada_id), "musae-tiny-edges-0", api.token_for(ada_id)
    )
    ada = await api.ok(
        """{ person(handle: "musae-tiny-edges-0") { name
          connections(first: 5) { edges { connectedAt node { name } } } } }""",
        as_=as_ada,
    )
    # Ada's connections, newest first: the file's order is the order in time
    edges_seen = ada["person"]["connections"]["edges"]
    assert ada["person"]["name"] == "Ada Lovelace"
    assert [e["node"]["name"] for e in edges_seen] == ["Alan Turing", "Grace Hopper"]
    assert edges_seen[0]["connectedAt"] > edges_seen[1]["connectedAt"]


async def test_a_second_file_under_the_same_prefix_is_refused_before_writing(
    api: Api, store_dir: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("1 2\n")
    second.write_text("1 3\n")
    args = ("import", "snap", "--as", "follows", "--id-prefix", "clash")
    assert (
        await asyncio.to_thread(run, store_dir, *args[:2], str(first), *args[2:])
    ).exit_code == 0
    refused = await asyncio.to_thread(run, store_dir, *args[:2], str(second), *args[2:])
    assert refused.exit_code == 1
    assert "nothing imported" in refused.output and "--id-prefix" in refused.output
    assert (await api.ok('{ person(handle: "clash-3") { name } }'))["person"] is None


async def test_export_writes_neo4j_admin_files_and_the_command(
    store_dir: Path, tmp_path: Path
) -> None:
    edges = tmp_path / "musae_edges.csv"
    edges.write_text("id_1,id_2\n0,1\n1,2\n")
    out = tmp_path / "admin"
    result = await asyncio.to_thread(
        run, store_dir, "export", "snap", str(edges), "--as", "connections", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "comma-separated, header 'id_1,id_2'" in result.output
    assert "connections.csv: 2 rows" in result.output and "follows.csv: 4 rows" in result.output
    assert (out / "import.sh").read_text().startswith("neo4j-admin database import full neo4j")
