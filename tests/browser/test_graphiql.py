"""GraphiQL in a real browser (Debian's Chromium, driven by Playwright): it loads with
no request leaving the machine, opens signed in as the demo persona with an example,
runs it, and runs a subscription that receives a notification."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, Request, async_playwright

from graphdb.localstore import LocalStore
from linkgraph.auth import new_subject
from linkgraph.settings import Settings
from tests.conftest import Api, Clock, serving

FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
ME = "{ viewer { id name } }"


@pytest.fixture(scope="module")
def demo_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A service with the demo network in a store of its own, as `make run` starts it."""
    data_dir = tmp_path_factory.mktemp("demo")
    demo = dataclasses.replace(settings, data_dir=data_dir, demo_data=True)
    try:
        with serving(demo, Clock()) as url:
            yield url
    finally:
        LocalStore(data_dir).stop()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: `make test` installs it (Debian chromium)"
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        await launched.close()


async def _open(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """GraphiQL opened at `url`, with every request off this machine refused (as
    offline) and recorded, and the page's console errors collected."""
    page = await browser.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    async def only_local(route, request: Request) -> None:
        if request.url.startswith(url):
            await route.continue_()
        else:
            outside.append(request.url)
            await route.abort()

    await page.route("**/*", only_local)
    await page.goto(url + "/graphql")
    await page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=30_000)
    return page, errors, outside


async def _headers_tab(page: Page) -> str:
    """The text of the Headers tab (the tool pane's other editor is Variables)."""
    texts = await page.evaluate(
        "[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')]"
        ".map((e) => e.CodeMirror.getValue())"
    )
    return next((t for t in texts if "Authorization" in t), "")


async def _run(page: Page) -> None:
    await page.click(".graphiql-execute-button")


async def _result(page: Page, contains: str) -> str:
    locator = page.locator(".result-window")
    for _ in range(300):
        text = await locator.inner_text()
        if contains in text:
            return text
        await asyncio.sleep(0.05)
    raise AssertionError(f"the result never showed {contains!r}: {await locator.inner_text()}")


async def _persona(url: str, headers_text: str) -> str:
    """The global id of the person the Headers tab signs in."""
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post(
            "/graphql", json={"query": ME}, headers=json.loads(headers_text)
        )
    return response.json()["data"]["viewer"]["id"]


async def test_graphiql_works_offline_and_opens_signed_in(
    demo_server: str, browser: Browser, tmp_path: Path
) -> None:
    page, errors, outside = await _open(browser, demo_server)
    editor = await page.evaluate(
        "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()"
    )
    assert "query Me" in editor
    headers_text = await _headers_tab(page)
    assert '"Authorization": "Bearer ' in headers_text
    await _run(page)
    result = await _result(page, '"secondDegree"')
    assert '"errors"' not in result and '"name"' in result
    await page.screenshot(path=str(tmp_path / "graphiql.png"))
    assert outside == [], f"GraphiQL asked the internet for {outside}"
    assert errors == []


async def test_graphiql_runs_a_subscription(demo_server: str, browser: Browser, api: Api) -> None:
    page, errors, _ = await _open(browser, demo_server)
    headers_text = await _headers_tab(page)
    persona_id = await _persona(demo_server, headers_text)
    await page.evaluate(
        "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue("
        "'subscription Live { notificationAdded { cursor node { kind actor { name } } } }')"
    )
    await asyncio.sleep(0.5)  # GraphiQL reads the operation's name from the editor
    await _run(page)
    await asyncio.sleep(1.0)  # the socket opens and the subscription starts
    async with httpx.AsyncClient(base_url=demo_server) as client:
        fan = await _member(client, api)
        response = await client.post(
            "/graphql",
            json={"query": FOLLOW, "variables": {"id": persona_id}},
            headers={"Authorization": f"Bearer {fan}"},
        )
        assert "errors" not in response.json(), response.text
    result = await _result(page, "NEW_FOLLOWER")
    assert "Browser Fan" in result
    assert errors == []


async def _member(client: httpx.AsyncClient, api: Api) -> str:
    """A new person on the demo server; their token."""
    subject = new_subject()
    token = api.token_for(subject)
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($input: CreateProfileInput!) { createProfile(input: $input) "
            "{ person { id } } }",
            "variables": {"input": {"handle": f"fan-{subject[:8]}", "name": "Browser Fan"}},
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert "errors" not in response.json(), response.text
    return token
