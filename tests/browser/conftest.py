"""What the browser tests share: a service with the demo network as `make run` starts
it, Debian's Chromium driven by Playwright, and pages with the internet out of reach."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, Request, async_playwright

from linkgraph.auth import new_subject
from linkgraph.settings import Settings
from tests.conftest import Api, demo_serving

# Screenshots from the run land here (CI keeps them as artifacts).
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts"


@pytest.fixture(scope="session")
def demo_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A service with the demo network in a store of its own, as `make run` starts it."""
    with demo_serving(settings, tmp_path_factory.mktemp("demo")) as url:
        yield url


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: `make test` installs it (Debian chromium)"
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        await launched.close()


async def offline(
    browser: Browser, url: str, viewport: dict[str, int] | None = None
) -> tuple[Page, list[str], list[str]]:
    """A new page on which every request off `url` is refused (as offline) and recorded,
    and the page's console errors are collected."""
    page = await browser.new_page(viewport=viewport or {"width": 1280, "height": 800})
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
    return page, errors, outside


async def member(client: httpx.AsyncClient, api: Api, name: str) -> str:
    """A new person on the demo server; their token."""
    subject = new_subject()
    token = api.token_for(subject)
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($input: CreateProfileInput!) { createProfile(input: $input) "
            "{ person { id } } }",
            "variables": {"input": {"handle": f"fan-{subject[:8]}", "name": name}},
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert "errors" not in response.json(), response.text
    return token
