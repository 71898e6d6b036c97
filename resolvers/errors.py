"""Domain errors: each a GraphQL error with a stable `extensions.code`.

Anything else a resolver raises is an internal error and is masked (schema/root.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from graphql import GraphQLError


class DomainError(GraphQLError):
    """A failure the client can act on. `reason` refines the code where useful."""

    code: ClassVar[str] = "BAD_REQUEST"

    def __init__(self, message: str, *, reason: str | None = None, **extra: Any) -> None:
        extensions: dict[str, Any] = {"code": self.code}
        if reason:
            extensions["reason"] = reason
        extensions.update(extra)
        super().__init__(message, extensions=extensions)


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class BadUserInput(DomainError):
    code = "BAD_USER_INPUT"


class Conflict(DomainError):
    code = "CONFLICT"


class LimitReached(DomainError):
    code = "LIMIT_REACHED"


class QueryTooComplex(DomainError):
    code = "QUERY_TOO_COMPLEX"


class StoreUnavailable(DomainError):
    code = "STORE_UNAVAILABLE"


class EventsUnavailable(DomainError):
    """Subscriptions cannot be served now (the event hub lost Redis): subscribe again
    later and catch up through `notifications(since:)`."""

    code = "EVENTS_UNAVAILABLE"
