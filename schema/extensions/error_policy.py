"""What clients see of errors, and what the logs keep.

Domain errors (resolvers.errors) and GraphQL's own parse/validation errors are the
client's to read, each with a stable `extensions.code`. Everything else is internal:
logged with its traceback and the request id, answered as INTERNAL_SERVER_ERROR with
only that request id.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graphdb.errors import StoreFailed
from graphdb.errors import StoreUnavailable as StoreDown
from resolvers.errors import DomainError, StoreUnavailable

log = logging.getLogger("linkgraph.errors")


def is_store_down(exc: BaseException | None) -> bool:
    """Whether an exception means the store could not serve the request at all."""
    return isinstance(exc, StoreDown)


def is_internal(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _request_id(context: Any) -> str | None:
    return getattr(context, "request_id", None)


def log_errors(errors: list[GraphQLError], context: Any) -> None:
    """Log internal errors in full; client errors are the client's business."""
    for error in errors:
        original, where = error.original_error, ".".join(map(str, error.path or []))
        if isinstance(original, StoreFailed):
            # Answered as STORE_UNAVAILABLE, but it may be a statement the store cannot
            # run: keep the whole story.
            log.error("store failed at %s (request %s)", where, _request_id(context),
                      exc_info=original)  # fmt: skip
        elif is_store_down(original):
            log.warning("store unavailable at %s (request %s): %s", where,
                        _request_id(context), original)  # fmt: skip
        elif is_internal(error):
            log.error("internal error at %s (request %s)", where or "<operation>",
                      _request_id(context), exc_info=original)  # fmt: skip


def add_client_codes(errors: list[GraphQLError]) -> None:
    """Give GraphQL's own errors (parse, validation, coercion) a stable code too."""
    for error in errors:
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": _client_code(error)}


def client_code(error: GraphQLError) -> str:
    """The code a client sees (or will see, once masked) for this error."""
    code = (error.extensions or {}).get("code")
    if code:
        return str(code)
    if is_store_down(error.original_error):
        return StoreUnavailable.code
    return "INTERNAL_SERVER_ERROR" if is_internal(error) else _client_code(error)


# The shape limiters' own words (strawberry's QueryDepthLimiter, MaxAliasesLimiter and
# MaxTokensLimiter); tests pin them, so an upgrade that rewords one fails loudly.
_TOO_COMPLEX = (
    "exceeds maximum operation depth",
    "aliases found. Allowed",
    "tokens. Parsing aborted",
    "times in one selection set. Allowed",
)


def _client_code(error: GraphQLError) -> str:
    if any(marker in error.message for marker in _TOO_COMPLEX):
        return "QUERY_TOO_COMPLEX"
    if error.original_error is None and error.path is None:
        return (
            "GRAPHQL_PARSE_FAILED"
            if "Syntax Error" in error.message
            else ("GRAPHQL_VALIDATION_FAILED")
        )
    return "BAD_USER_INPUT"


def anonymised(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """An internal error as the client sees it: coded, with the request id only."""
    if is_store_down(error.original_error):
        replacement: DomainError = StoreUnavailable(
            "The data store is unavailable right now; try again shortly.",
            requestId=request_id,
        )
        message, extensions = replacement.message, replacement.extensions
    else:
        message = INTERNAL_MESSAGE
        extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    return GraphQLError(message, nodes=error.nodes, path=error.path, extensions=extensions)


def masked(errors: list[GraphQLError], context: Any) -> list[GraphQLError]:
    """The errors of a result as the client sees them (for results that pass no
    extension, such as a subscription's events delivered by the connection)."""
    shown = [anonymised(e, _request_id(context)) if is_internal(e) else e for e in errors]
    add_client_codes(shown)
    return shown


INTERNAL_MESSAGE = "Internal server error."


class ErrorPolicy(MaskErrors):
    """MaskErrors that keeps client errors readable and coded, and hides the rest."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal, error_message=INTERNAL_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return anonymised(error, _request_id(self.execution_context.context))

    def _process_result(self, result: object) -> None:
        # Most results carry no errors: MaskErrors' isinstance test against a runtime
        # protocol costs 8 µs a request, more than the rest of its work.
        if getattr(result, "errors", None):
            super()._process_result(result)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        add_client_codes(processed)
        return processed
