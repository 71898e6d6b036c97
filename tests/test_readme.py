"""Every GraphQL example in the README runs as pasted, in order, against the demo network
`make run` loads, signed in as the demo persona (or as an analyst where the example says
so): no errors, nothing null at the top. Subscriptions must start and stay open."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from graphdb import demo
from linkgraph.auth import new_subject
from linkgraph.settings import Settings
from tests.conftest import Api, demo_serving

README = Path(__file__).resolve().parents[1] / "README.md"
ANALYST = "# as an analyst"


@dataclasses.dataclass
class Example:
    document: str
    variables: dict[str, Any]

    @property
    def kind(self) -> str:
        return re.sub(r"#[^\n]*", "", self.document).split()[0]


def examples(text: str) -> list[Example]:
    """The README's GraphQL blocks in order; a block whose operation declares variables
    takes them from the next JSON block."""
    found = []
    for match in re.finditer(r"```graphql\n(.*?)```", text, flags=re.S):
        document, variables = match.group(1), {}
        if re.search(r"^\s*(query|mutation|subscription)\s+\w+\(\$", document, flags=re.M):
            following = re.search(r"```json\n(.*?)```", text[match.end() :], flags=re.S)
            assert following, f"no variables after {document[:40]!r}"
            variables = json.loads(following.group(1))
        found.append(Example(document, variables))
    return found


def flattened(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every value of a result by its dotted path, lists left out: what a placeholder
    such as `<sendMessage.conversation.id>` names."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flattened(value, f"{prefix}{key}.")
    elif not isinstance(data, list):
        yield prefix[:-1], data


def filled(variables: dict[str, Any], seen: dict[str, Any]) -> dict[str, Any]:
    def fill(value: Any) -> Any:
        placeholder = re.fullmatch(r"<([\w.]+)>", value) if isinstance(value, str) else None
        return seen[placeholder.group(1)] if placeholder else value

    return {key: fill(value) for key, value in variables.items()}


@pytest.fixture(scope="module")
def readme_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_serving(settings, tmp_path_factory.mktemp("readme")) as url:
        yield url


async def _run_finished(client: httpx.AsyncClient, analyst: str) -> None:
    """The analytics run `make run` starts has ended (the examples read its results)."""
    query = "{ analytics { latestRun { state } } }"
    for _ in range(600):
        response = await client.post(
            "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {analyst}"}
        )
        run = response.json()["data"]["analytics"]["latestRun"]
        if run and run["state"] not in ("QUEUED", "RUNNING"):
            assert run["state"] == "SUCCEEDED", run
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the demo's analytics run did not finish in 2 minutes")


async def _subscribes(url: str, token: str, example: Example, variables: dict) -> None:
    transport = WebsocketsTransport(
        url=url.replace("http://", "ws://") + "/graphql",
        init_payload={"Authorization": f"Bearer {token}"},
    )
    async with Client(transport=transport) as session:
        stream = session.subscribe(
            GraphQLRequest(example.document, variable_values=variables or None)
        )
        # an invalid or refused subscription fails at once; a good one waits for events
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(stream), timeout=1.0)
        await stream.aclose()


def test_the_readme_has_an_example_of_every_feature() -> None:
    text = README.read_text()
    found = examples(text)
    fields = " ".join(e.document for e in found)
    for feature in (
        "followPerson",
        "sendInvitation",
        "acceptInvitation",
        "createPost",
        "feed",
        "sendMessage",
        "blockPerson",
        "followOrganization",
        "separation",
        "mutualConnections",
        "secondDegree",
        "followSuggestions",
        "notifications",
        "notificationAdded",
        "startAnalyticsRun",
        "influencers",
    ):
        assert re.search(rf"\b{feature}\b", fields), f"no README example uses {feature}"
    assert {e.kind for e in found} == {"query", "mutation", "subscription"}


async def test_every_readme_example_runs_as_pasted(readme_server: str, api: Api) -> None:
    network = demo.generate()
    persona = next(p["id"] for p in network.people if p["handle"] == network.persona_handle)
    persona_token = api.authenticator.mint(persona)
    analyst_token = api.authenticator.mint(new_subject(), roles=("analyst",))
    seen: dict[str, Any] = {}
    waited = False
    async with httpx.AsyncClient(base_url=readme_server, timeout=60) as client:
        for example in examples(README.read_text()):
            analyst = example.document.lstrip().startswith(ANALYST)
            token = analyst_token if analyst else persona_token
            if analyst and not waited:
                await _run_finished(client, analyst_token)
                waited = True
            variables = filled(example.variables, seen)
            if example.kind == "subscription":
                await _subscribes(readme_server, token, example, variables)
                continue
            response = await client.post(
                "/graphql",
                json={"query": example.document, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
            body = response.json()
            assert "errors" not in body, (example.document, body["errors"])
            assert all(value is not None for value in body["data"].values()), body
            seen.update(flattened(body["data"]))
