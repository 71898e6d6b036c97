"""The GraphQL over HTTP specification: its own server audit, and what it leaves to us.

The audit is the npm `graphql-http` package's `serverAudits`, run by node against the
app behind a real server; every audit must pass, warnings included.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from linkgraph.settings import Settings
from tests.conftest import serving

AUDIT = Path(__file__).parent.parent / "http_audit" / "audit.mjs"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(scope="module")
def url(settings: Settings) -> Iterator[str]:
    with serving(settings) as base:
        yield base + "/graphql"


def test_the_specification_audit_passes_without_warnings(url: str) -> None:
    run = subprocess.run(
        ["node", str(AUDIT), url], capture_output=True, text=True, timeout=120, check=True
    )
    results = json.loads(run.stdout)
    assert len(results) > 50  # the audit ran, every one of them
    failing = [f"{r['status']} {r['id']} {r['name']}: {r['reason']}" for r in results
               if r["status"] != "ok"]  # fmt: skip
    assert failing == []


def post(url: str, body: bytes, accept: str | None = None, **headers: str) -> httpx.Response:
    headers = {"content-type": "application/json", **headers}
    if accept is not None:
        headers["accept"] = accept
    return httpx.post(url, content=body, headers=headers)


@pytest.mark.parametrize("body", [b'"x"', b"null", b"123", b"true", b"[1]", b"{nope", b""])
@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
def test_every_request_refusal_is_a_coded_graphql_error(url: str, body: bytes, accept) -> None:
    response = post(url, body, accept)
    assert response.status_code == 400
    assert response.headers["content-type"] == (accept or "application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    assert "data" not in response.json()


def test_other_refusals_say_what_and_how(url: str) -> None:
    wrong_type = post(url, b"query=x", None, **{"content-type": "text/plain"})
    assert wrong_type.status_code == 400
    assert wrong_type.json()["errors"][0]["extensions"]["reason"] == "UNSUPPORTED_CONTENT_TYPE"
    follow = 'mutation { followPerson(input: {personId: "x"}) { following } }'
    mutation = httpx.get(url, params={"query": follow})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    assert mutation.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    two = json.dumps({"query": "query A { viewer { id } } query B { viewer { id } }"}).encode()
    unnamed = post(url, two)
    assert unnamed.json()["errors"][0]["extensions"]["reason"] == "OPERATION_NAME_REQUIRED"
    unknown = json.dumps({"query": "query A { viewer { id } }", "operationName": "C"}).encode()
    assert post(url, unknown).json()["errors"][0]["extensions"]["reason"] == "UNKNOWN_OPERATION"
    nothing = post(url, b"{}", "text/plain")
    assert nothing.status_code == 406
    assert nothing.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


def test_status_codes_follow_the_media_type(url: str) -> None:
    invalid = json.dumps({"query": "{ nosuchfield }"}).encode()
    legacy = post(url, invalid, "application/json")
    assert legacy.status_code == 200 and legacy.json()["data"] is None
    modern = post(url, invalid, f"{GRAPHQL_RESPONSE}, application/json;q=0.9")
    assert modern.status_code == 400 and "data" not in modern.json()
    assert modern.headers["content-type"] == GRAPHQL_RESPONSE
    ran = post(url, json.dumps({"query": "{ viewer { id } }"}).encode(), GRAPHQL_RESPONSE)
    assert ran.status_code == 200 and ran.json()["data"] == {"viewer": None}
    assert post(url, b"{}", "*/*").headers["content-type"] == "application/json"
