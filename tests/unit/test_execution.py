"""The executor's short path for plain leaves answers exactly what graphql-core does,
errors included, and leaves everything else to graphql-core."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry
from strawberry import relay

from schema import execution
from schema.execution import ExecutionContext


@strawberry.enum
class Tie(enum.Enum):
    CONNECTED = "connected"
    FOLLOWING = "following"


@strawberry.type
class Member(relay.Node):
    id: relay.NodeID[str]
    name: str
    headline: str | None
    tie: Tie
    since: datetime
    score: int | None

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@strawberry.type
class Renamed(relay.Node):
    code: relay.NodeID[str]

    @classmethod
    def resolve_id(cls, root: Any, *, info: Any) -> str:  # a type of its own way
        return "custom-" + root.code


def _members() -> list[Member]:
    when = datetime(2026, 12, 1, tzinfo=UTC)
    return [
        Member(id=f"m{i}", name=f"Member {i}", headline=None if i % 2 else "hi", tie=Tie.CONNECTED,
               since=when, score=i)
        for i in range(5)
    ]  # fmt: skip


@strawberry.type
class Edge:
    cursor: str
    node: Member


@strawberry.type
class Page:
    edges: list[Edge]
    maybe: Member | None
    others: list[Member | None]

    @strawberry.field
    def total(self) -> int:
        return len(self.edges)


def _page(members: list[Any]) -> Page:
    edges = [Edge(cursor=f"c{i}", node=m) for i, m in enumerate(members)]
    return Page(edges=edges, maybe=None, others=[members[0], None])


@strawberry.type
class Query:
    @strawberry.field
    def members(self) -> list[Member]:
        return _members()

    @strawberry.field
    def page(self) -> Page:
        return _page(_members())

    @strawberry.field
    def broken_page(self) -> Page | None:
        members = _members()
        members[3].name = None  # type: ignore[assignment]
        return _page(members)

    @strawberry.field
    def wrong_page(self) -> Page | None:
        # an edge whose node is not a Member at all
        return _page([*_members()[:2], Renamed(code="x")])

    @strawberry.field
    def broken(self) -> list[Member]:
        # a null where the schema promises a name, and a score that is not an Int
        bad = _members()
        bad[1].name = None  # type: ignore[assignment]
        bad[2].score = "many"  # type: ignore[assignment]
        return bad

    @strawberry.field
    def renamed(self) -> list[Renamed]:
        return [Renamed(code="a"), Renamed(code="b")]


DOCUMENTS = [
    "{ members { id name headline tie since score } }",
    "{ members { __typename id name } }",
    "{ members { name shout } }",  # mixed: a resolver beside plain leaves
    "{ members { n: name n2: name } }",
    "{ members { ...F } } fragment F on Member { id headline @include(if: false) tie }",
    "{ broken { id name } }",  # null for a non-null field: the error, the item nulled
    "{ broken { score } }",  # a value that does not coerce
    "{ renamed { id } }",
    "{ page { edges { cursor node { id name headline } } } }",
    "{ page { total edges { node { __typename name tie since } } maybe { name } } }",
    "{ page { others { name } edges { ... on Edge { node { ...F } } } } } "
    "fragment F on Member { id score }",
    "{ page { edges { node { name shout } } } }",  # a resolver inside: the full way
    "{ brokenPage { edges { node { name } } } }",  # a null deep inside, nulled upwards
    "{ wrongPage { edges { node { name } } } }",  # not the type the schema says
]


@pytest.mark.parametrize("document", DOCUMENTS)
async def test_the_short_path_answers_as_graphql_core_does(document: str) -> None:
    plain = strawberry.Schema(Query)
    fast = strawberry.Schema(Query, execution_context_class=ExecutionContext)
    expected, got = await plain.execute(document), await fast.execute(document)
    assert got.data == expected.data
    assert [e.formatted for e in got.errors or []] == [e.formatted for e in expected.errors or []]


async def test_the_errors_are_the_full_paths_own() -> None:
    fast = strawberry.Schema(Query, execution_context_class=ExecutionContext)
    result = await fast.execute("{ broken { name } }")
    assert result.data is None  # the list is non-null all the way up
    assert [e.path for e in result.errors or []] == [["broken", 1, "name"]]


def test_plain_leaves_are_read_and_the_rest_is_not() -> None:
    fields = strawberry.Schema(Query)._schema.type_map["Member"].fields  # type: ignore[union-attr]
    assert all(execution.reader(fields[n]) for n in ("id", "name", "headline", "tie", "since"))
    assert execution.reader(fields["shout"]) is None  # a resolver of its own


async def test_a_type_with_its_own_resolve_id_keeps_it() -> None:
    fast = strawberry.Schema(Query, execution_context_class=ExecutionContext)
    result = await fast.execute("{ renamed { id } }")
    assert result.data == {
        "renamed": [{"id": str(relay.GlobalID("Renamed", f"custom-{c}"))} for c in "ab"]
    }


class Counting(ExecutionContext):
    """The executor, counting the fields that went graphql-core's whole way."""

    full_way: list[str] = []

    def execute_field(self, parent_type: Any, source: Any, details: Any, *args: Any) -> Any:
        read = self._field_reader(parent_type, details)
        if read is None or read(source, parent_type) is execution._SLOW:
            Counting.full_way.append(details[0].node.name.value)
        return super().execute_field(parent_type, source, details, *args)


async def test_a_page_of_plain_objects_is_built_without_the_field_machinery() -> None:
    Counting.full_way = []
    schema = strawberry.Schema(Query, execution_context_class=Counting)
    result = await schema.execute("{ page { total edges { cursor node { id name } } } }")
    assert not result.errors and len(result.data["page"]["edges"]) == 5  # type: ignore[index]
    # the root field and the resolver; the edges and their nodes are read directly
    assert sorted(Counting.full_way) == ["page", "total"]
