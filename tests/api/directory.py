"""Walking a whole no-term list (people, organizations) and checking its order."""

from __future__ import annotations

import itertools

from resolvers.ids import parse_global_id
from tests.conftest import Api, Member


def _query(field: str) -> str:
    return f"""query($after: String, $first: Int) {{
      {field}(first: $first, after: $after) {{
        edges {{ cursor node {{ id name }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""


async def everything(api: Api, field: str, as_: Member | None = None) -> list[dict]:
    """Every edge of the list, page after page."""
    edges: list[dict] = []
    after = None
    while True:
        page = (await api.ok(_query(field), {"after": after, "first": 100}, as_=as_))[field]
        edges += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            return edges
        after = page["pageInfo"]["endCursor"]


async def assert_name_then_id_order(
    api: Api, field: str, edges: list[dict], tied_name: str, tied_ids: list[str],
    as_: Member | None = None,
) -> None:  # fmt: skip
    """Each item once, by name (checked on the ASCII names: other tests' names may hold
    characters Python and the store order differently), ties by raw id, and from each
    tied item a page of one, through its cursor, is the next."""
    ids = [e["node"]["id"] for e in edges]
    assert len(ids) == len(set(ids))
    names = [e["node"]["name"].lower() for e in edges if e["node"]["name"].isascii()]
    assert names == sorted(names)
    tied = [e for e in edges if e["node"]["name"] == tied_name]

    def raw(gid: str) -> str:
        return parse_global_id(gid)[1]

    assert [raw(e["node"]["id"]) for e in tied] == sorted(raw(i) for i in tied_ids)
    for before, expected in itertools.pairwise(tied):
        step = await api.ok(_query(field), {"after": before["cursor"], "first": 1}, as_=as_)
        assert [e["node"]["id"] for e in step[field]["edges"]] == [expected["node"]["id"]]
