"""GraphQL operations and helpers the invitation and connection tests share."""

from __future__ import annotations

from tests.conftest import Api, Member

INVITE = """mutation($id: ID!, $note: String) {
  sendInvitation(input: {personId: $id, note: $note}) {
    connected person { id }
    invitation { id state note sentAt acceptedAt sender { id } recipient { id } } } }"""
ACCEPT = """mutation($id: ID!) { acceptInvitation(input: {invitationId: $id}) {
  invitation { id state acceptedAt sender { connectionCount } recipient { connectionCount } } } }"""
IGNORE = """mutation($id: ID!) { ignoreInvitation(input: {invitationId: $id}) {
  invitation { id state ignoredAt } } }"""
WITHDRAW = """mutation($id: ID!) { withdrawInvitation(input: {invitationId: $id}) {
  invitation { id state withdrawnAt } } }"""
REMOVE = """mutation($id: ID!) { removeConnection(input: {personId: $id}) {
  removed viewer { connectionCount } person { connectionCount } } }"""
FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
UNFOLLOW = "mutation($id: ID!) { unfollowPerson(input: {personId: $id}) { following } }"
STATE = """query($id: ID!) { node(id: $id) { ... on Person {
  connectionCount followerCount followingCount
  connections { totalCount edges { connectedAt node { id } } }
  followers { edges { node { id } } }
  following { edges { node { id } } } } } }"""


async def invite(api: Api, sender: Member, recipient: Member, note: str | None = None) -> dict:
    data = await api.ok(INVITE, {"id": recipient.gid, "note": note}, as_=sender)
    return data["sendInvitation"]


async def connect(api: Api, a: Member, b: Member) -> None:
    invitation = (await invite(api, a, b))["invitation"]
    await api.ok(ACCEPT, {"id": invitation["id"]}, as_=b)


async def state(api: Api, who: Member) -> dict:
    node = (await api.ok(STATE, {"id": who.gid}, as_=who))["node"]
    return {
        "connections": {e["node"]["id"] for e in node["connections"]["edges"]},
        "followers": {e["node"]["id"] for e in node["followers"]["edges"]},
        "following": {e["node"]["id"] for e in node["following"]["edges"]},
        "counts": (node["connectionCount"], node["followerCount"], node["followingCount"]),
    }


async def page_all(api: Api, query: str, variables: dict, path: list[str], as_=None) -> tuple:
    """Every edge of a connection field, page by page, and the totalCount seen."""
    edges, after, total = [], None, None
    while True:
        data = await api.ok(query, {**variables, "after": after}, as_=as_)
        for key in path:
            data = data[key]
        total = data["totalCount"]
        edges += data["edges"]
        if not data["pageInfo"]["hasNextPage"]:
            return edges, total
        after = data["pageInfo"]["endCursor"]
