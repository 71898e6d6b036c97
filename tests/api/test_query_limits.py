"""Limits on what an operation may ask, enforced before it touches the store."""

from __future__ import annotations

import pytest
from graphql import parse

from schema.extensions.query_cost import estimate
from schema.root import schema
from tests.conftest import Api


def cost(query: str, variables: dict | None = None) -> int:
    return estimate(parse(query), None, variables or {}, schema._schema)


def test_cost_multiplies_page_sizes_through_nesting() -> None:
    assert cost("{ viewer { name } }") == 1
    # connections (1) + 100 edges + 100 nodes
    assert cost("{ viewer { connections(first: 100) { edges { node { name } } } } }") == 202
    # default page of 20, and the variable's value when given
    assert cost("{ people { edges { node { name } } } }") == 41
    paged = "query($n: Int) { people(first: $n) { edges { node { name } } } }"
    assert cost(paged, {"n": 5}) == 11
    # second degree weighs 50 per person it is asked for
    nested = """{ viewer { connections(first: 10) { edges { node {
      secondDegree(first: 10) { edges { node { name } mutualConnections { name } } } } } } } }"""
    # viewer, connections, 10 edges and nodes, 10 second degrees (x50), their 100 edges
    # and nodes, and 100 samples of mutual connections (x5)
    assert cost(nested) == 1 + 1 + 10 + 10 + 10 * 50 + 100 + 100 + 100 * 5
    fragment = """{ viewer { ...F } } fragment F on Person { followers(first: 3) { edges {
      node { name } } } }"""
    assert cost(fragment) == 1 + 1 + 3 + 3
    assert cost('{ nodes(ids: ["a", "b"]) { id } }') == 1 + 0  # scalars ride along
    assert cost('{ nodes(ids: ["a", "b"]) { ... on Person { followers { totalCount } } } }') == (
        1 + 2
    )


async def test_an_operation_over_budget_is_refused_before_the_store(api: Api) -> None:
    me = await api.member()
    query = """{ people(first: 100) { edges { node {
      secondDegree(first: 100) { edges { node { name } } } } } } }"""
    body = await api.gql(query, as_=me)
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] == cost(query) > error["extensions"]["maximum"]
    assert body["extensions"]["storeRoundTrips"] == 0
    ok = await api.gql("{ viewer { name } }", as_=me)
    assert ok["extensions"] == {"cost": 1, "storeRoundTrips": 1}


@pytest.mark.parametrize(
    ("query", "says"),
    [
        (
            "{ viewer { " + "following { edges { node { " * 6 + "name" + " } } }" * 6 + " } }",
            "depth",
        ),
        ("{ " + " ".join(f"a{i}: viewer {{ name }}" for i in range(31)) + " }", "aliases"),
        ("{ viewer { " + "name " * 5_000 + "} }", "tokens"),
        ("{ viewer { " + "name " * 51 + "} }", "times in one selection set"),
    ],
    ids=["depth", "aliases", "tokens", "repeats"],
)
async def test_shape_limits_have_the_same_code(api: Api, query: str, says: str) -> None:
    body = await api.gql(query)
    assert body["data"] is None
    (error,) = body["errors"][:1]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", body["errors"]
    assert says in error["message"]


async def test_a_connection_written_inside_fragments_is_costed_as_written_plainly(
    api: Api,
) -> None:
    me = await api.member()
    level = "followers { ... on FollowConnection { edges { node { name %s } } } }"
    query = "{ people(first: 100) { edges { node { %s } } } }" % (level % (level % (level % "")))
    body = await api.gql(query, as_=me)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > 1_000_000
    assert body["extensions"]["storeRoundTrips"] == 0


async def test_a_fragment_bomb_runs_as_graphql_executes_it(api: Api) -> None:
    """Twenty fragments each spreading the one before twice: GraphQL runs each spread
    once per level, so the checks measure it once (in linear work) and it costs what
    it does: one page of followers."""
    fragments = ["fragment F0 on Person { name followers { edges { node { name } } } }"]
    fragments += [f"fragment F{i} on Person {{ ...F{i - 1} ...F{i - 1} }}" for i in
                  range(1, 21)]  # fmt: skip
    me = await api.member()
    body = await api.gql("{ viewer { ...F20 } }\n" + "\n".join(fragments), as_=me)
    assert "errors" not in body, body
    assert body["extensions"]["cost"] == 1 + 1 + 20 + 20
    assert body["extensions"]["storeRoundTrips"] <= 3  # the viewer, the page, its hidden people
