"""GraphQL over HTTP, as the GraphQL-over-HTTP specification gives it.

Content negotiation: `application/graphql-response+json` for clients that accept it
(then a request that never reached execution is a 4xx with no `data` entry), and
`application/json` for the rest (always 200 for GraphQL errors), 406 where neither is
acceptable. Every refusal, down to a body that is not JSON, is a GraphQL error body
with a stable `extensions.code` and the request id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import mimeparse
import orjson
from asgi_correlation_id import correlation_id
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from linkgraph import playground
from linkgraph.metrics import Metrics
from linkgraph.persisted_queries import PersistedQueries, PersistedQueryError, load_manifest
from linkgraph.settings import Settings
from linkgraph.websocket import TextWebSocketAdapter, TransportWSHandler
from resolvers.context import Context, build_context
from schema.root import build_schema

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_MEDIA = "linkgraph.media"  # scope key: the media type negotiated for the response
VIEWER = "linkgraph.viewer_id"  # scope keys the authentication step fills in
ROLES = "linkgraph.roles"

# Codes that mean the document never ran: parsing, validation, coercing variables,
# and the limits checked before execution.
_NOT_AN_OBJECT = "The request body must be a JSON object."
_NOT_EXECUTED = {
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "QUERY_TOO_COMPLEX",
    "BAD_REQUEST",
}


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when neither is acceptable.

    No header, or only wildcards: application/json (what clients before the
    specification expect). The GraphQL media type when asked for at least as strongly.
    """
    if not accept or not accept.strip():
        return JSON
    try:
        ours, theirs = mimeparse.quality(GRAPHQL_RESPONSE, accept), mimeparse.quality(JSON, accept)
    except (ValueError, IndexError):
        return JSON  # an Accept header that does not parse says nothing
    if ours > theirs or (ours == theirs > 0 and GRAPHQL_RESPONSE in accept):
        return GRAPHQL_RESPONSE
    return JSON if theirs > 0 else None


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    given = {key: value for key, value in extensions.items() if value is not None}
    extensions = {"code": code, **given, "requestId": correlation_id.get()}
    return {"errors": [{"message": message, "extensions": extensions}]}


def error_response(
    message: str,
    code: str,
    status: int,
    media: str | None = JSON,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """A request-level refusal: a GraphQL error body, never plain text."""
    return Response(
        orjson.dumps(error_body(message, code, **extensions)),
        status_code=status,
        media_type=media or JSON,
        headers=headers,
    )


def _refusal(error: HTTPException) -> tuple[str, str, int, dict[str, str]]:
    """(code, reason, status, headers) for one of strawberry's request refusals."""
    cause = error.__cause__
    if isinstance(cause, InvalidOperationTypeError):
        # A mutation over GET: the spec's 405, naming the method that would work.
        return "METHOD_NOT_ALLOWED", "MUTATION_OVER_GET", 405, {"Allow": "POST"}
    if isinstance(cause, CannotGetOperationTypeError):
        reason = "OPERATION_NAME_REQUIRED" if cause.operation_name is None else "UNKNOWN_OPERATION"
        return "BAD_REQUEST", reason, 400, {}
    if error.status_code == 404:
        return "NOT_FOUND", "NO_PLAYGROUND", 404, {}
    if error.status_code == 405:
        return "METHOD_NOT_ALLOWED", "METHOD", 405, {"Allow": "GET, POST"}
    reasons = {
        "Unable to parse request body as JSON": "INVALID_JSON",
        "Unsupported content type": "UNSUPPORTED_CONTENT_TYPE",
        "Batching is not enabled": "BATCHING_DISABLED",
        "No GraphQL query found in the request": "MISSING_QUERY",
        _NOT_AN_OBJECT: "INVALID_BODY",
    }
    return "BAD_REQUEST", reasons.get(error.reason, "INVALID_REQUEST"), error.status_code, {}


def _never_executed(body: object) -> bool:
    """A result with no data because the document never ran (not an execution error)."""
    if not isinstance(body, dict) or body.get("data") is not None or not body.get("errors"):
        return False
    return all(
        "path" not in e and (e.get("extensions") or {}).get("code") in _NOT_EXECUTED
        for e in body["errors"]
    )


def _refused_whole(body: object) -> tuple[int, int] | None:
    """(HTTP status, Retry-After seconds) when the operation as a whole was refused for
    a reason a client should wait out: rate limited, or the store down."""
    if not isinstance(body, dict) or not body.get("errors"):
        return None
    data = body.get("data")
    if not (data is None or all(value is None for value in data.values())):
        return None
    extensions = [e.get("extensions") or {} for e in body["errors"]]
    codes = {e.get("code") for e in extensions}
    if codes == {"RATE_LIMITED"}:
        return 429, max(e.get("retryAfter", 1) for e in extensions)
    if codes == {"STORE_UNAVAILABLE"}:
        return 503, max(e.get("retryAfter", 5) for e in extensions)
    return None


class GraphQLView(GraphQL[Context, None]):
    websocket_adapter_class = TextWebSocketAdapter  # type: ignore[assignment]
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, settings: Settings, clock: Callable[[], int], metrics: Metrics) -> None:
        super().__init__(
            build_schema(production=settings.production, introspection=settings.introspection),
            graphql_ide=None if settings.production else "graphiql",
            # Only the current protocol: the older subscriptions-transport-ws one is
            # unmaintained, and authenticates nothing the way this service needs.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_s),
            max_subscriptions_per_connection=settings.ws_subscriptions_per_connection,
            # Browsers apply no CORS to a WebSocket handshake: the same origins as HTTP.
            allowed_origins=settings.cors_origins,
        )
        self.clock = clock
        self.metrics = metrics
        trusted = load_manifest(settings.trusted_documents) if settings.trusted_documents else None
        self.persisted = PersistedQueries(trusted=trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        media = negotiate(request.headers.get("accept"))
        if media is None and not self.should_render_graphql_ide(request):  # type: ignore[arg-type]
            self.metrics.rejected("NOT_ACCEPTABLE")
            response = error_response(
                f"This endpoint answers {GRAPHQL_RESPONSE} or {JSON}; the Accept header "
                "allows neither.",
                "NOT_ACCEPTABLE",
                406,
            )
            await response(scope, receive, send)
            return
        scope[_MEDIA] = media
        try:
            response = await self.run(request)
        except HTTPException as e:
            code, reason, status, headers = _refusal(e)
            self.metrics.rejected(code)
            response = error_response(e.reason, code, status, media, headers, reason=reason)
        except PersistedQueryError as e:
            self.metrics.rejected(e.code)
            # Never executed: the spec's 400 for its own media type, 200 for plain JSON
            # (where Apollo's link reads the error and sends the document).
            status = 400 if media == GRAPHQL_RESPONSE else 200
            response = error_response(str(e), e.code, status, media, None, reason=e.reason)
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET that names a persisted document is an operation, not a visit. (The query
        # string is parsed only for a would-be visit: every POST passes here too.)
        return super().should_render_graphql_ide(request) and not any(
            request.query_params.get(name) for name in ("extensions", "documentId", "doc_id")
        )

    async def render_graphql_ide(self, request: Request) -> Response:  # type: ignore[override]
        return playground.page(getattr(request.state, "playground", None) or playground.Defaults())

    # orjson: several times faster than the json module on large pages of results.
    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: still a 400

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            return data
        document_id = None
        if data.query is None:  # perhaps a persisted document, by id
            raw = (
                request.query_params
                if request.method == "GET"
                else self.parse_json(await request.get_body())
            )
            document_id = raw.get("documentId") or raw.get("doc_id")
        query = self.persisted.resolve(data.query, data.extensions, document_id)
        return dataclasses.replace(data, query=query) if query != data.query else data

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            # A bare scalar (`"x"`, `null`, `123`) is no GraphQL request.
            raise HTTPException(400, _NOT_AN_OBJECT)
        return parsed

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media = getattr(sub_response, "media", JSON)
        if isinstance(response_data, dict):
            errors: list[dict[str, Any]] = list(response_data.get("errors") or ())  # type: ignore[arg-type]
            codes = [
                (e.get("extensions") or {}).get("code", "INTERNAL_SERVER_ERROR") for e in errors
            ]
            self.metrics.answered(codes)
            if media == GRAPHQL_RESPONSE and _never_executed(response_data):
                # The spec: a request that never executed is a 400 with no data entry.
                del response_data["data"]
                sub_response.status_code = 400
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = media
        refusal = _refused_whole(response_data)
        if refusal is not None:
            # Nothing was answered: an HTTP status lets clients and proxies back off.
            response.status_code, retry_after = refusal
            response.headers["Retry-After"] = str(retry_after)
        return response

    async def get_sub_response(self, request: Request) -> Response:  # type: ignore[override]
        sub_response = await super().get_sub_response(request)
        sub_response.media = request.scope.get(_MEDIA) or JSON  # type: ignore[attr-defined]
        return sub_response

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:  # type: ignore[override]
        state = request.state
        return build_context(
            state.driver,
            state.database,
            request.scope.get(VIEWER),
            state.policy,
            clock=self.clock,
            request_id=correlation_id.get(),
            rate_limiter=state.rate_limiter,
            client_address=request.client.host if request.client else None,
            observer=self.metrics,
            store_observer=self.metrics,
            retry_time_s=state.retry_time_s,
            roles=request.scope.get(ROLES, frozenset()),
            analytics=state.analytics,
            events=state.events,
            # A socket's context outlives any one request: renewed per event.
            renewable=isinstance(request, WebSocket),
        )
