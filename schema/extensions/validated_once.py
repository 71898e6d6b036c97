"""Validation once per parsed document, found by the document's identity.

strawberry's ValidationCache keys its LRU cache by the document itself, and an AST
node is a frozen dataclass whose hash walks the whole tree: every request paid for
hashing its document (1.4% of a page request's CPU). The parser cache hands out the
same document object for the same text, so its identity is the key; the entry holds
the document, so that identity cannot be reused while the entry lives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cachetools import LRUCache
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

# As many as the parser cache keeps documents (strawberry's default, 128), and more.
_VALIDATED: LRUCache[tuple[int, tuple[Any, ...]], tuple[Any, Any]] = LRUCache(maxsize=256)


class ValidatedOnce(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, rules = context.graphql_document, tuple(context.validation_rules)
        key = (id(document), rules)
        known = _VALIDATED.get(key)
        if known is not None and known[0] is document:
            errors = known[1]
        else:
            errors = validate_document(context.schema._schema, document, rules)
            _VALIDATED[key] = (document, errors)
        context.pre_execution_errors = errors
        yield
