"""GraphiQL in a real browser (Debian's Chromium, driven by Playwright): it loads with
no request leaving the machine, opens signed in as the demo persona with an example,
runs it, and runs a subscription that receives a notification."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from playwright.async_api import Browser, Page

from tests.browser.conftest import member, offline
from tests.conftest import Api

FOLLOW = "mutation($id: ID!) { followPerson(input: {personId: $id}) { following } }"
ME = "{ viewer { id name } }"


async def _open(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """GraphiQL opened at `url` with the internet out of reach."""
    page, errors, outside = await offline(browser, url)
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
        fan = await member(client, api, "Browser Fan")
        response = await client.post(
            "/graphql",
            json={"query": FOLLOW, "variables": {"id": persona_id}},
            headers={"Authorization": f"Bearer {fan}"},
        )
        assert "errors" not in response.json(), response.text
    result = await _result(page, "NEW_FOLLOWER")
    assert "Browser Fan" in result
    assert errors == []
