"""A document's text is parsed once and its document validated once, with the shape
limits, in one extension.

- Parsing: graphql-core's parser, cached by text (as strawberry's ParserCache does),
  with the token limit as a parse option (as MaxTokensLimiter sets it): a document over
  it fails to parse, before anything else is spent on it.
- Validation: the schema's rules plus the shape rules, cached by the parsed document's
  identity. strawberry's ValidationCache keys by the document itself, and an AST node is
  a frozen dataclass whose hash walks the whole tree: every request paid for hashing
  its document. The parse cache hands out the same object for the same text; the entry
  holds it, so its identity cannot be reused while the entry lives.

One extension where four were: each costs every operation its hooks (~1% of a lookup).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cachetools import LRUCache
from graphql.language.parser import parse
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

_MAX_DOCUMENTS = 256
_parse = lru_cache(maxsize=_MAX_DOCUMENTS)(parse)
_VALIDATED: LRUCache[tuple[int, tuple[Any, ...]], tuple[Any, Any]] = LRUCache(_MAX_DOCUMENTS)


class DocumentOnce(SchemaExtension):
    def __init__(self, *, max_tokens: int, rules: list[type[ASTValidationRule]]) -> None:
        super().__init__()
        self.max_tokens = max_tokens
        self.rules = tuple(rules)

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        context.graphql_document = _parse(context.query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        assert document is not None  # parsed (a parse error ends the operation before)
        rules = (*context.validation_rules, *self.rules)
        key = (id(document), rules)
        known = _VALIDATED.get(key)
        if known is not None and known[0] is document:
            errors = known[1]
        else:
            errors = validate_document(context.schema._schema, document, rules)
            _VALIDATED[key] = (document, errors)
        context.pre_execution_errors = errors
        yield
