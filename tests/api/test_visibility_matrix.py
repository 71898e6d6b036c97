"""Who sees what of a person, and who may do what to them: each viewer kind against
each field, list and action, with the outcome written out by hand.

The owner has contact details, one public and one connections-only post, a pending
invitation, and people around them in each role: a connection, a follower, a
second-degree person (connected to the connection), a stranger, and someone they
blocked.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.api.network import connect, invite
from tests.api.social import BLOCK, post
from tests.conftest import Api, Member

KINDS = ["self", "connection", "follower", "second", "stranger", "blocked", "anonymous"]


@dataclasses.dataclass
class World:
    owner: Member
    viewers: dict[str, Member | None]
    public_post: str
    connections_post: str


async def build_world(api: Api) -> World:
    owner = await api.member("Olive Owner", email="olive@example.com", phone="+44 20 7946 0958")
    connection, follower, second, stranger, blocked, inviter = [
        await api.member(name)
        for name in ("Cora Conn", "Fred Follow", "Sam Second", "Stan Stranger", "Bea Blocked",
                     "Ivy Inviter")
    ]  # fmt: skip
    await connect(api, owner, connection)
    await connect(api, connection, second)
    await api.ok("mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }",
                 {"id": owner.gid}, as_=follower)  # fmt: skip
    await connect(api, owner, blocked)  # the block must undo this
    await api.ok(BLOCK, {"id": blocked.gid}, as_=owner)
    await invite(api, inviter, owner)
    public = await post(api, owner, "Hello, world", "PUBLIC")
    private = await post(api, owner, "Hello, friends", "CONNECTIONS")
    viewers = {
        "self": owner, "connection": connection, "follower": follower, "second": second,
        "stranger": stranger, "blocked": blocked, "anonymous": None,
    }  # fmt: skip
    return World(owner, viewers, public, private)


@pytest.fixture(scope="module")
async def world(api: Api) -> World:
    return await build_world(api)


READ = """query($id: ID!, $handle: String!, $search: String!) {
  byHandle: person(handle: $handle) { id }
  search: people(search: $search) { edges { node { id } } }
  node(id: $id) { ... on Person {
    name email phone
    settings { connectionsVisibility }
    connections { totalCount }
    posts { edges { node { visibility } } }
    receivedInvitations { totalCount }
    feed { edges { cursor } }
    conversations { totalCount }
    secondDegree { totalCount }
    mutualConnections { edges { node { name } } }
    relationship { degree }
  } } }"""

OUT = "OUT_OF_NETWORK"
#              found  contact owner  conns  posts                    invites degree  mutual
EXPECTED_READS = {
    "self":       (True, True,  True,  True,  {"PUBLIC", "CONNECTIONS"}, True, "SELF", None),
    "connection": (True, True,  False, True,  {"PUBLIC", "CONNECTIONS"}, False, "FIRST", []),
    "follower":   (True, False, False, False, {"PUBLIC"},                False, OUT,     []),
    "second":     (True, False, False, False, {"PUBLIC"},                False, "SECOND",
                   ["Cora Conn"]),
    "stranger":   (True, False, False, False, {"PUBLIC"},                False, OUT,     []),
    "blocked":    (False,),
    "anonymous":  (True, False, False, False, {"PUBLIC"},                False, None, None),
}  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
async def test_what_each_viewer_sees(api: Api, world: World, kind: str) -> None:
    owner, viewer = world.owner, world.viewers[kind]
    variables = {"id": owner.gid, "handle": owner.handle, "search": "Olive Owner"}
    data = await api.ok(READ, variables, as_=viewer)
    found_by_search = owner.gid in {e["node"]["id"] for e in data["search"]["edges"]}
    person = data["node"]
    expected = EXPECTED_READS[kind]
    if not expected[0]:
        # Blocked: the owner does not exist for them, by id, by handle or in search.
        assert person is None and data["byHandle"] is None and not found_by_search
        return
    _, contact, owner_only, connections, posts, invitations, degree, mutual = expected
    assert found_by_search and data["byHandle"] == {"id": owner.gid}
    assert person["name"] == "Olive Owner"  # public
    assert person["email"] == ("olive@example.com" if contact else None)
    assert person["phone"] == ("+442079460958" if contact else None)
    assert (person["settings"] is not None) is owner_only
    assert (person["feed"] is not None) is owner_only
    assert (person["conversations"] is not None) is owner_only
    assert (person["secondDegree"] is not None) is owner_only
    assert (person["receivedInvitations"] is not None) is invitations
    if invitations:
        assert person["receivedInvitations"]["totalCount"] == 1
    # The block ended the owner's connection with the blocked person: one is left.
    assert person["connections"] == ({"totalCount": 1} if connections else None)
    assert {e["node"]["visibility"] for e in person["posts"]["edges"]} == posts
    assert (person["relationship"] or {}).get("degree") == degree
    names = person["mutualConnections"]
    assert (None if names is None else [e["node"]["name"] for e in names["edges"]]) == mutual


async def test_posts_by_id_follow_the_same_rules(api: Api, world: World) -> None:
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Post { visibility } } }"
    ids = [world.public_post, world.connections_post]
    seen = {}
    for kind, viewer in world.viewers.items():
        nodes = (await api.ok(query, {"ids": ids}, as_=viewer))["nodes"]
        seen[kind] = [n["visibility"] if n else None for n in nodes]
    both, public_only, neither = ["PUBLIC", "CONNECTIONS"], ["PUBLIC", None], [None, None]
    assert seen == {
        "self": both, "connection": both, "follower": public_only, "second": public_only,
        "stranger": public_only, "blocked": neither, "anonymous": public_only,
    }  # fmt: skip


FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
INVITE = "mutation($id: ID!) { sendInvitation(input: {personId: $id}) { connected } }"
MESSAGE = """mutation($id: ID!) { sendMessage(input: {personId: $id, text: "Hi"}) {
  message { id } } }"""

#                   follow                    invite                          message
EXPECTED_ACTIONS = {
    "self":       ("BAD_USER_INPUT",         "BAD_USER_INPUT",               "BAD_USER_INPUT"),
    "connection": (None,                     "CONFLICT",                     None),
    "follower":   (None,                     None,                           "FORBIDDEN"),
    "second":     (None,                     None,                           "FORBIDDEN"),
    "stranger":   (None,                     None,                           "FORBIDDEN"),
    "blocked":    ("NOT_FOUND",              "NOT_FOUND",                    "NOT_FOUND"),
    "anonymous":  ("UNAUTHENTICATED",        "UNAUTHENTICATED",              "UNAUTHENTICATED"),
}  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
async def test_what_each_viewer_may_do(api: Api, kind: str) -> None:
    world = await build_world(api)  # its own: the actions change it
    viewer = world.viewers[kind]
    outcomes = []
    for mutation in (FOLLOW, INVITE, MESSAGE):
        body = await api.gql(mutation, {"id": world.owner.gid}, as_=viewer)
        errors = body.get("errors")
        outcomes.append(errors[0]["extensions"]["code"] if errors else None)
    assert tuple(outcomes) == EXPECTED_ACTIONS[kind]


async def test_accepting_opens_the_profile_within_the_same_request(api: Api) -> None:
    sender = await api.member(phone="+44 20 7946 0959")
    recipient = await api.member()
    invitation = (await invite(api, sender, recipient))["invitation"]["id"]
    # The first mutation reads the phone while the two are not connected yet; the second
    # connects them: its answer must not reuse what the first one saw.
    data = await api.ok(
        """mutation($person: ID!, $invitation: ID!) {
          before: followPerson(input: {personId: $person}) { person { phone } }
          after: acceptInvitation(input: {invitationId: $invitation}) {
            invitation { sender { phone } } } }""",
        {"person": sender.gid, "invitation": invitation},
        as_=recipient,
    )
    assert data["before"]["person"]["phone"] is None
    assert data["after"]["invitation"]["sender"]["phone"] == "+442079460959"
