"""Connections: made by acceptance, removed by either side; what happens to follows."""

from __future__ import annotations

from tests.api.network import FOLLOW, REMOVE, UNFOLLOW, connect, state
from tests.api.social import BLOCK, post
from tests.conftest import Api


async def test_unfollowing_a_connection_keeps_the_connection(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    await api.ok(UNFOLLOW, {"id": bob.gid}, as_=alice)
    s = await state(api, alice)
    assert s["connections"] == {bob.gid}
    assert s["following"] == set() and s["followers"] == {bob.gid}


async def test_removal_takes_back_the_follows_the_connection_made(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    removed = (await api.ok(REMOVE, {"id": alice.gid}, as_=bob))["removeConnection"]
    assert removed == {
        "removed": True,
        "viewer": {"connectionCount": 0},
        "person": {"connectionCount": 0},
    }
    for who in (alice, bob):
        assert (await state(api, who))["counts"] == (0, 0, 0)
    again = (await api.ok(REMOVE, {"id": alice.gid}, as_=bob))["removeConnection"]
    assert again["removed"] is False


async def test_removal_keeps_follows_people_chose_themselves(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": bob.gid}, as_=alice)  # before connecting
    await connect(api, alice, bob)
    await api.ok(REMOVE, {"id": bob.gid}, as_=alice)
    assert (await state(api, alice))["following"] == {bob.gid}
    assert (await state(api, bob))["following"] == set()
    # A follow re-affirmed while connected is a choice too.
    carol = await api.member()
    await connect(api, alice, carol)
    await api.ok(FOLLOW, {"id": alice.gid}, as_=carol)
    await api.ok(REMOVE, {"id": carol.gid}, as_=alice)
    assert (await state(api, carol))["following"] == {alice.gid}
    assert (await state(api, alice))["following"] == {bob.gid}


async def test_remove_connection_rules(api: Api) -> None:
    me = await api.member()
    error = await api.error(REMOVE, {"id": me.gid}, as_=me)
    assert error["extensions"]["reason"] == "SELF"
    error = await api.error(REMOVE, {"id": "UGVyc29uOm5vYm9keQ=="}, as_=me)
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_reconnecting_after_removal(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    await api.ok(REMOVE, {"id": bob.gid}, as_=alice)
    await connect(api, bob, alice)
    assert (await state(api, alice))["counts"] == (1, 1, 1)


async def test_connections_page_through_without_loss(api: Api) -> None:
    hub = await api.member()
    others = [await api.member() for _ in range(7)]
    for other in others:
        await connect(api, other, hub)
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
      connections(first: 3, after: $after) { totalCount edges { node { id } }
        pageInfo { hasNextPage endCursor } } } } }"""
    seen, after = [], None
    while True:
        page = (await api.ok(query, {"id": hub.gid, "after": after}, as_=hub))["node"][
            "connections"
        ]
        assert page["totalCount"] == 7
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [o.gid for o in reversed(others)]  # newest first


async def test_a_page_and_its_total_are_one_store_trip(api: Api) -> None:
    """The page, the viewer's hidden people and the total, however the total is asked
    for (plainly, through a fragment) and even when the page is empty."""
    hub, lonely = await api.member(), await api.member()
    others = [await api.member() for _ in range(3)]
    for other in others:
        await connect(api, other, hub)
    await api.ok(BLOCK, {"id": others[0].gid}, as_=hub)  # hidden from hub's own list
    plain = """query($id: ID!, $after: String) { node(id: $id) { ... on Person {
      connections(first: 5, after: $after) { totalCount edges { node { id } }
      pageInfo { endCursor } } } } }"""
    fragment = """query($id: ID!) { node(id: $id) { ... on Person { connections(first: 5) {
      ...Total edges { node { id } } } } } } fragment Total on ConnectedPersonConnection {
      totalCount }"""
    ends = []
    for query in (plain, fragment):
        body = await api.gql(query, {"id": hub.gid}, as_=hub)
        connections = body["data"]["node"]["connections"]
        assert connections["totalCount"] == 2  # the block ended one connection
        assert [e["node"]["id"] for e in connections["edges"]] == [o.gid for o in others[:0:-1]]
        assert body["extensions"]["storeRoundTrips"] == 1  # the person and the page at once
        ends.append((connections.get("pageInfo") or {}).get("endCursor"))
    past = await api.gql(plain, {"id": hub.gid, "after": ends[0]}, as_=hub)
    assert past["data"]["node"]["connections"]["totalCount"] == 2
    assert past["data"]["node"]["connections"]["edges"] == []
    none = (await api.gql(plain, {"id": lonely.gid}, as_=lonely))["data"]["node"]["connections"]
    assert none == {"totalCount": 0, "edges": [], "pageInfo": {"endCursor": None}}


async def test_people_and_their_counts_are_one_store_trip(api: Api) -> None:
    alice, bob, carol = await api.member(), await api.member(), await api.member()
    await connect(api, alice, bob)
    await api.ok(FOLLOW, {"id": alice.gid}, as_=carol)
    query = """query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person {
      followerCount followingCount connectionCount } } }"""
    body = await api.gql(query, {"ids": [alice.gid, bob.gid, carol.gid]})
    assert body["data"]["nodes"] == [
        {"followerCount": 2, "followingCount": 1, "connectionCount": 1},
        {"followerCount": 1, "followingCount": 1, "connectionCount": 1},
        {"followerCount": 0, "followingCount": 1, "connectionCount": 0},
    ]
    assert body["extensions"]["storeRoundTrips"] == 1
    one = await api.gql("query($id: ID!) { node(id: $id) { ... on Person { connectionCount } } }",
                        {"id": bob.gid})  # fmt: skip
    assert one["data"]["node"] == {"connectionCount": 1}
    assert one["extensions"]["storeRoundTrips"] == 1


async def test_the_viewer_and_their_counts_are_one_store_trip(api: Api) -> None:
    me = await api.member()
    body = await api.gql("{ viewer { name followerCount connectionCount } }", as_=me)
    assert body["data"]["viewer"]["connectionCount"] == 0
    assert body["extensions"]["storeRoundTrips"] == 1


async def test_a_person_and_their_list_are_one_store_trip_however_found(api: Api) -> None:
    """`viewer`, `person(id:)` and `node(id:)` each bring the person and the one list
    asked of them in one statement."""
    me, friend = await api.member("Viewer Listed"), await api.member("Friend Listed")
    await connect(api, friend, me)
    page = "connections(first: 5) { totalCount edges { node { id name } } }"
    for query, variables in (
        ("{ viewer { name " + page + " } }", {}),
        ("query($id: ID!) { person(id: $id) { name " + page + " } }", {"id": me.gid}),
        ("query($id: ID!) { node(id: $id) { ... on Person { name " + page + " } } }",
         {"id": me.gid}),
    ):  # fmt: skip
        body = await api.gql(query, variables, as_=me)
        person = next(iter(body["data"].values()))
        assert person["name"] == "Viewer Listed"
        assert person["connections"] == {
            "totalCount": 1,
            "edges": [{"node": {"id": friend.gid, "name": "Friend Listed"}}],
        }
        assert body["extensions"]["storeRoundTrips"] == 1, query


async def test_a_page_of_cards_answers_as_whole_people_do(api: Api) -> None:
    """A list asking only what a card holds (id, handle, name, headline) reads cards;
    they answer as the whole people do, and a card never stands in for the whole person
    elsewhere in the operation (here the feed's authors, resolved after the list)."""
    hub = await api.member("Hub Person")
    others = [
        await api.member(f"Other {i}", headline=f"Role {i}", about=f"About {i}", location="Lisbon")
        for i in range(3)
    ]
    for other in others:
        await connect(api, other, hub)
        await post(api, other, f"news from {other.handle}")
    cards = """query($id: ID!) { node(id: $id) { ... on Person { connections(first: 5) {
      totalCount edges { cursor connectedAt node { __typename id handle ...Line } } } } } }
      fragment Line on Person { name headline }"""
    whole = """query($id: ID!) { node(id: $id) { ... on Person { connections(first: 5) {
      totalCount edges { cursor connectedAt node { __typename id handle name headline
      about location } } } } } }"""
    card_page = (await api.ok(cards, {"id": hub.gid}, as_=hub))["node"]["connections"]
    whole_page = (await api.ok(whole, {"id": hub.gid}, as_=hub))["node"]["connections"]
    assert card_page["totalCount"] == whole_page["totalCount"] == 3
    for card, person in zip(card_page["edges"], whole_page["edges"], strict=True):
        assert card["cursor"] == person["cursor"]
        assert card["connectedAt"] == person["connectedAt"]
        whole_card = {k: v for k, v in person["node"].items() if k not in ("about", "location")}
        assert card["node"] == whole_card
        assert person["node"]["about"].startswith("About ")
    both = """query($id: ID!) { node(id: $id) { ... on Person {
      connections(first: 5) { edges { node { id name } } }
      feed(first: 5) { edges { node { author { ... on Person { id about location } } } } }
    } } }"""
    body = await api.ok(both, {"id": hub.gid}, as_=hub)
    authors = [e["node"]["author"] for e in body["node"]["feed"]["edges"]]
    assert sorted(a["id"] for a in authors) == sorted(o.gid for o in others)
    assert all(a["about"].startswith("About ") and a["location"] == "Lisbon" for a in authors)
