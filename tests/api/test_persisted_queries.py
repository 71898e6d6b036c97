"""Automatic persisted queries: the protocol itself, and Apollo Client's own
persisted-query link (the npm package) against the real server."""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
from pathlib import Path

import orjson

from linkgraph.settings import Settings
from tests.conftest import Api, Clock, serving

QUERY = "query Person($id: ID!) { node(id: $id) { ... on Person { id name } } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()
APQ_CLIENT = Path(__file__).parent.parent / "http_audit" / "apq.mjs"


def _extensions(digest: str = DIGEST, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


async def test_a_hash_is_learnt_once_and_then_enough(api: Api) -> None:
    me = await api.member("Persisted Person")
    variables = {"id": me.gid}
    unknown_digest = hashlib.sha256(b"{ __typename } # never sent").hexdigest()
    missing = await api.client.post(
        "/graphql", json={"variables": variables, "extensions": _extensions(unknown_digest)}
    )
    assert missing.status_code == 200
    (error,) = missing.json()["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    learnt = await api.client.post(
        "/graphql", json={"query": QUERY, "variables": variables, "extensions": _extensions()}
    )
    assert learnt.json()["data"]["node"]["name"] == "Persisted Person"
    # Now the hash alone, over GET, as a CDN would cache it.
    by_hash = await api.client.get(
        "/graphql",
        params={
            "variables": json.dumps(variables),
            "extensions": orjson.dumps(_extensions()).decode(),
        },
    )
    assert by_hash.status_code == 200, by_hash.text
    assert by_hash.json()["data"]["node"]["id"] == me.gid


async def test_a_hash_must_be_the_documents(api: Api) -> None:
    wrong = hashlib.sha256(b"something else").hexdigest()
    response = await api.client.post(
        "/graphql", json={"query": "{ __typename }", "extensions": _extensions(wrong)}
    )
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["reason"] == "PERSISTED_QUERY_HASH_MISMATCH"
    # And the mismatched document was not remembered under that hash.
    again = await api.client.post("/graphql", json={"extensions": _extensions(wrong)})
    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    for bad in (_extensions("NOT-HEX"), _extensions(version=2), {"persistedQuery": "x"}):
        response = await api.client.post("/graphql", json={"extensions": bad})
        assert response.json()["errors"][0]["extensions"]["code"] in (
            "BAD_REQUEST", "PERSISTED_QUERY_NOT_SUPPORTED"
        ), bad  # fmt: skip


async def test_the_graphql_media_type_gets_a_400(api: Api) -> None:
    response = await api.client.post(
        "/graphql",
        json={"extensions": _extensions(hashlib.sha256(b"unknown").hexdigest())},
        headers={"Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_apollo_clients_persisted_query_link(settings: Settings, api: Api) -> None:
    me = await api.member("Apollo Reader")
    with serving(settings, Clock()) as url:
        process = await asyncio.create_subprocess_exec(
            "node", str(APQ_CLIENT), url + "/graphql", me.token, me.gid,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    runs = json.loads(out)
    for run in ("first", "second"):
        assert runs[run]["data"]["node"] == {"__typename": "Person", "id": me.gid,
                                             "name": "Apollo Reader"}  # fmt: skip
    # First: the hash, then (not found) the document. Second: the hash is enough.
    assert runs["first"]["sent"] == {"hashOnly": 1, "withQuery": 1}
    assert runs["second"]["sent"] == {"hashOnly": 1, "withQuery": 0}
