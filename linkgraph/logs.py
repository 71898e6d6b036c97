"""Log lines carry the request id (X-Request-ID) of the request they belong to."""

from __future__ import annotations

import logging.config


def configure(level: str = "INFO") -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "request_id": {
                    "()": "asgi_correlation_id.CorrelationIdFilter",
                    "uuid_length": 32,
                    "default_value": "-",
                }
            },
            "formatters": {
                "plain": {
                    "format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"
                }
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "filters": ["request_id"],
                    "formatter": "plain",
                }
            },
            "root": {"handlers": ["stderr"], "level": level},
            "loggers": {
                "uvicorn.access": {"level": "WARNING"},
                "neo4j": {"level": "WARNING"},
            },
        }
    )
