"""Every setting of the service, read from the environment in one place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import CommaSeparatedStrings, Secret

from resolvers.context import Policy


@dataclasses.dataclass(frozen=True)
class Settings:
    """Service configuration. `from_env` is the only place that reads variables."""

    # A real Neo4j 5 (bolt://, neo4j://, neo4j+s://...). None: the embedded local store.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: Secret | None = None
    neo4j_database: str | None = None

    data_dir: Path = Path(".linkgraph")
    store_heap: str = "1g"
    store_bolt_port: int = 0  # 0: pick a free port on first start, then keep it
    store_http_port: int = 0

    # Production: no GraphiQL, no field suggestions, explicit key material required.
    production: bool = False
    introspection: bool = True
    cors_origins: tuple[str, ...] = ()

    host: str = "127.0.0.1"
    port: int = 8000
    # HTTP: bodies over this are refused (413); a request must arrive whole this long
    # after its first byte, or its connection is closed (slow and stalled clients).
    max_body_bytes: int = 1_048_576
    request_timeout_s: float = 10.0
    demo_data: bool = True
    log_level: str = "INFO"

    jwt_secret: Secret | None = None
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    jwt_public_key: str | None = None
    jwks_url: str | None = None
    jwt_audience: str | None = None
    jwt_issuer: str | None = None
    jwt_roles_claim: str = "roles"  # a list of role names; `analyst` opens analytics

    # Analytics: snapshots kept (the newest; older ones are removed after each run).
    analytics_keep_snapshots: int = 3
    # Cores a run started by the service may use (0: all but one, at least one): the
    # rest answer requests. Its snapshot reads one table at a time for the same reason.
    analytics_threads: int = 0

    invitation_cooldown_days: float = 21
    max_connections: int = 30_000
    second_degree_hub_degree: int = 2_000
    second_degree_max_friends: int = 2_000
    second_degree_walk_budget: int = 30_000
    second_degree_live_walk: int = 2_000
    max_query_cost: int = 10_000
    # Estimated cost each caller may spend per window (0: unlimited); anonymous callers
    # are budgeted per client address. Storage: async+memory:// (one process) or a
    # shared one such as async+redis://host (the `limits` library's storage URIs).
    rate_limit_cost: int = 60_000
    anonymous_rate_limit_cost: int = 20_000
    rate_limit_window_s: int = 60
    rate_limit_storage: str = "async+memory://"

    # Driver timeouts: fail fast when the store is gone instead of hanging requests.
    connection_timeout_s: float = 5.0
    acquisition_timeout_s: float = 10.0
    max_retry_time_s: float = 5.0
    store_pool_size: int = 100  # connections per store server
    store_connections_per_request: int = 8

    # Logs: "text" for a terminal, "json" (one object per line) for collectors.
    # Default: json in production, text otherwise.
    log_format: str | None = None
    metrics: bool = True  # Prometheus text at /metrics
    # Real time: redis://... (or Valkey) carries events between instances; None keeps
    # them in this process.
    events_url: str | None = None
    ws_connections_per_person: int = 10
    ws_subscriptions_per_connection: int = 20
    ws_init_timeout_s: float = 10.0  # connection_init must arrive within this
    ws_ping_interval_s: float = 30.0
    ws_idle_timeout_s: float = 600.0  # a socket with no operation this long is closed
    ws_starting: int = 32  # operations starting at once over WebSockets (the rest queue)
    gc_young_threshold: int = 5_000  # allocations between young collections (Python: 700)
    notification_retention_days: float = 90
    # A manifest of trusted documents: only those run, by id (production lock-down).
    trusted_documents: Path | None = None

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("json" if self.production else "text")

    @property
    def analytics_dir(self) -> Path:
        return self.data_dir / "analytics"

    @property
    def uses_local_store(self) -> bool:
        return self.neo4j_uri is None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read settings from `environ` (default: the process environment)."""
        import os

        config = Config(environ=os.environ if environ is None else environ)
        production = config("LINKGRAPH_PRODUCTION", cast=bool, default=False)
        return cls(
            neo4j_uri=config("NEO4J_URI", default=None) or None,
            neo4j_user=config("NEO4J_USER", default="neo4j"),
            neo4j_password=config("NEO4J_PASSWORD", cast=Secret, default=None),
            neo4j_database=config("NEO4J_DATABASE", default=None) or None,
            data_dir=Path(config("LINKGRAPH_DATA_DIR", default=".linkgraph")),
            store_heap=config("LINKGRAPH_STORE_HEAP", default="1g"),
            store_bolt_port=config("LINKGRAPH_STORE_BOLT_PORT", cast=int, default=0),
            store_http_port=config("LINKGRAPH_STORE_HTTP_PORT", cast=int, default=0),
            production=production,
            introspection=config("LINKGRAPH_INTROSPECTION", cast=bool, default=True),
            cors_origins=tuple(
                config("LINKGRAPH_CORS_ORIGINS", cast=CommaSeparatedStrings, default="")
            ),
            host=config("LINKGRAPH_HOST", default="127.0.0.1"),
            port=config("LINKGRAPH_PORT", cast=int, default=8000),
            max_body_bytes=config("LINKGRAPH_MAX_BODY_BYTES", cast=int, default=1_048_576),
            request_timeout_s=config("LINKGRAPH_REQUEST_TIMEOUT", cast=float, default=10.0),
            # Production holds real people: the demo network only when asked for.
            demo_data=config("LINKGRAPH_DEMO_DATA", cast=bool, default=not production),
            log_level=config("LINKGRAPH_LOG_LEVEL", default="INFO").upper(),
            jwt_secret=config("LINKGRAPH_JWT_SECRET", cast=Secret, default=None),
            jwt_algorithms=tuple(
                config("LINKGRAPH_JWT_ALGORITHMS", cast=CommaSeparatedStrings, default="HS256")
            ),
            jwt_public_key=config("LINKGRAPH_JWT_PUBLIC_KEY", default=None) or None,
            jwks_url=config("LINKGRAPH_JWKS_URL", default=None) or None,
            jwt_audience=config("LINKGRAPH_JWT_AUDIENCE", default=None) or None,
            jwt_issuer=config("LINKGRAPH_JWT_ISSUER", default=None) or None,
            jwt_roles_claim=config("LINKGRAPH_JWT_ROLES_CLAIM", default="roles"),
            analytics_keep_snapshots=config(
                "LINKGRAPH_ANALYTICS_KEEP_SNAPSHOTS", cast=int, default=3
            ),
            analytics_threads=config("LINKGRAPH_ANALYTICS_THREADS", cast=int, default=0),
            invitation_cooldown_days=config(
                "LINKGRAPH_INVITATION_COOLDOWN_DAYS", cast=float, default=21
            ),
            max_connections=config("LINKGRAPH_MAX_CONNECTIONS", cast=int, default=30_000),
            second_degree_hub_degree=config(
                "LINKGRAPH_SECOND_DEGREE_HUB_DEGREE", cast=int, default=2_000
            ),
            second_degree_max_friends=config(
                "LINKGRAPH_SECOND_DEGREE_MAX_FRIENDS", cast=int, default=2_000
            ),
            second_degree_walk_budget=config(
                "LINKGRAPH_SECOND_DEGREE_WALK_BUDGET", cast=int, default=30_000
            ),
            second_degree_live_walk=config(
                "LINKGRAPH_SECOND_DEGREE_LIVE_WALK", cast=int, default=2_000
            ),
            max_query_cost=config("LINKGRAPH_MAX_QUERY_COST", cast=int, default=10_000),
            rate_limit_cost=config("LINKGRAPH_RATE_LIMIT_COST", cast=int, default=60_000),
            anonymous_rate_limit_cost=config(
                "LINKGRAPH_ANONYMOUS_RATE_LIMIT_COST", cast=int, default=20_000
            ),
            rate_limit_window_s=config("LINKGRAPH_RATE_LIMIT_WINDOW", cast=int, default=60),
            rate_limit_storage=config("LINKGRAPH_RATE_LIMIT_STORAGE", default="async+memory://"),
            connection_timeout_s=config("LINKGRAPH_STORE_CONNECT_TIMEOUT", cast=float, default=5.0),
            acquisition_timeout_s=config(
                "LINKGRAPH_STORE_ACQUIRE_TIMEOUT", cast=float, default=10.0
            ),
            max_retry_time_s=config("LINKGRAPH_STORE_RETRY_TIME", cast=float, default=5.0),
            store_pool_size=config("LINKGRAPH_STORE_POOL_SIZE", cast=int, default=100),
            store_connections_per_request=config(
                "LINKGRAPH_STORE_CONNECTIONS_PER_REQUEST", cast=int, default=8
            ),
            log_format=config("LINKGRAPH_LOG_FORMAT", default=None) or None,
            metrics=config("LINKGRAPH_METRICS", cast=bool, default=True),
            events_url=config("LINKGRAPH_EVENTS_URL", default=None) or None,
            ws_connections_per_person=config(
                "LINKGRAPH_WS_CONNECTIONS_PER_PERSON", cast=int, default=10
            ),
            ws_subscriptions_per_connection=config(
                "LINKGRAPH_WS_SUBSCRIPTIONS_PER_CONNECTION", cast=int, default=20
            ),
            ws_init_timeout_s=config("LINKGRAPH_WS_INIT_TIMEOUT", cast=float, default=10.0),
            ws_ping_interval_s=config("LINKGRAPH_WS_PING_INTERVAL", cast=float, default=30.0),
            ws_idle_timeout_s=config("LINKGRAPH_WS_IDLE_TIMEOUT", cast=float, default=600.0),
            ws_starting=config("LINKGRAPH_WS_STARTING", cast=int, default=32),
            gc_young_threshold=config("LINKGRAPH_GC_YOUNG_THRESHOLD", cast=int, default=5_000),
            notification_retention_days=config(
                "LINKGRAPH_NOTIFICATION_RETENTION_DAYS", cast=float, default=90
            ),
            trusted_documents=(
                Path(config("LINKGRAPH_TRUSTED_DOCUMENTS", default=""))
                if config("LINKGRAPH_TRUSTED_DOCUMENTS", default="")
                else None
            ),
        )


def policy_from(settings: Settings) -> Policy:
    """The network's rules as the settings tune them (the service and the bench)."""
    return Policy(
        invitation_cooldown_ms=int(settings.invitation_cooldown_days * 86_400_000),
        max_connections=settings.max_connections,
        hub_degree=settings.second_degree_hub_degree,
        max_friends=settings.second_degree_max_friends,
        walk_budget=settings.second_degree_walk_budget,
        live_walk=settings.second_degree_live_walk,
        max_query_cost=settings.max_query_cost,
        store_concurrency=settings.store_connections_per_request,
    )
