"""Logging: every line carries the request id (X-Request-ID) of its request.

Two formats: text for a terminal, JSON (one object per line) for log collectors.
"""

from __future__ import annotations

import logging.config
from typing import IO, Any

_TEXT = "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"
_JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(correlation_id)s"


def formatter(fmt: str) -> logging.Formatter:
    """A formatter for `fmt`: "text" or "json"."""
    if fmt == "json":
        from pythonjsonlogger.core import RESERVED_ATTRS
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter(
            _JSON_FIELDS,
            timestamp="time",  # ISO 8601, UTC
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],  # uvicorn's ANSI copy
            rename_fields={
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
            },
        )
    if fmt == "text":
        return logging.Formatter(_TEXT)
    raise ValueError(f"log format must be text or json, not {fmt!r}")


def request_id_filter() -> logging.Filter:
    from asgi_correlation_id import CorrelationIdFilter

    # No length: a client's own UUID (36 characters with its hyphens) is logged whole.
    return CorrelationIdFilter(uuid_length=None, default_value="-")


def configure(level: str = "INFO", fmt: str = "text", stream: IO[str] | None = None) -> None:
    handler: dict[str, Any] = {
        "class": "logging.StreamHandler",
        "filters": ["request_id"],
        "formatter": fmt,
    }
    if stream is not None:
        handler["stream"] = stream
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"request_id": {"()": request_id_filter}},
            "formatters": {fmt: {"()": formatter, "fmt": fmt}},
            "handlers": {"main": handler},
            "root": {"handlers": ["main"], "level": level},
            "loggers": {
                "uvicorn.access": {"level": "WARNING"},  # the operation log says more
                "neo4j": {"level": "WARNING"},
            },
        }
    )
