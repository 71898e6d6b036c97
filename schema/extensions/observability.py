"""One record per GraphQL operation: a log line, and the figures for /metrics.

Runs outermost, so it sees the errors as clients do (masked and coded) and the time the
whole operation took, parsing and validation included.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from resolvers.context import OperationObserver
from schema.extensions.error_policy import client_code

log = logging.getLogger("linkgraph.operations")


class OperationRecord(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        execution = self.execution_context
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
