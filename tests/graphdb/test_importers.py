"""Importers on the real data sets in ../shared/data, checked against the figures its
README gives, and on malformed files, which must stop before writing anything."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graphdb import bulk
from graphdb.graph import Graph
from graphdb.importers import ImportFailed, handle_for, id_prefix, ldbc, person_id, plain_csv, snap
from graphdb.records import HANDLE
from tests.conftest import Api

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
WIKI_VOTE = DATA / "snap-wiki-vote" / "Wiki-Vote.txt"
LDBC = DATA / "ldbc-snb-sample"

COUNT = """
CALL () { MATCH (p:Person) WHERE p.id STARTS WITH $prefix RETURN count(p) AS people }
CALL () {
  MATCH (a:Person)-[c:CONNECTED_TO]->(:Person) WHERE a.id STARTS WITH $prefix
  RETURN count(c) AS connections
}
CALL () {
  MATCH (a:Person)-[f:FOLLOWS]->(:Person) WHERE a.id STARTS WITH $prefix
  RETURN count(f) AS follows
}
CALL () {
  MATCH (a:Person)-[w:AFFILIATED_WITH]->(:Organization) WHERE a.id STARTS WITH $prefix
  RETURN count(w) AS affiliations
}
RETURN people, connections, follows, affiliations
"""


async def counts(graph: Graph, prefix: str) -> dict[str, int]:
    (row,) = await graph.rows(COUNT, prefix=f"{prefix}:")  # type: ignore[arg-type]
    return row


def test_wiki_vote_counts_match_its_readme() -> None:
    read = snap.network(WIKI_VOTE, as_="follows", prefix="wv")
    follows, skipped = read.network, read.skipped
    assert len(follows.people) == 7_115 and len(follows.follows) == 103_689
    assert skipped.self_loops == skipped.duplicates == 0
    assert read.detected[0] == "Wiki-Vote.txt: tab-separated, no header"
    read = snap.network(WIKI_VOTE, as_="connections", prefix="wv")
    undirected, skipped = read.network, read.skipped
    # Each of the 2,927 mutual pairs is one connection, listed twice in the file.
    assert skipped.duplicates == 2_927
    assert len(undirected.connections) == 103_689 - 2_927
    assert all(c["lowId"] < c["highId"] for c in undirected.connections)


@pytest.mark.slow
async def test_wiki_vote_loads_as_follows(graph: Graph) -> None:
    network = snap.network(WIKI_VOTE, as_="follows", prefix="wiki").network
    loaded = await bulk.load(graph, network)
    assert loaded["people"].loaded_now == 7_115 and loaded["follows"].loaded_now == 103_689
    assert loaded["follows"].rate is not None and loaded["follows"].rate > 0
    assert await counts(graph, "wiki") == {
        "people": 7_115, "connections": 0, "follows": 103_689, "affiliations": 0,
    }  # fmt: skip
    again = await bulk.load(graph, network)  # the same file again adds nothing
    assert sum(part.loaded_now for part in again.values()) == 0
    assert again["follows"].done == 103_689 and again["follows"].rate == loaded["follows"].rate
    assert (await counts(graph, "wiki"))["follows"] == 103_689


async def test_ldbc_sample_loads_with_employers_and_schools(graph: Graph, api: Api) -> None:
    read = ldbc.network(LDBC, prefix="snb")
    network, skipped = read.network, read.skipped
    assert len(network.people) == 222 and len(network.connections) == 825
    assert skipped.duplicates == skipped.self_loops == 0
    await bulk.load(graph, network)
    assert await counts(graph, "snb") == {
        # Each connection also makes each follow the other.
        "people": 222, "connections": 825, "follows": 2 * 825, "affiliations": 485 + 180,
    }  # fmt: skip
    # Through the API: Jose Alonso, with as many connections as the file gives him.
    raw = "8796093022220"
    degree = Counter(x for c in network.connections for x in (c["lowId"], c["highId"]))
    person = (
        await api.ok(
            """query($h: String!) { person(handle: $h) {
              name location headline connectionCount } }""",
            {"h": f"snb-{raw}"},  # the handle the import reports
        )
    )["person"]
    assert person["name"] == "Jose Alonso"
    assert person["connectionCount"] == degree[f"snb:{raw}"] > 0
    assert person["headline"].startswith("Works at ")
    assert person["location"]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("# header\r\n1\t2\r\n3 x\r\n", 3, "whole numbers"),
        ("1 2\n3 4\n5 6\n7 8\n1 2 3\n", 5, "expected 2 fields"),
        ("1 2\n-4 5\n", 2, "whole numbers"),
        ("1,2,3,4\n5,6,7,8\n", 1, "two node ids"),
    ],
)
def test_malformed_edge_lists_name_file_line_and_reason(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "edges.txt"
    path.write_bytes(content.encode())
    with pytest.raises(ImportFailed) as failed:
        snap.network(path, as_="follows", prefix="bad")
    assert (failed.value.path, failed.value.line) == (str(path), line)
    assert reason in failed.value.reason


def test_snap_tolerates_crlf_spaces_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "edges.txt"
    path.write_bytes(b"# a comment\r\n\r\n1  2\r\n2\t1\r\n3 3\r\n")
    read = snap.network(path, as_="connections", prefix="ok")
    network, skipped = read.network, read.skipped
    assert [(c["lowId"], c["highId"]) for c in network.connections] == [("ok:1", "ok:2")]
    assert (skipped.duplicates, skipped.self_loops) == (1, 1)
    assert {p["handle"] for p in network.people} == {"ok-1", "ok-2", "ok-3"}


def test_ldbc_refuses_a_friendship_with_an_unknown_person(tmp_path: Path) -> None:
    (tmp_path / "person_0_0.csv").write_text(
        "id|firstName|lastName|gender|birthday|creationDate\n1|Ada|L|female|0|1000\n"
    )
    (tmp_path / "person_knows_person_0_0.csv").write_text(
        "Person.id|Person.id|creationDate\n1|2|2000\n"
    )
    with pytest.raises(ImportFailed) as failed:
        ldbc.network(tmp_path, prefix="bad")
    assert failed.value.line == 2 and "person 2 is not in the person files" in str(failed.value)


def test_ldbc_checks_headers(tmp_path: Path) -> None:
    (tmp_path / "person_0_0.csv").write_text("id,firstName,lastName\n1,Ada,L\n")
    with pytest.raises(ImportFailed) as failed:
        ldbc.network(tmp_path, prefix="bad")
    assert failed.value.line == 1 and "header" in failed.value.reason


async def test_plain_csv_import_and_its_errors(tmp_path: Path, graph: Graph, api: Api) -> None:
    people, edges = tmp_path / "people.csv", tmp_path / "edges.csv"
    people.write_text(
        "id,name,headline,handle\n"
        '1,"Grace Hopper","Rear admiral, COBOL",\n'
        "2,Alan Turing,,turing-a\n"
    )
    edges.write_text("source,target,since\n1,2,2020-05-01T10:00:00Z\n2,1,\n")
    read = plain_csv.network(people, edges, as_="connections", prefix="own")
    network, skipped = read.network, read.skipped
    assert skipped.duplicates == 1
    await bulk.load(graph, network)
    grace = await api.ok('{ person(handle: "own-1") { name headline connectionCount } }')
    assert grace["person"] == {
        "name": "Grace Hopper", "headline": "Rear admiral, COBOL", "connectionCount": 1,
    }  # fmt: skip
    assert (await api.ok('{ person(handle: "turing-a") { name } }'))["person"]["name"]

    edges.write_text("source,target\n1,2\n1,9\n")
    with pytest.raises(ImportFailed) as failed:
        plain_csv.network(people, edges, as_="follows", prefix="own2")
    assert failed.value.line == 3 and "target '9'" in failed.value.reason
    people.write_text("id,name,handle\n1,Ada,Not A Handle!\n")
    with pytest.raises(ImportFailed) as failed:
        plain_csv.network(people, edges, as_="follows", prefix="own3")
    assert failed.value.line == 2 and "handle" in failed.value.reason
    assert (await counts(graph, "own3"))["people"] == 0


def _wiki_lines(count: int) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in WIKI_VOTE.read_text().splitlines() if line[:1].isdigit()]
    return [(a, b) for a, b in rows[:count]]


@pytest.mark.parametrize(
    ("header", "separator", "end", "described"),
    [
        ("id_1,id_2", ",", "\r\n", "comma-separated, header 'id_1,id_2'"),  # the musae sets
        ("source;target", ";", "\n", "semicolon-separated, header 'source,target'"),
        ("FromNodeId\tToNodeId", "\t", "\n", "tab-separated, header 'FromNodeId,ToNodeId'"),
        (None, " ", "\r\n", "separated by spaces, no header"),
    ],
)
def test_snap_sniffs_delimiters_and_header_lines(
    tmp_path: Path, header: str | None, separator: str, end: str, described: str
) -> None:
    rows = _wiki_lines(500)
    lines = ([header] if header else []) + [separator.join(row) for row in rows]
    path = tmp_path / "musae_wiki_edges.csv"
    path.write_bytes(end.join(lines).encode() + end.encode())
    read = snap.network(path, as_="connections", prefix="v")
    assert read.detected[0] == f"{path.name}: {described}"
    reference = snap.network(WIKI_VOTE, as_="connections", prefix="v").network
    want = {
        (c["lowId"], c["highId"]) for c in reference.connections[: len(read.network.connections)]
    }
    assert {(c["lowId"], c["highId"]) for c in read.network.connections} == want


def test_snap_overrides_what_it_would_sniff(tmp_path: Path) -> None:
    path = tmp_path / "edges.txt"
    path.write_text("1 2\n3 4\n")
    read = snap.network(path, as_="follows", prefix="o", delimiter=None, header=True)
    assert read.detected[0].endswith("header '1,2'") and len(read.network.follows) == 1


def test_times_come_from_the_file_or_from_file_order(tmp_path: Path) -> None:
    temporal = tmp_path / "sx-tiny.txt"  # SNAP temporal sets: SRC TGT UNIXTS
    temporal.write_text("1 2 1217567877\n2 3 1217573801\n")
    read = snap.network(temporal, as_="follows", prefix="t")
    assert [f["since"] for f in read.network.follows] == [1_217_567_877_000, 1_217_573_801_000]
    assert "third column" in read.detected[1]
    assert {p["createdAt"] for p in read.network.people} == {1_217_567_877_000}

    untimed = snap.network(WIKI_VOTE, as_="follows", prefix="u").network
    times = [f["since"] for f in untimed.follows]
    assert times == sorted(times) and len(set(times)) == len(times)  # a total order
    assert times == [
        f["since"] for f in snap.network(WIKI_VOTE, as_="follows", prefix="u").network.follows
    ]


def test_node_attribute_files_name_the_people(tmp_path: Path) -> None:
    edges, names = tmp_path / "musae_edges.csv", tmp_path / "musae_target.csv"
    edges.write_text("id_1,id_2\n0,1\n1,2\n")
    names.write_text('id,name,ml_target\n0,Ada Lovelace,1\n1,"Hopper, Grace",0\n')
    read = snap.network(edges, as_="connections", prefix="m", names=names)
    by_id = {p["id"]: p["name"] for p in read.network.people}
    assert by_id == {"m:0": "Ada Lovelace", "m:1": "Hopper, Grace", "m:2": "m 2"}
    assert "names from its `name` column (2)" in read.detected[1]
    names.write_text("id,colour\n0,red\n")
    with pytest.raises(ImportFailed) as failed:
        snap.network(edges, as_="connections", prefix="m", names=names)
    assert failed.value.line == 1 and "name column" in failed.value.reason


def test_ids_keep_the_whole_prefix_and_handles_fit(tmp_path: Path) -> None:
    long_a = id_prefix("facebook_combined_with_a_very_long_name")
    long_b = id_prefix("facebook_combined_with_a_very_long_nam")
    assert long_a == "facebook-combined-with-a-very-long-name"
    a = [handle_for(long_a, str(n)) for n in (1, 4038, 123456789)]
    b = [handle_for(long_b, str(n)) for n in (1, 4038, 123456789)]
    assert all(HANDLE.match(h) for h in a + b) and not set(a) & set(b)
    assert handle_for("facebook-combined", "4038") == "facebook-combined-4038"
    assert person_id("a-b", "c") != person_id("a", "b-c")
