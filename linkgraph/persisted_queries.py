"""Apollo's automatic persisted queries: a client sends the sha256 of a document
instead of the document (GET, so a CDN can cache it); a hash the service does not know
is answered with PERSISTED_QUERY_NOT_FOUND, and the client sends the document once
with its hash, which is checked before the document is remembered."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from cachetools import LRUCache

# Remembered documents, least recently used out first, bounded by their total size.
CACHE_BYTES = 32 * 2**20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryError(Exception):
    """A persisted-query request that cannot run: (message, code, reason)."""

    def __init__(self, message: str, code: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.code, self.reason = code, reason


class PersistedQueries:
    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self._documents: LRUCache[str, str] = LRUCache(max_bytes, getsizeof=len)

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The document to run: `query` itself, or the one its hash names."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise PersistedQueryError(
                "Only version 1 of the persistedQuery extension is supported.",
                "PERSISTED_QUERY_NOT_SUPPORTED",
            )
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise PersistedQueryError(
                "persistedQuery.sha256Hash must be 64 lowercase hex digits.",
                "BAD_REQUEST",
                "PERSISTED_QUERY_HASH",
            )
        if query is None:
            known = self._documents.get(digest)
            if known is None:
                # Apollo's clients look for this exact message and code, then send the
                # document with its hash.
                raise PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
            return known
        if hashlib.sha256(query.encode()).hexdigest() != digest:
            raise PersistedQueryError(
                "persistedQuery.sha256Hash is not the sha256 of the query.",
                "BAD_REQUEST",
                "PERSISTED_QUERY_HASH_MISMATCH",
            )
        if len(query) <= CACHE_BYTES // 64:  # one document never crowds out the rest
            self._documents[digest] = query
        return query
