"""Property-based fuzzing of the API (hypothesis-graphql) against the app on the store.

Valid and invalid operations, generated from the schema itself, as a signed-in person
and anonymously: no internal error ever, every error coded, and an operation refused
as a whole leaves the store exactly as it was.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from graphdb.graph import Graph
from linkgraph.settings import Settings
from schema.root import schema
from tests.conftest import Api, Clock, Member, running

pytestmark = pytest.mark.slow

SDL = schema.as_str()
SCALARS = {"DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat()))}
CLIENT_CODES = {
    "BAD_REQUEST",
    "BAD_USER_INPUT",
    "CONFLICT",
    "FORBIDDEN",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "LIMIT_REACHED",
    "NOT_FOUND",
    "QUERY_TOO_COMPLEX",
    "UNAUTHENTICATED",
}
# Everything a mutation could change, summed up: counts, and when profiles last changed.
DIGEST = """
CALL () { MATCH (p:Person) RETURN count(p) AS people, sum(p.updatedAt) AS edited }
CALL () { MATCH (:Person)-[c:CONNECTED_TO]->(:Person) RETURN count(c) AS connections }
CALL () { MATCH (:Person)-[f:FOLLOWS]->() RETURN count(f) AS follows }
CALL () {
  MATCH (i:Invitation)
  RETURN count(i) AS invitations, sum(CASE i.state WHEN 'PENDING' THEN 1 ELSE 0 END) AS pending
}
CALL () { MATCH (:Person)-[b:BLOCKS]->(:Person) RETURN count(b) AS blocks }
CALL () { MATCH (p:Post) RETURN count(p) AS posts }
CALL () { MATCH (m:Message) RETURN count(m) AS messages }
CALL () { MATCH (:Person)-[r:MEMBER_OF]->() RETURN sum(r.unread) AS unread }
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
CALL () { MATCH (:Person)-[a:AFFILIATED_WITH]->() RETURN count(a) AS affiliations }
RETURN people, edited, connections, follows, invitations, pending, blocks, posts, messages,
       unread, organizations, affiliations
"""
FUZZ = settings(
    max_examples=int(os.environ.get("LINKGRAPH_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI explores the same cases every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
async def fuzz_api(settings: Settings, graph: Graph) -> AsyncIterator[tuple[Api, Member, Graph]]:
    unlimited = dataclasses.replace(settings, rate_limit_cost=0, anonymous_rate_limit_cost=0)
    async for api in running(unlimited, Clock()):
        member = await api.member()
        other = await api.member()
        # Something for mutations to act on: a follow and a pending invitation.
        await api.ok(
            "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }",
            {"id": other.gid},
            as_=member,
        )
        yield api, member, graph


async def digest(graph: Graph) -> dict:
    (row,) = await graph.rows(DIGEST)  # type: ignore[arg-type]
    return row


async def check(api: Api, graph: Graph, document: str, member: Member | None) -> None:
    before = await digest(graph)
    response = await api.post(document, token=member.token if member else None)
    assert response.status_code in (200, 400), response.text
    body = response.json()
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in CLIENT_CODES, (document, error)
        assert "Cypher" not in error["message"] and "Traceback" not in error["message"]
    data = body.get("data")
    refused = errors and (data is None or all(v is None for v in data.values()))
    event("refused" if refused else "answered")
    for code in sorted({(e.get("extensions") or {}).get("code") for e in errors}):
        event(f"code {code}")
    if refused:
        assert await digest(graph) == before, document


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
@FUZZ
@given(document=queries(SDL, custom_scalars=SCALARS))
async def test_queries(fuzz_api, signed_in: bool, document: str) -> None:
    api, member, graph = fuzz_api
    await check(api, graph, document, member if signed_in else None)


@FUZZ
@given(document=mutations(SDL, custom_scalars=SCALARS))
async def test_mutations_as_a_member(fuzz_api, document: str) -> None:
    api, member, graph = fuzz_api
    await check(api, graph, document, member)


@FUZZ
@given(
    document=st.one_of(
        queries(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
        mutations(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
    )
)
async def test_invalid_operations_are_refused_and_change_nothing(fuzz_api, document: str) -> None:
    api, member, graph = fuzz_api
    before = await digest(graph)
    response = await api.post(document, token=member.token)
    assert response.status_code in (200, 400), response.text
    errors = response.json().get("errors") or []
    assert errors, document
    assert {e["extensions"]["code"] for e in errors} <= CLIENT_CODES
    assert await digest(graph) == before, document
