"""Operations the inbox and subscription tests share."""

from __future__ import annotations

from tests.conftest import Api, Member

NOTIFICATIONS = """query($first: Int, $after: String, $unreadOnly: Boolean, $since: String) {
  viewer { unreadNotificationCount
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly, since: $since) {
      edges { cursor node { id kind read createdAt actor { id }
        subject { __typename ... on Person { id } ... on Invitation { id state }
          ... on Message { id text } } } }
      pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
MARK_READ = """mutation($upTo: String) { markNotificationsRead(input: {upTo: $upTo}) {
  viewer { unreadNotificationCount } } }"""


async def inbox(api: Api, who: Member, **args: object) -> dict:
    data = await api.ok(NOTIFICATIONS, args, as_=who)
    return data["viewer"]


async def all_notifications(api: Api, who: Member, page: int = 100, **args: object) -> list[dict]:
    """Every notification, newest first, paging with `after`."""
    items: list[dict] = []
    after = None
    while True:
        found = (await inbox(api, who, first=page, after=after, **args))["notifications"]
        items += found["edges"]
        if not found["pageInfo"]["hasNextPage"]:
            return items
        after = found["pageInfo"]["endCursor"]


def kinds(edges: list[dict]) -> list[tuple[str, str]]:
    """(kind, actor id) of each notification."""
    return [(e["node"]["kind"], e["node"]["actor"]["id"]) for e in edges]
