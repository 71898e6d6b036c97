"""Persisted documents, two ways.

- Apollo's automatic persisted queries (the default): a client sends the sha256 of a
  document instead of the document (GET, so a CDN can cache it); a hash the service
  does not know is answered with PERSISTED_QUERY_NOT_FOUND, and the client sends the
  document once with its hash, which is checked before the document is remembered.
- Trusted documents (`LINKGRAPH_TRUSTED_DOCUMENTS=<manifest>`, for production): only the
  documents of a manifest run, by id (`documentId` as the GraphQL-over-HTTP appendix and
  GraphQL Code Generator's client preset send it, Relay's `doc_id`, or Apollo's hash);
  a document sent as text is refused with TRUSTED_DOCUMENTS_ONLY.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
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


def load_manifest(path: Path) -> dict[str, str]:
    """Document id -> document, from the manifest GraphQL Code Generator's client preset
    and Relay write (`{"<id>": "<document>"}`) or Apollo's persisted-query manifest."""
    data = json.loads(path.read_text())
    if isinstance(data, dict) and data.get("format") == "apollo-persisted-query-manifest":
        return {op["id"]: op["body"] for op in data["operations"]}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: not a manifest of document ids and documents")
    return data


def _bare(document_id: str) -> str:
    return document_id.removeprefix("sha256:")


class PersistedQueries:
    def __init__(self, max_bytes: int = CACHE_BYTES, trusted: dict[str, str] | None = None) -> None:
        self._documents: LRUCache[str, str] = LRUCache(max_bytes, getsizeof=len)
        # Trusted documents by id, with and without the "sha256:" prefix.
        self.trusted = None if trusted is None else {
            key: doc for doc_id, doc in trusted.items() for key in (doc_id, _bare(doc_id))
        }  # fmt: skip

    def resolve(
        self,
        query: str | None,
        extensions: dict[str, Any] | None,
        document_id: object = None,
    ) -> str | None:
        """The document to run: `query` itself, or the one its id or hash names."""
        persisted = (extensions or {}).get("persistedQuery")
        if self.trusted is not None:
            return self._trusted(self.trusted, document_id, persisted)
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

    @staticmethod
    def _trusted(trusted: dict[str, str], document_id: object, persisted: object) -> str:
        if document_id is None and isinstance(persisted, dict):
            document_id = persisted.get("sha256Hash")
        if document_id is None:
            raise PersistedQueryError(
                "Only trusted documents run here: send `documentId`, not the document.",
                "TRUSTED_DOCUMENTS_ONLY",
            )
        known = trusted.get(_bare(document_id)) if isinstance(document_id, str) else None
        if known is None:
            raise PersistedQueryError(
                "No trusted document has that id.", "PERSISTED_QUERY_NOT_FOUND", "NOT_TRUSTED"
            )
        return known
