"""Posts and the feed: who sees which post, why it is in the feed, and that the feed
equals an independent computation over a generated network."""

from __future__ import annotations

import random

import pytest
from neo4j import AsyncGraphDatabase

from graphdb import bulk, generate
from graphdb.graph import Graph
from graphdb.localstore import DATABASE, USER, StoreInfo
from linkgraph.auth import new_subject
from resolvers.ids import global_id
from tests.api.network import FOLLOW, REMOVE, UNFOLLOW, connect
from tests.api.social import CREATE_POST, DELETE_POST, POSTS, feed_of, post
from tests.conftest import Api, Clock, Member


async def test_follower_sees_public_posts_only_and_is_not_seen_back(api: Api) -> None:
    star, fan = await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": star.gid}, as_=fan)
    public = await post(api, star, "Public news")
    await post(api, star, "For connections", "CONNECTIONS")
    fan_post = await post(api, fan, "The fan's own news")
    assert await feed_of(api, fan) == [(public, "FOLLOWING")]
    assert await feed_of(api, star) == []  # following is one-way
    assert fan_post not in {p for p, _ in await feed_of(api, star)}


async def test_connections_see_everything_until_they_unfollow(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await connect(api, alice, bob)
    first = await post(api, bob, "One", "PUBLIC")
    second = await post(api, bob, "Two", "CONNECTIONS")
    assert await feed_of(api, alice) == [(second, "CONNECTION"), (first, "CONNECTION")]
    await api.ok(UNFOLLOW, {"id": bob.gid}, as_=alice)
    assert await feed_of(api, alice) == []  # the connection stays; the posts leave the feed
    connections = await api.ok(
        "query($id: ID!) { node(id: $id) { ... on Person { connectionCount } } }",
        {"id": alice.gid},
    )
    assert connections["node"]["connectionCount"] == 1
    # ...but Bob's profile still shows Alice both posts: she is still a connection.
    page = (await api.ok(POSTS, {"id": bob.gid}, as_=alice))["node"]["posts"]
    assert page["totalCount"] == 2
    await api.ok(FOLLOW, {"id": bob.gid}, as_=alice)
    assert [p for p, _ in await feed_of(api, alice)] == [second, first]  # back at once


async def test_removing_a_connection_leaves_a_follower_with_public_posts(api: Api) -> None:
    alice, bob = await api.member(), await api.member()
    await api.ok(FOLLOW, {"id": bob.gid}, as_=alice)  # chosen before connecting
    await connect(api, alice, bob)
    public = await post(api, bob, "Public")
    await post(api, bob, "Private", "CONNECTIONS")
    await api.ok(REMOVE, {"id": bob.gid}, as_=alice)
    assert await feed_of(api, alice) == [(public, "FOLLOWING")]


async def test_feed_pages_through_ties_without_loss(api: Api, clock: Clock) -> None:
    reader, writers = await api.member(), [await api.member() for _ in range(3)]
    for writer in writers:
        await api.ok(FOLLOW, {"id": writer.gid}, as_=reader)
    made = []
    with clock.frozen():  # every post in the same millisecond: the id breaks the tie
        for writer in writers:
            made += [await post(api, writer, f"post {n}") for n in range(3)]
    paged = await feed_of(api, reader, first=2)
    assert sorted(p for p, _ in paged) == sorted(made) and len(paged) == len(made)


async def test_deleting_posts(api: Api) -> None:
    author, connection, stranger = await api.member(), await api.member(), await api.member()
    await connect(api, author, connection)
    private = await post(api, author, "Soon gone", "CONNECTIONS")
    error = await api.error(DELETE_POST, {"id": private}, as_=connection)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "NOT_AUTHOR"}
    error = await api.error(DELETE_POST, {"id": private}, as_=stranger)  # cannot see it
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert (await feed_of(api, connection))[0][0] == private
    await api.ok(DELETE_POST, {"id": private}, as_=author)
    assert await feed_of(api, connection) == []
    error = await api.error(DELETE_POST, {"id": private}, as_=author)
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_post_input_is_checked(api: Api) -> None:
    author = await api.member()
    for text, reason in (("   ", "REQUIRED"), ("x" * 3001, "TOO_LONG")):
        error = await api.error(CREATE_POST, {"text": text, "visibility": "PUBLIC"}, as_=author)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["reason"] == reason
    error = await api.error(CREATE_POST, {"text": "Hi", "visibility": "PUBLIC"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    page = (await api.ok(POSTS, {"id": author.gid}, as_=author))["node"]["posts"]
    assert page["totalCount"] == 0  # nothing was written


ORG = """mutation($name: String!) { createOrganization(input: {name: $name, kind: COMPANY,
  url: "https://example.com"}) { organization { id viewerIsAdmin } } }"""
FOLLOW_ORG = """mutation($id: ID!) { followOrganization(input: {organizationId: $id}) {
  following organization { followerCount viewerIsFollowing } } }"""


async def test_organizations_post_into_their_followers_feeds(api: Api) -> None:
    admin, fan, other = await api.member(), await api.member(), await api.member()
    org = (await api.ok(ORG, {"name": "Acme Rockets"}, as_=admin))["createOrganization"]
    assert org["organization"]["viewerIsAdmin"] is True
    org_id = org["organization"]["id"]
    followed = (await api.ok(FOLLOW_ORG, {"id": org_id}, as_=fan))["followOrganization"]
    assert followed == {
        "following": True,
        "organization": {"followerCount": 1, "viewerIsFollowing": True},
    }
    variables = {"text": "We are hiring", "visibility": "PUBLIC", "org": org_id}
    created = (await api.ok(CREATE_POST, variables, as_=admin))["createPost"]["post"]
    assert created["author"] == {"__typename": "Organization", "id": org_id}
    assert await feed_of(api, fan) == [(created["id"], "FOLLOWING")]
    error = await api.error(CREATE_POST, variables, as_=other)
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "NOT_ADMIN"}
    private = {**variables, "visibility": "CONNECTIONS"}
    error = await api.error(CREATE_POST, private, as_=admin)
    assert error["extensions"]["reason"] == "PUBLIC_ONLY"
    # Following an organization does not count as following a person.
    counts = await api.ok(
        "query($id: ID!) { node(id: $id) { ... on Person { followingCount } } }",
        {"id": fan.gid},
    )
    assert counts["node"]["followingCount"] == 0


# --- the feed against an independent computation ------------------------------------


@pytest.fixture(scope="module")
async def posted(store: StoreInfo, api: Api) -> bulk.Network:
    net = generate.generate(
        300, seed=11, mean_degree=8, follows_per_person=4, posts_per_person=3,
        prefix=new_subject()[:6],
    )  # fmt: skip
    async with AsyncGraphDatabase.driver(store.uri, auth=(USER, store.password)) as driver:
        await bulk.load(Graph(driver, DATABASE), net)
    return net


def expected_feed(net: bulk.Network, viewer: str, follows: set, connected: set) -> list:
    """From the generated rows alone: posts by whom the viewer follows; connections-only
    ones only from connections; newest first, the id breaking ties."""
    followed = {b for a, b in follows if a == viewer}
    items = [
        (p["createdAt"], p["id"], "CONNECTION" if frozenset((viewer, p["authorId"])) in connected
         else "FOLLOWING")
        for p in net.posts
        if p["authorId"] in followed
        and (p["visibility"] == "PUBLIC" or frozenset((viewer, p["authorId"])) in connected)
    ]  # fmt: skip
    items.sort(reverse=True)
    return [(global_id("Post", post_id), reason) for _, post_id, reason in items]


async def test_feed_matches_an_independent_computation(api: Api, posted: bulk.Network) -> None:
    net = posted
    connected = {frozenset((c["lowId"], c["highId"])) for c in net.connections}
    follows = {(f["followerId"], f["followeeId"]) for f in net.follows}
    follows |= {(a, b) for pair in connected for a, b in (tuple(pair), tuple(pair)[::-1])}
    out_degree: dict[str, int] = {}
    for a, _ in follows:
        out_degree[a] = out_degree.get(a, 0) + 1
    rng = random.Random(3)
    viewers = sorted(out_degree, key=out_degree.get)[-3:] + rng.sample(sorted(out_degree), 5)

    def member(person_id: str) -> Member:
        return Member(person_id, global_id("Person", person_id), "", api.token_for(person_id))

    reasons = set()
    for viewer in viewers:
        want = expected_feed(net, viewer, follows, connected)
        assert await feed_of(api, member(viewer), first=37) == want
        reasons |= {reason for _, reason in want}
    busy = viewers[0]
    assert len(expected_feed(net, busy, follows, connected)) > 37, "should span pages"
    assert reasons == {"CONNECTION", "FOLLOWING"}, "the sample should hold both reasons"

    # Changes show at once: unfollow a connection, follow a stranger.
    me = member(busy)
    friend = next(b for a, b in sorted(follows) if a == busy
                  and frozenset((a, b)) in connected)  # fmt: skip
    stranger = next(p["authorId"] for p in net.posts if (busy, p["authorId"]) not in follows
                    and p["authorId"] != busy)  # fmt: skip
    await api.ok(UNFOLLOW, {"id": global_id("Person", friend)}, as_=me)
    await api.ok(FOLLOW, {"id": global_id("Person", stranger)}, as_=me)
    follows = (follows - {(busy, friend)}) | {(busy, stranger)}
    assert await feed_of(api, me, first=50) == expected_feed(net, busy, follows, connected)


async def test_small_pages_reach_every_author(api: Api) -> None:
    """A page is read from the authors whose latest posts can reach it: connections-only
    posts a follower cannot see, and deleted posts, must not hide anyone's older ones."""
    reader = await api.member()
    authors = [await api.member() for _ in range(4)]
    for author in authors:
        await api.ok(FOLLOW, {"id": author.gid}, as_=reader)
    await connect(api, reader, authors[3])
    oldest = await post(api, authors[0], "oldest, public")
    middle = await post(api, authors[1], "middle, public")
    await post(api, authors[2], "newer, for connections only", "CONNECTIONS")  # not for them
    gone = await post(api, authors[2], "newest public, soon deleted")
    friend = await post(api, authors[3], "friends only", "CONNECTIONS")
    await api.ok(DELETE_POST, {"id": gone}, as_=authors[2])
    want = [(friend, "CONNECTION"), (middle, "FOLLOWING"), (oldest, "FOLLOWING")]
    names = {oldest: "oldest", middle: "middle", gone: "gone", friend: "friend"}
    for first in (1, 2, 3):
        got = await feed_of(api, reader, first=first)
        assert got == want, (first, [names.get(p, p) for p, _ in got])


async def test_the_feed_brings_its_authors_in_the_same_trip(api: Api) -> None:
    """The viewer and the people hidden from them in one trip, the page with each post's
    author (a person or an organization) in a second, however many authors."""
    reader, friend, admin = (
        await api.member("Feed Reader"),
        await api.member("Feed Friend", headline="Writes things"),
        await api.member(),
    )
    await connect(api, friend, reader)
    org_id = (await api.ok(ORG, {"name": "Feedworks"}, as_=admin))["createOrganization"][
        "organization"
    ]["id"]
    await api.ok(FOLLOW_ORG, {"id": org_id}, as_=reader)
    await post(api, friend, "from a friend", "CONNECTIONS")
    variables = {"text": "from an organization", "visibility": "PUBLIC", "org": org_id}
    await api.ok(CREATE_POST, variables, as_=admin)
    query = """{ viewer { feed(first: 10) { edges { node { text author {
      __typename ... on Person { id name headline } ... on Organization { id name } } } } } } }"""
    body = await api.gql(query, as_=reader)
    authors = {
        e["node"]["text"]: e["node"]["author"] for e in body["data"]["viewer"]["feed"]["edges"]
    }
    assert authors == {
        "from a friend": {"__typename": "Person", "id": friend.gid, "name": "Feed Friend",
                          "headline": "Writes things"},
        "from an organization": {"__typename": "Organization", "id": org_id, "name": "Feedworks"},
    }  # fmt: skip
    assert body["extensions"]["storeRoundTrips"] == 2
