"""Automatic persisted queries: the protocol itself, and Apollo Client's own
persisted-query link (the npm package) against the real server."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import subprocess
from pathlib import Path

import httpx
import orjson
import websockets

from linkgraph.settings import Settings
from tests.conftest import Api, Clock, serving
from tests.realtime.conftest import ws_url

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


CODEGEN = APQ_CLIENT.parent / "node_modules" / ".bin" / "graphql-codegen"
OPERATIONS = APQ_CLIENT.parent / "trusted" / "operations.graphql"
SCHEMA = Path(__file__).parent.parent.parent / "schema" / "schema.graphql"


def _codegen_manifest(out: Path) -> dict[str, str]:
    """The trusted-documents manifest, written by GraphQL Code Generator's client preset
    from the operations a frontend ships."""
    config = out / "codegen.json"
    config.write_text(json.dumps({
        "schema": str(SCHEMA),
        "documents": str(OPERATIONS),
        "generates": {f"{out}/gql/": {
            "preset": "client",
            "presetConfig": {"persistedDocuments": {"hashAlgorithm": "sha256"}},
        }},
    }))  # fmt: skip
    # Run where its presets are installed: it resolves them from the working directory.
    subprocess.run([str(CODEGEN), "--config", str(config)], cwd=CODEGEN.parent.parent.parent,
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    return json.loads((out / "gql" / "persisted-documents.json").read_text())


async def test_trusted_documents_lock_production_down(
    settings: Settings, api: Api, tmp_path: Path
) -> None:
    manifest = _codegen_manifest(tmp_path)
    (person_id,) = [k for k, v in manifest.items() if "TrustedPerson" in v]
    (subscription_id,) = [k for k, v in manifest.items() if "TrustedNotifications" in v]
    path = tmp_path / "gql" / "persisted-documents.json"
    me = await api.member("Trusted Reader")
    locked = dataclasses.replace(settings, trusted_documents=path)
    with serving(locked, Clock()) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            # By id, as the client preset's clients send it: POST, and GET for CDNs.
            body = {"documentId": person_id, "variables": {"id": me.gid}}
            ran = (await client.post("/graphql", json=body)).json()
            assert ran["data"]["node"]["name"] == "Trusted Reader"
            got = await client.get("/graphql", params={
                "documentId": person_id, "variables": json.dumps({"id": me.gid})},
                headers={"Accept": "application/json"})  # fmt: skip
            assert got.json()["data"]["node"]["id"] == me.gid
            # Apollo's hash of a trusted document is its id too.
            apq = {"persistedQuery": {"version": 1, "sha256Hash": person_id.split(":")[-1]}}
            by_hash = await client.post(
                "/graphql", json={"extensions": apq, "variables": {"id": me.gid}}
            )
            assert by_hash.json()["data"]["node"]["id"] == me.gid
            # Anything else is refused, the same document as text included.
            for refused, code in [
                ({"query": manifest[person_id], "variables": {"id": me.gid}},
                 "TRUSTED_DOCUMENTS_ONLY"),
                ({"query": "{ __typename }"}, "TRUSTED_DOCUMENTS_ONLY"),
                ({"documentId": "sha256:" + "0" * 64}, "PERSISTED_QUERY_NOT_FOUND"),
            ]:  # fmt: skip
                answer = (await client.post("/graphql", json=refused)).json()
                assert "data" not in answer or answer["data"] is None
                assert answer["errors"][0]["extensions"]["code"] == code, answer
        # Subscriptions too run only trusted documents.
        protocol: list = ["graphql-transport-ws"]
        async with websockets.connect(ws_url(url), subprotocols=protocol) as ws:
            init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {me.token}"}}
            await ws.send(json.dumps(init))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
                "query": "subscription { notificationAdded { cursor } }"}}))  # fmt: skip
            refused_message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert refused_message["type"] == "error"
            assert refused_message["payload"][0]["extensions"]["code"] == "TRUSTED_DOCUMENTS_ONLY"
            await ws.send(json.dumps({"id": "2", "type": "subscribe",
                                      "payload": {"documentId": subscription_id}}))  # fmt: skip
            # Accepted: no error for it, and the socket answers a ping after it.
            await ws.send(json.dumps({"type": "ping"}))
            while (message := json.loads(await asyncio.wait_for(ws.recv(), 10)))["type"] != "pong":
                assert message["type"] == "ping", message
