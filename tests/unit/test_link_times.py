"""Bulk loads give each person `linkedAt`, the time of their latest connection, as
CONNECT keeps it: the suggestions page trusts it to skip walking a hub's connections."""

from graphdb.bulk import Network, with_link_times


def test_each_person_gets_their_latest_connection_time() -> None:
    people = [{"id": x} for x in "abcd"]
    connections = [
        {"lowId": "a", "highId": "b", "since": 30},
        {"lowId": "a", "highId": "c", "since": 10},
        {"lowId": "b", "highId": "c", "since": 20},
    ]
    rows = with_link_times(people, connections)
    assert [r.get("linkedAt") for r in rows] == [30, 30, 20, None]
    assert "linkedAt" not in people[0]  # the network's own rows are left as they were


def test_the_load_writes_people_with_their_link_times() -> None:
    net = Network("n", [{"id": "a"}, {"id": "b"}], [{"lowId": "a", "highId": "b", "since": 7}], [])
    part, _, rows = net.parts()[0]
    assert part == "people"
    assert [r["linkedAt"] for r in rows] == [7, 7]
