"""The network explorer at /explore: one page that draws a person's network and works it
through the public GraphQL API only, so it shows exactly what that person may see.

Its drawing library (Cytoscape.js) and WebSocket client (graphql-ws), pinned in
linkgraph/static/package.json, and its own script and style are served by the service
itself: nothing comes from a CDN."""

from __future__ import annotations

import dataclasses
import json

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from linkgraph.playground import MODULES, STATIC, licenses_of

BASE = "/explore/assets"
# What the page loads, by the name it loads it under: nothing else is served.
ASSETS = {
    "cytoscape.min.js": MODULES / "cytoscape/dist/cytoscape.min.js",
    "graphql-ws.min.js": MODULES / "graphql-ws/umd/graphql-ws.min.js",
    "explore.js": STATIC / "explore.js",
    "explore.css": STATIC / "explore.css",
}
PACKAGES = ("cytoscape", "graphql-ws")


@dataclasses.dataclass(frozen=True)
class Persona:
    """The demo persona the page offers to sign in as (development only)."""

    token: str
    name: str
    handle: str


_PAGE = jinja2.Template((STATIC / "explore.html").read_text(), autoescape=True)


async def page(request: Request) -> Response:
    if not ASSETS["cytoscape.min.js"].is_file():
        return PlainTextResponse(
            "The explorer's assets are not installed: run `make setup` "
            "(npm ci in linkgraph/static).",
            status_code=503,
        )
    persona: Persona | None = getattr(request.state, "persona", None)
    config = {"graphql": "/graphql", "persona": dataclasses.asdict(persona) if persona else None}
    # JSON inside a <script> element: no "<" at all, so nothing in it can close it.
    text = json.dumps(config).replace("<", "\\u003c")
    html = _PAGE.render(base=BASE, config=Markup(text))
    return Response(html, media_type="text/html", headers={"Cache-Control": "no-store"})


async def asset(request: Request) -> Response:
    path = ASSETS.get(request.path_params["name"])
    if path is None or not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    # Our own script and style change with the service; the pinned library does not.
    cache = "public, max-age=86400" if MODULES in path.parents else "no-cache"
    return FileResponse(path, headers={"Cache-Control": cache})


ROUTES = [
    Route("/explore", page),
    Route(BASE + "/{name}", asset),
    Route("/explore/licenses", licenses_of(PACKAGES)),
]
