"""The Starlette application: GraphQL at /graphql, /healthz, /readyz and /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
from collections.abc import AsyncIterator, Callable

import anyio
from asgi_correlation_id import CorrelationIdMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from graphdb import demo
from graphdb import people as people_db
from graphdb.graph import Driver, Graph, ping
from linkgraph import explorer, playground
from linkgraph.analytics_runner import AnalyticsRunner
from linkgraph.auth import Authenticator, TokenError, authenticator_from
from linkgraph.events import Hub, hub_for
from linkgraph.graphql_http import ROLES, VIEWER, GraphQLView, error_response, negotiate
from linkgraph.http_limits import BodyLimit
from linkgraph.metrics import Metrics
from linkgraph.pruning import prune_forever
from linkgraph.settings import Settings, policy_from
from linkgraph.socket_route import Service
from linkgraph.store import open_store
from linkgraph.websocket import SocketLimits, SocketRegistry
from resolvers.context import wall_clock_ms
from resolvers.rate_limit import Budget, RateLimiter

log = logging.getLogger("linkgraph")


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
                identity = await authenticator.identify(request.headers.get("authorization"))
                scope[VIEWER] = identity.subject if identity else None
                scope[ROLES] = identity.roles if identity else frozenset()
            except TokenError as e:
                self.metrics.rejected("UNAUTHENTICATED")
                await _unauthorized(str(e), request.headers.get("accept"))(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _unauthorized(message: str, accept: str | None) -> Response:
    description = message.replace('"', "'")
    return error_response(
        message,
        "UNAUTHENTICATED",
        401,
        negotiate(accept),
        {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{description}"'},
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
        async with (
            open_store(settings) as store,
            _analytics(settings) as analytics,
            _events(settings) as events,
            _pruning(settings, store.driver, store.database),
        ):
            app.state.events = events  # for the benchmark's publisher (linkgraph.bench.events)
            # What start-up made (the schema, the driver, imported libraries) lives as
            # long as the process: out of the collector's sight, a full collection
            # scans only what requests made, not hundreds of milliseconds of heap.
            gc.collect()
            gc.freeze()
            # A request's objects mostly die with it, unless a young collection runs
            # while it is in flight and promotes them. Every promoted quarter of the old
            # heap costs a full collection over all of it, and held subscriptions make
            # that heap large (10,000 of them: ~1 s a pass). Collecting the young less
            # often promotes far fewer: 10 full passes in 3,000 requests became none.
            gc.set_threshold(settings.gc_young_threshold, 10, 10)
            defaults = playground.Defaults()
            persona = None
            if settings.demo_data:
                persona = await _ensure_demo(store.driver, store.database, authenticator, settings)
                if persona is not None:
                    defaults = playground.Defaults(
                        headers=json.dumps({"Authorization": f"Bearer {persona.token}"}, indent=2)
                    )
                if not settings.production and not analytics.all():
                    # follow suggestions (and the hubs' connect suggestions) come from
                    # a run: at the demo's size one takes seconds, beside the service
                    analytics.start(fresh=True)
                    log.info("started an analytics run for the demo network's suggestions")
            yield {
                "analytics": analytics,
                "events": events,
                "playground": defaults,
                "persona": persona,  # the explorer offers it (development only)
                "sockets": SocketRegistry(
                    SocketLimits(
                        settings.ws_connections_per_person,
                        settings.ws_ping_interval_s,
                        settings.ws_idle_timeout_s,
                        settings.ws_starting,
                    )
                ),
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

    view = GraphQLView(settings, clock, metrics)
    routes = [
        Route("/graphql", Authenticated(view), methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    if settings.metrics:
        routes.append(Route("/metrics", metrics.endpoint))
    routes += explorer.ROUTES
    if not settings.production:
        routes += playground.ROUTES
    return Service(
        # Subscriptions (graphql-transport-ws); they authenticate in connection_init.
        socket_path="/graphql",
        socket_app=view,
        routes=routes,
        middleware=[
            Middleware(CorrelationIdMiddleware, header_name="X-Request-ID"),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
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


@contextlib.asynccontextmanager
async def _events(settings: Settings) -> AsyncIterator[Hub]:
    hub = hub_for(settings.events_url)
    await hub.start()
    try:
        yield hub
    finally:
        await hub.close()


@contextlib.asynccontextmanager
async def _pruning(settings: Settings, driver: Driver, database: str) -> AsyncIterator[None]:
    """Old notifications leave in the background, in bounded batches."""
    retention_ms = int(settings.notification_retention_days * 86_400_000)
    task = asyncio.create_task(prune_forever(Graph(driver, database), retention_ms))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def _analytics(settings: Settings) -> AsyncIterator[AnalyticsRunner]:
    runner = AnalyticsRunner(settings)
    try:
        yield runner
    finally:
        await anyio.to_thread.run_sync(runner.close)


async def _ensure_demo(
    driver: Driver, database: str, authenticator: Authenticator, settings: Settings
) -> explorer.Persona | None:
    """Load the demo network into an empty store, then say how to try it. Returns the
    demo persona with a token (development only), for the playground to open signed in
    and the explorer to offer."""
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
        return None  # a working token signed with the production key is never printed
    persona = await people_db.by_handle(graph, network.persona_handle)
    base = f"http://{settings.host}:{settings.port}"
    lines = [f"GraphiQL: {base}/graphql", f"Network explorer: {base}/explore"]
    signed_in = None
    if persona is not None and authenticator.key and not authenticator.jwks_url:
        token = authenticator.mint(persona.id)
        signed_in = explorer.Persona(token, persona.name, persona.handle)
        lines += [
            f"Both sign in as {persona.name} (@{persona.handle}); for other clients:",
            f'{{"Authorization": "Bearer {token}"}}',
        ]
    print("\n".join(lines), flush=True)
    return signed_in
