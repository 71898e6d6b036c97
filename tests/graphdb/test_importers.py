"""Importers on the real data sets in ../shared/data, checked against the figures its
README gives, and on malformed files, which must stop before writing anything."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graphdb import bulk
from graphdb.graph import Graph
from graphdb.importers import ImportFailed, ldbc, plain_csv, snap
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
    (row,) = await graph.rows(COUNT, prefix=f"{prefix}-")  # type: ignore[arg-type]
    return row


def test_wiki_vote_counts_match_its_readme() -> None:
    follows, skipped = snap.network(WIKI_VOTE, as_="follows", prefix="wv")
    assert len(follows.people) == 7_115 and len(follows.follows) == 103_689
    assert skipped.self_loops == skipped.duplicates == 0
    undirected, skipped = snap.network(WIKI_VOTE, as_="connections", prefix="wv")
    # Each of the 2,927 mutual pairs is one connection, listed twice in the file.
    assert skipped.duplicates == 2_927
    assert len(undirected.connections) == 103_689 - 2_927
    assert all(c["lowId"] < c["highId"] for c in undirected.connections)


@pytest.mark.slow
async def test_wiki_vote_loads_as_follows(graph: Graph) -> None:
    network, _ = snap.network(WIKI_VOTE, as_="follows", prefix="wiki")
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
    network, skipped = ldbc.network(LDBC, prefix="snb")
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
            {"h": f"snb-{raw}"},
        )
    )["person"]
    assert person["name"] == "Jose Alonso"
    assert person["connectionCount"] == degree[f"snb-{raw}"] > 0
    assert person["headline"].startswith("Works at ")
    assert person["location"]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("# header\r\n1\t2\r\n3 x\r\n", 3, "whole numbers"),
        ("1 2\n1 2 3\n", 2, "two node ids"),
        ("1 2\n-4 5\n", 2, "negative"),
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
    network, skipped = snap.network(path, as_="connections", prefix="ok")
    assert [(c["lowId"], c["highId"]) for c in network.connections] == [("ok-1", "ok-2")]
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
    network, skipped = plain_csv.network(people, edges, as_="connections", prefix="own")
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
