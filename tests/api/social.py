"""Operations the post, feed, messaging, blocking and settings tests share."""

from __future__ import annotations

from tests.conftest import Api, Member

CREATE_POST = """mutation($text: String!, $visibility: PostVisibility!, $org: ID) {
  createPost(input: {text: $text, visibility: $visibility, organizationId: $org}) {
    post { id text visibility createdAt author { __typename ... on Person { id }
      ... on Organization { id } } } } }"""
DELETE_POST = "mutation($id: ID!) { deletePost(input: {postId: $id}) { deletedPostId } }"
FEED = """query($first: Int, $after: String) { viewer { feed(first: $first, after: $after) {
  edges { cursor reason node { id text visibility author { ... on Person { id }
    ... on Organization { id } } } }
  pageInfo { hasNextPage endCursor } } } }"""
POSTS = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Person {
  posts(first: $first, after: $after) { totalCount edges { node { id visibility } }
    pageInfo { hasNextPage endCursor } } } } }"""
BLOCK = "mutation($id: ID!) { blockPerson(input: {personId: $id}) { blocked } }"
UNBLOCK = "mutation($id: ID!) { unblockPerson(input: {personId: $id}) { blocked } }"
SEND = """mutation($id: ID!, $text: String!) { sendMessage(input: {personId: $id, text: $text}) {
  message { id text isMine sender { id } } conversation { id unreadCount } } }"""
CONVERSATIONS = """query($first: Int, $after: String) { viewer {
  unreadMessages { messages conversations }
  conversations(first: $first, after: $after) { totalCount
    edges { node { id unreadCount canSend participant { id } } }
    pageInfo { hasNextPage endCursor } } } }"""
MESSAGES = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Conversation {
  messages(first: $first, after: $after) { totalCount edges { node { id text isMine } }
    pageInfo { hasNextPage endCursor } } } } }"""
MARK_READ = """mutation($id: ID!) { markConversationRead(input: {conversationId: $id}) {
  conversation { id unreadCount } } }"""
SETTINGS = """mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {
  settings { connectionsVisibility invitationsFrom followFirst } } }"""
RELATIONSHIP = """query($id: ID!) { node(id: $id) { ... on Person { relationship {
  canInvite cannotInviteReason primaryAction mutualConnectionCount } } } }"""


async def post(api: Api, author: Member, text: str, visibility: str = "PUBLIC") -> str:
    data = await api.ok(CREATE_POST, {"text": text, "visibility": visibility}, as_=author)
    return data["createPost"]["post"]["id"]


async def feed_of(api: Api, viewer: Member, first: int = 100) -> list[tuple[str, str]]:
    """The whole feed as (post id, reason), paging through it."""
    items, after = [], None
    while True:
        data = await api.ok(FEED, {"first": first, "after": after}, as_=viewer)
        page = data["viewer"]["feed"]
        items += [(e["node"]["id"], e["reason"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return items
        after = page["pageInfo"]["endCursor"]
