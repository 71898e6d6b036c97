"""One record per GraphQL operation: a log line, and the figures for /metrics.

Taken once the errors are masked, so it sees them as clients do (masked and coded), and
over the whole operation, parsing and validation included.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from resolvers.context import OperationObserver
from schema.extensions.error_policy import client_code

log = logging.getLogger("linkgraph.operations")


def record_operation(execution: Any, seconds: float) -> None:
    """The operation's log line and metrics, once it has ended (`seconds` long)."""
    context: Any = execution.context
    # The result holds the pre-execution errors too, once there is a result.
    result = execution.result
    errors: list[GraphQLError] = list(
        (result.errors if result is not None else execution.pre_execution_errors) or []
    )
    codes = [client_code(e) for e in errors]
    kind = _kind(execution)
    round_trips = getattr(context, "round_trips", 0)
    if log.isEnabledFor(logging.INFO):  # every operation passes here
        _log_line(execution.operation_name, kind, seconds, round_trips, codes)
    observer: OperationObserver | None = getattr(context, "observer", None)
    if observer is not None:
        observer.operation_done(kind, execution.operation_name, seconds, round_trips, codes)


def _log_line(
    name: str | None, kind: str, seconds: float, round_trips: int, codes: list[str]
) -> None:
    log.info(
        "%s %s: %.1f ms, %d store round trips%s",
        kind,
        name or "(anonymous)",
        seconds * 1000,
        round_trips,
        f", errors {','.join(codes)}" if codes else "",
        extra={
            "operation": name,
            "operation_type": kind,
            "duration_ms": round(seconds * 1000, 2),
            "store_round_trips": round_trips,
            "error_codes": codes,
        },
    )


def _kind(execution: Any) -> str:
    try:
        return execution.operation_type.value
    except (RuntimeError, ValueError, AttributeError):
        return "unknown"  # the document did not parse, or names no such operation
