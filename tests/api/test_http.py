"""HTTP behaviour of the app: identity, GraphiQL, health, request ids."""

from __future__ import annotations

import time

import jwt
import pytest

from tests.conftest import TEST_SECRET as SECRET
from tests.conftest import Api

VIEWER = {"query": "{ viewer { id } }"}


def token(claims: dict, key: str = SECRET, algorithm: str = "HS256") -> str:
    now = int(time.time())
    return jwt.encode({"sub": "someone", "iat": now, "exp": now + 60} | claims, key, algorithm)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer " + token({"exp": int(time.time()) - 3600}),  # expired
        "Bearer " + token({}, key="another-secret-" + "y" * 64),  # wrong key
        "Bearer " + jwt.encode({"sub": "x", "iat": 1, "exp": 2**31}, None, algorithm="none"),
        "Bearer " + token({}, algorithm="HS512"),  # algorithm not allowed
        "Bearer " + token({"sub": None}),  # no subject
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
    ],
)
async def test_bad_tokens_get_401_with_bearer_challenge(api: Api, header: str) -> None:
    response = await api.client.post("/graphql", json=VIEWER, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_reads_public_data(api: Api) -> None:
    member = await api.member("Public Person")
    data = await api.ok(
        "query($id: ID!) { viewer { id } node(id: $id) { ... on Person { name } } }",
        {"id": member.gid},
    )
    assert data == {"viewer": None, "node": {"name": "Public Person"}}


async def test_graphiql_and_queries_over_get_but_never_mutations(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    got = await api.client.get("/graphql", params={"query": "{ viewer { id } }"})
    assert got.status_code == 200 and got.json() == {
        "data": {"viewer": None},
        "extensions": {"cost": 1, "storeRoundTrips": 0},
    }
    mutation = 'mutation { followPerson(input: {personId: "x"}) { following } }'
    refused = await api.client.get("/graphql", params={"query": mutation})
    # The GraphQL over HTTP spec: 405, and which method would do.
    assert refused.status_code == 405 and refused.headers["allow"] == "POST"
    assert "mutations are not allowed" in refused.text.lower()
    assert refused.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_health_readiness_and_request_ids(api: Api) -> None:
    assert (await api.client.get("/healthz")).json() == {"status": "ok"}
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}
    assert len(ready.headers["x-request-id"]) == 32
    rid = "0123456789abcdef0123456789abcdef"
    echoed = await api.client.get("/healthz", headers={"X-Request-ID": rid})
    assert echoed.headers["x-request-id"] == rid


async def test_client_errors_carry_codes(api: Api) -> None:
    cases = {
        "{ viewer { id ": "GRAPHQL_PARSE_FAILED",
        "{ nosuchfield }": "GRAPHQL_VALIDATION_FAILED",
        "query($n: Int!) { people(first: $n) { totalCount } }": "BAD_USER_INPUT",
    }
    for query, code in cases.items():
        response = await api.client.post(
            "/graphql", json={"query": query, "variables": {"n": "ten"}}
        )
        errors = response.json()["errors"]
        assert errors[0]["extensions"]["code"] == code, (query, errors)


async def test_store_round_trips_do_not_grow_with_page_size(api: Api) -> None:
    from tests.api.network import connect

    hub = await api.member()
    for _ in range(12):
        await connect(api, await api.member(), hub)
    query = """query($id: ID!, $n: Int!) { node(id: $id) { ... on Person {
      connections(first: $n) { totalCount edges { node {
        followerCount followingCount connectionCount isViewer } } } } } }"""
    trips = []
    for n in (2, 12):
        body = await api.gql(query, {"id": hub.gid, "n": n}, as_=hub)
        assert len(body["data"]["node"]["connections"]["edges"]) == n
        trips.append(body["extensions"]["storeRoundTrips"])
    # node lookup, the viewer's blocks, the page, one batched count query for the page
    # and the total
    assert trips[0] == trips[1] <= 5, trips


async def test_a_body_that_is_not_json_is_a_400(api: Api) -> None:
    response = await api.client.post(
        "/graphql",
        content=b'{"query": "{ __typename ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "JSON" in response.text


async def test_a_repeated_document_is_validated_once(api: Api) -> None:
    from schema.extensions import document_once

    query = "query RepeatedForTheCache { people(first: 1) { totalCount } }"

    def entries() -> list:
        return [entry for entry in document_once._VALIDATED.values()
                if entry[0].loc and entry[0].loc.source.body == query]  # fmt: skip

    await api.ok(query)
    await api.ok(query)
    # One parsed document, validated once: the shape-limit rules are part of the key
    # (built per request, they missed every time).
    assert len(entries()) == 1
