"""The Starlette application: GraphQL at /graphql, /healthz, /readyz and /metrics."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable

import anyio
import orjson
from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from graphdb import demo
from graphdb import people as people_db
from graphdb.graph import Graph, ping
from linkgraph.auth import Authenticator, TokenError, authenticator_from
from linkgraph.metrics import Metrics
from linkgraph.settings import Settings, policy_from
from linkgraph.store import open_store
from resolvers.context import Context, build_context, wall_clock_ms
from resolvers.rate_limit import Budget, RateLimiter
from schema.root import build_schema

log = logging.getLogger("linkgraph")

_VIEWER = "linkgraph.viewer_id"  # scope key the authentication step fills in


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, settings: Settings, clock: Callable[[], int], metrics: Metrics) -> None:
        super().__init__(
            build_schema(production=settings.production, introspection=settings.introspection),
            graphql_ide=None if settings.production else "graphiql",
        )
        self.clock = clock
        self.metrics = metrics

    # orjson: several times faster than the json module on large pages of results.
    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: still a 400

    def create_response(self, response_data, sub_response: Response) -> Response:  # type: ignore[override]
        response = super().create_response(response_data, sub_response)
        refusal = _refused_whole(response_data)
        if refusal is not None:
            # Nothing was answered: an HTTP status lets clients and proxies back off.
            response.status_code, retry_after = refusal
            response.headers["Retry-After"] = str(retry_after)
        return response

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        state = request.state
        return build_context(
            state.driver,
            state.database,
            request.scope.get(_VIEWER),
            state.policy,
            clock=self.clock,
            request_id=correlation_id.get(),
            rate_limiter=state.rate_limiter,
            client_address=request.client.host if request.client else None,
            observer=self.metrics,
            store_observer=self.metrics,
            retry_time_s=state.retry_time_s,
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
        return 503, 5
    return None


class Authenticated:
    """Reads the bearer token before GraphQL runs: a bad token is a 401, not an error
    inside a 200, so clients and proxies can tell it from a failed operation."""

    def __init__(self, app: GraphQLView) -> None:
        self.app = app
        self.metrics = app.metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            authenticator: Authenticator = request.state.authenticator
            try:
                scope[_VIEWER] = await authenticator.subject(request.headers.get("authorization"))
            except TokenError as e:
                self.metrics.rejected("UNAUTHENTICATED")
                await _unauthorized(str(e))(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _unauthorized(message: str) -> Response:
    description = message.replace('"', "'")
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={
            "WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'
        },
    )


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    try:
        with anyio.fail_after(3):
            await ping(request.state.driver, request.state.database)
    except Exception:
        log.warning("readiness check failed", exc_info=True)
        return JSONResponse({"status": "unavailable", "store": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(
    settings: Settings | None = None, *, clock: Callable[[], int] = wall_clock_ms
) -> Starlette:
    """The service. Settings default to the environment; `clock` is for tests."""
    settings = settings or Settings.from_env()
    metrics = Metrics(settings.store_pool_size)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict]:
        authenticator = authenticator_from(settings)
        async with open_store(settings) as store:
            if settings.demo_data:
                await _ensure_demo(store.driver, store.database, authenticator, settings)
            yield {
                "driver": store.driver,
                "database": store.database,
                "authenticator": authenticator,
                "policy": policy_from(settings),
                "retry_time_s": settings.max_retry_time_s,
                "rate_limiter": RateLimiter(
                    Budget(settings.rate_limit_cost, settings.rate_limit_window_s),
                    Budget(settings.anonymous_rate_limit_cost, settings.rate_limit_window_s),
                    settings.rate_limit_storage,
                ),
            }

    routes = [
        Route(
            "/graphql",
            Authenticated(GraphQLView(settings, clock, metrics)),
            methods=["GET", "POST"],
        ),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    if settings.metrics:
        routes.append(Route("/metrics", metrics.endpoint))
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(CorrelationIdMiddleware, header_name="X-Request-ID"),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
                expose_headers=["X-Request-ID"],
                max_age=600,
            ),
        ],
        lifespan=lifespan,
    )


async def _ensure_demo(
    driver: AsyncDriver, database: str, authenticator: Authenticator, settings: Settings
) -> None:
    """Load the demo network into an empty store, then say how to try it."""
    graph = Graph(driver, database)
    network = demo.generate()
    if not await people_db.any_exist(graph):
        await demo.load(graph, network)
        log.info(
            "loaded the demo network: %d people, %d connections, %d follows, "
            "%d invitations, %d posts",
            len(network.people),
            len(network.connections),
            len(network.follows),
            len(network.invitations),
            len(network.posts),
        )
    if settings.production:
        return  # a working token signed with the production key is never printed
    persona = await people_db.by_handle(graph, network.persona_handle)
    url = f"http://{settings.host}:{settings.port}/graphql"
    lines = [f"GraphiQL: {url}"]
    if persona is not None and authenticator.key and not authenticator.jwks_url:
        token = authenticator.mint(persona.id)
        lines += [
            f"Signed in as {persona.name} (@{persona.handle}): paste into GraphiQL's Headers tab:",
            f'{{"Authorization": "Bearer {token}"}}',
        ]
    print("\n".join(lines), flush=True)
