"""GraphiQL, served whole by the service: its page and its assets (pinned in
linkgraph/static/package.json, installed from the npm registry by `make setup`), so the
playground works on a machine without internet access. In development it opens ready
to use: the demo persona's token in the Headers tab and an example in the editor."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).parent / "static"
MODULES = STATIC / "node_modules"
BASE = "/graphiql/assets"
# The files the page loads, by the name it loads them under: nothing else in
# node_modules is served.
ASSETS = {
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
    "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
}
PACKAGES = ("react", "react-dom", "graphiql", "@graphiql/plugin-explorer")

EXAMPLE = """# linkgraph: press the run button (or Ctrl-Enter).
# Following: their public updates. Connecting: mutual.
query Me {
  viewer {
    name
    headline
    connectionCount
    followerCount
    unreadNotificationCount
    secondDegree(first: 3) {
      edges {
        mutualConnectionCount
        primaryAction
        node { name headline }
      }
    }
  }
}
"""


@dataclasses.dataclass(frozen=True)
class Defaults:
    """What the playground opens with (development only)."""

    headers: str | None = None  # JSON text for the Headers tab
    query: str = EXAMPLE


_PAGE = jinja2.Template((STATIC / "graphiql.html").read_text(), autoescape=False)


def installed() -> bool:
    return all((MODULES / path).is_file() for path in ASSETS.values())


def page(defaults: Defaults) -> Response:
    if not installed():
        return PlainTextResponse(
            "GraphiQL's assets are not installed: run `make setup` (npm ci in linkgraph/static).",
            status_code=503,
        )
    # JSON inside a <script> element: no "<" at all, so nothing in it can close it.
    config = json.dumps(dataclasses.asdict(defaults)).replace("<", "\\u003c")
    html = _PAGE.render(base=BASE, config=config)
    return Response(html, media_type="text/html", headers={"Cache-Control": "no-store"})


async def asset(request: Request) -> Response:
    path = ASSETS.get(request.path_params["name"])
    if path is None or not (MODULES / path).is_file():
        return PlainTextResponse("Not found", status_code=404)
    # Pinned versions: the same name always holds the same bytes until an upgrade.
    return FileResponse(MODULES / path, headers={"Cache-Control": "public, max-age=86400"})


def licenses_of(packages: tuple[str, ...]) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint with the licences of what a page ships, each package's own text."""

    async def licenses(request: Request) -> Response:
        parts = []
        for package in packages:
            folder = MODULES / package
            meta = json.loads((folder / "package.json").read_text())
            found = next((p for p in sorted(folder.glob("LICEN[CS]E*")) if p.is_file()), None)
            text = found.read_text() if found else f"{meta.get('license')} (see its package.json)"
            parts.append(f"== {package} {meta['version']} ==\n\n{text.strip()}\n")
        return PlainTextResponse("\n".join(parts))

    return licenses


ROUTES = [
    Route(BASE + "/{name}", asset),
    Route("/graphiql/licenses", licenses_of(PACKAGES)),
]
