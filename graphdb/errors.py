"""The store's failures as the rest of the service sees them: nothing above graphdb/
imports the driver (httpx's map_httpcore_exceptions is the model)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DatabaseError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)


class StoreError(Exception):
    """The store refused or failed a statement: a fault in the service (internal)."""


class StoreUnavailable(StoreError):
    """The store could not serve the request at all: the client may retry (every
    mutation is idempotent, so retrying a commit whose answer was lost is safe too)."""


class StoreFailed(StoreUnavailable):
    """The store failed to process a statement (also what its database says while
    closing): answered as unavailable, but logged whole, as it may be a statement the
    store cannot run."""


class StoreConstraint(StoreError):
    """A uniqueness constraint refused a write that kept losing its race."""


# The store is gone, or did not answer in time.
_UNAVAILABLE = (
    ServiceUnavailable,
    SessionExpired,
    IncompleteCommit,
    TransientError,  # retries exhausted
    AuthError,  # credentials refused (also what a store says while shutting down)
    ConnectionAcquisitionTimeoutError,  # the pool is exhausted: busy, not broken
    ConnectionError,
    TimeoutError,  # also a request's own store deadline (graphdb.graph.Graph)
)


def translated(error: BaseException) -> BaseException:
    """The service's own error for a driver or store exception (others unchanged)."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, DatabaseError):
        return StoreFailed(str(error))
    if isinstance(error, _UNAVAILABLE) or (
        # A protocol-state error from a server going down ("BEGIN not expected in state:
        # AUTHENTICATION" on the local store): the transaction never began.
        isinstance(error, Neo4jError) and error.code == "Neo.ClientError.Request.Invalid"
    ):
        return StoreUnavailable(str(error))
    if isinstance(error, ConstraintError):
        return StoreConstraint(str(error))
    if isinstance(error, Neo4jError | DriverError):
        return StoreError(str(error))
    return error


@contextlib.contextmanager
def translating() -> Iterator[None]:
    """Driver and store exceptions inside the block leave it as the service's own."""
    try:
        yield
    except (Neo4jError, DriverError, *_UNAVAILABLE) as error:
        raise translated(error) from error
