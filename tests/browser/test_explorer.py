"""The network explorer in a real browser (Debian's Chromium, driven by Playwright), with
the internet out of reach: the graph holds what the API returns, a click on a node shows
that person's card, an invitation sent from the card reaches the API, and a search draws
the shortest path from the viewer."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import httpx
from playwright.async_api import Browser, Page

from tests.browser.conftest import ARTIFACTS, member, offline
from tests.conftest import Api

CAPS = {"first": 20, "second": 10}  # the mutual connections the page asks of each kind
TRUTH = """query($first: Int!) { viewer {
  id name
  connections(first: $first) { edges { node { id
    mutualConnections(first: 50) { totalCount edges { node { id } } } } } }
  secondDegree(first: 20) { edges { node { id name
    mutualConnections(first: 50) { totalCount edges { node { id } } } } } }
  following(first: 30) { edges { node { id relationship { connected } } } }
  followers(first: 30) { edges { node { id relationship { connected } } } }
} }"""
SENT = """{ viewer { sentInvitations(state: PENDING, first: 100) {
  edges { node { note recipient { id } } } } } }"""
PATH = "query($to: ID!) { separation(to: $to) { degree path { id } } }"
FAR = """{ people(first: 100) { edges { node { id name relationship { degree } } } } }"""


async def _signed_in(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """The explorer, signed in as the demo persona it offers, its graph drawn."""
    page, errors, outside = await offline(browser, url, {"width": 1400, "height": 860})
    await page.goto(url + "/explore")
    await page.click("#persona-sign-in")
    await page.wait_for_selector("body[data-state=ready]", timeout=30_000)
    return page, errors, outside


async def _token(page: Page) -> str:
    return await page.evaluate("explorer.state.token")


async def _gql(url: str, token: str, query: str, variables: dict | None = None) -> Any:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
        )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def _drawn(page: Page) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """The graph as drawn: node id -> kind, and (kind, source, target) per edge."""
    nodes = await page.evaluate(
        "Object.fromEntries(explorer.cy.nodes().map((n) => [n.id(), n.data('kind')]))"
    )
    edges = await page.evaluate(
        "explorer.cy.edges().map((e) => [e.data('kind'), e.source().id(), e.target().id()])"
    )
    return nodes, {tuple(e) for e in edges}


async def _click_node(page: Page, node_id: str) -> None:
    """A real mouse click where the node is drawn on the canvas."""
    x, y = await page.evaluate(
        """(id) => { const n = explorer.cy.getElementById(id); const p = n.renderedPosition();
        const box = explorer.cy.container().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }""",
        node_id,
    )
    await page.mouse.click(x, y)


async def test_the_graph_holds_what_the_api_returns(demo_server: str, browser: Browser) -> None:
    page, errors, outside = await _signed_in(browser, demo_server)
    truth = (await _gql(demo_server, await _token(page), TRUTH, {"first": 50}))["viewer"]
    me = truth["id"]
    connections = {e["node"]["id"]: e["node"] for e in truth["connections"]["edges"]}
    second = {e["node"]["id"]: e["node"] for e in truth["secondDegree"]["edges"]}
    # follows apart from connections, as (source, target)
    one_way = {
        (me, e["node"]["id"])
        for e in truth["following"]["edges"]
        if not e["node"]["relationship"]["connected"]
    } | {
        (e["node"]["id"], me)
        for e in truth["followers"]["edges"]
        if not e["node"]["relationship"]["connected"]
    }
    nodes, edges = await _drawn(page)

    want = {me: "me"} | {c: "first" for c in connections}
    want |= {s: "second" for s in second if s not in want}
    want |= {p: "follow" for pair in one_way for p in pair if p not in want}
    assert nodes == want
    assert connections and second and one_way, "the demo persona's network has every kind"

    drawn = {frozenset((s, t)) for kind, s, t in edges if kind == "connected"}
    assert {frozenset((me, c)) for c in connections} <= drawn
    for kind, people in (("first", connections), ("second", second)):
        for person_id, person in people.items():
            mutual = {e["node"]["id"] for e in person["mutualConnections"]["edges"]}
            assert len(mutual) == person["mutualConnections"]["totalCount"]  # all of them
            # whom they are drawn connected to among my connections (the others' edges
            # are checked from the other side)
            shown = {o for pair in drawn if person_id in pair for o in pair} & connections.keys()
            shown.discard(person_id)
            assert shown <= mutual, person_id  # nobody drawn connected who is not
            if kind == "second":
                assert len(shown) == min(CAPS[kind], len(mutual)), person_id
            elif len(mutual) <= CAPS[kind]:
                assert shown == mutual, person_id
    assert {(s, t) for kind, s, t in edges if kind == "follows"} == one_way
    # the follow edges are drawn apart from the connections: dashed, with an arrow
    style = await page.evaluate(
        "(() => { const e = explorer.cy.edges('.follows')[0];"
        " return [e.style('line-style'), e.style('target-arrow-shape')]; })()"
    )
    assert style == ["dashed", "triangle"]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "explore.png"))
    assert outside == [], f"the explorer asked the internet for {outside}"
    assert errors == []


async def test_a_click_shows_the_card_and_an_invitation_from_it_reaches_the_api(
    demo_server: str, browser: Browser
) -> None:
    page, errors, _ = await _signed_in(browser, demo_server)
    token = await _token(page)
    viewer = await page.evaluate("explorer.state.viewer")
    target = next(
        e["node"] for e in viewer["secondDegree"]["edges"] if e["primaryAction"] == "CONNECT"
    )
    await _click_node(page, target["id"])
    await page.wait_for_selector("#card h2")
    assert await page.inner_text("#card h2") == target["name"]
    assert await page.inner_text("#card .badge.degree") == "2nd"
    assert "mutual connection" in await page.inner_text("#card .mutuals")

    note = "We both know the demo network: let us connect."
    await page.click("#card [data-action=Connect]")
    await page.fill("#invite-note", note)
    await page.click("#card [data-action='Send invitation']")
    await page.wait_for_selector("#card [data-action=Withdraw]")
    assert "Invitation sent." in await page.inner_text("#toast")

    sent = (await _gql(demo_server, token, SENT))["viewer"]["sentInvitations"]["edges"]
    assert {"note": note, "recipient": {"id": target["id"]}} in [e["node"] for e in sent]
    # a person with an invitation pending is no longer suggested
    assert target["id"] not in (await _drawn(page))[0]
    assert errors == []


async def test_follow_from_the_card_draws_a_one_way_edge(
    demo_server: str, browser: Browser, api: Api
) -> None:
    async with httpx.AsyncClient(base_url=demo_server) as client:
        await member(client, api, "Quiet Stranger")
    page, errors, _ = await _signed_in(browser, demo_server)
    await page.fill("#search", "Quiet Stranger")
    await page.click("#results li[data-id]")
    await page.wait_for_selector("#card [data-action=Follow]")
    assert "No path" in await page.inner_text("#path")
    await page.click("#card [data-action=Follow]")
    await page.wait_for_selector("#card [data-action=Unfollow]")
    stranger = await page.evaluate("explorer.state.selected")
    nodes, edges = await _drawn(page)
    me = await page.evaluate("explorer.state.viewer.id")
    assert nodes[stranger] == "follow"
    assert ("follows", me, stranger) in edges
    assert not any(kind == "connected" and stranger in (s, t) for kind, s, t in edges)
    assert errors == []


async def test_search_draws_the_shortest_path(demo_server: str, browser: Browser) -> None:
    page, errors, _ = await _signed_in(browser, demo_server)
    token = await _token(page)
    drawn, _ = await _drawn(page)
    people = (await _gql(demo_server, token, FAR))["people"]["edges"]
    far = next(
        e["node"]
        for e in people
        if e["node"]["relationship"]["degree"] in ("SECOND", "THIRD")
        and e["node"]["id"] not in drawn
    )
    await page.fill("#search", far["name"])
    await page.click(f"#results li[data-id='{far['id']}']")
    await page.wait_for_selector("#path strong")
    await page.wait_for_selector("#card h2")
    truth = (await _gql(demo_server, token, PATH, {"to": far["id"]}))["separation"]
    path = [p["id"] for p in truth["path"]]

    highlighted = await page.evaluate("explorer.cy.nodes('.path').map((n) => n.id())")
    assert set(highlighted) == set(path)
    pairs = await page.evaluate(
        "explorer.cy.edges('.path').map((e) => [e.source().id(), e.target().id()])"
    )
    assert {frozenset(p) for p in pairs} == {frozenset(p) for p in itertools.pairwise(path)}
    assert f"{truth['degree']} connections away" in await page.inner_text("#path")
    assert await page.inner_text("#card h2") == far["name"]
    await asyncio.sleep(0.2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "explore-path.png"))
    assert errors == []


async def test_a_bad_token_is_refused_with_its_reason(demo_server: str, browser: Browser) -> None:
    page, _, _ = await offline(browser, demo_server)
    await page.goto(demo_server + "/explore")
    await page.fill("#token", "not-a-token")
    await page.click("#signin-form button[type=submit]")
    await page.wait_for_selector("#signin-error:not([hidden])")
    assert "UNAUTHENTICATED" in await page.inner_text("#signin-error")
    assert await page.get_attribute("body", "data-state") == "signed-out"


async def test_someone_who_blocked_the_viewer_is_nowhere_on_the_page(
    demo_server: str, browser: Browser, api: Api
) -> None:
    page, errors, _ = await _signed_in(browser, demo_server)
    me = await page.evaluate("explorer.state.viewer.id")
    async with httpx.AsyncClient(base_url=demo_server) as client:
        token = await member(client, api, "Private Blocker")
        await page.fill("#search", "Private Blocker")
        await page.wait_for_selector("#results li[data-id]")  # found, before the block
        response = await client.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!) { blockPerson(input: {personId: $id}) { blocked } }",
                "variables": {"id": me},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.json()["data"]["blockPerson"]["blocked"] is True
    await page.fill("#search", "Private Blocke")
    await page.wait_for_selector("#results li.empty")
    assert await page.inner_text("#results") == "Nobody found."
    assert errors == []


async def test_a_new_follower_arrives_live_and_is_drawn_one_way(
    demo_server: str, browser: Browser, api: Api
) -> None:
    page, errors, outside = await _signed_in(browser, demo_server)
    await page.wait_for_function("explorer.isLive()", timeout=10_000)
    me = await page.evaluate("explorer.state.viewer.id")
    async with httpx.AsyncClient(base_url=demo_server) as client:
        token = await member(client, api, "Live Follower")
        response = await client.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!) { followPerson(input: {personId: $id}) "
                "{ person { id } viewer { id } } }",
                "variables": {"id": me},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        fan = response.json()["data"]["followPerson"]["viewer"]["id"]
    await page.wait_for_function(
        "document.getElementById('toast').textContent.includes('Live Follower now follows you')",
        timeout=10_000,
    )
    await page.wait_for_function(f"explorer.cy.getElementById('{fan}').nonempty()", timeout=10_000)
    nodes, edges = await _drawn(page)
    assert nodes[fan] == "follow" and ("follows", fan, me) in edges
    assert outside == [] and errors == []


async def _gql_ok(client: httpx.AsyncClient, token: str, query: str, variables: dict) -> Any:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_more_connections_load_page_by_page_and_a_newcomer_sees_where_to_start(
    demo_server: str, browser: Browser, api: Api
) -> None:
    invite = "mutation($id: ID!) { sendInvitation(input: {personId: $id}) { invitation { id } } }"
    accept = (
        "mutation($id: ID!) { acceptInvitation(input: {invitationId: $id}) { invitation { id } } }"
    )
    async with httpx.AsyncClient(base_url=demo_server, timeout=30) as client:
        hub = await member(client, api, "Paging Hub")
        hub_id = (await _gql_ok(client, hub, "{ viewer { id } }", {}))["viewer"]["id"]
        for i in range(55):
            friend = await member(client, api, f"Paging Friend {i}")
            sent = await _gql_ok(client, friend, invite, {"id": hub_id})
            await _gql_ok(client, hub, accept, {"id": sent["sendInvitation"]["invitation"]["id"]})
        newcomer = await member(client, api, "Lonely Newcomer")

    page, errors, _ = await offline(browser, demo_server, {"width": 1400, "height": 860})
    await page.goto(demo_server + "/explore")
    await page.fill("#token", hub)
    await page.click("#signin-form button[type=submit]")
    await page.wait_for_selector("body[data-state=ready]")
    assert await page.inner_text("#stats") == (
        "50 of 55 connections · 0 people you may know · 0 follow-only"
    )
    await page.click("#more")
    await page.wait_for_selector("#more", state="hidden")
    assert (await page.inner_text("#stats")).startswith("55 of 55 connections")
    assert len([k for k in (await _drawn(page))[0].values() if k == "first"]) == 55

    await page.click("#sign-out")
    await page.fill("#token", newcomer)
    await page.click("#signin-form button[type=submit]")
    await page.wait_for_selector("body[data-state=ready]")
    assert (await page.inner_text("#stats")).startswith("No connections yet")
    assert errors == []
