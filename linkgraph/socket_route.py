"""GraphQL WebSocket connections go straight to the view, past the HTTP middleware
(body limit, CORS, error pages, routing), none of which acts on a WebSocket: each
layer was a coroutine and its closures held for the whole life of every socket,
about a fifth of an idle subscription's memory. Its log lines still carry a request
id, as every request's do."""

from __future__ import annotations

import uuid

from asgi_correlation_id import correlation_id
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send


class SocketsFirst:
    def __init__(self, app: ASGIApp, path: str, socket_app: ASGIApp) -> None:
        self.app = app
        self.path = path
        self.socket_app = socket_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == self.path:
            correlation_id.set(uuid.uuid4().hex)
            await self.socket_app(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Service(Starlette):
    """Starlette, with `socket_app` answering WebSocket connections at `socket_path`."""

    def __init__(self, *, socket_path: str, socket_app: ASGIApp, **kwargs: object) -> None:
        self._socket = (socket_path, socket_app)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def build_middleware_stack(self) -> ASGIApp:
        path, socket_app = self._socket
        return SocketsFirst(super().build_middleware_stack(), path, socket_app)
