"""Validation runs once per parsed document and answers what validating again would."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache

from schema.extensions import validated_once
from schema.extensions.validated_once import ValidatedOnce


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "hi"


SCHEMA = strawberry.Schema(Query, extensions=[ParserCache, ValidatedOnce])


def _entries_for(text: str) -> int:
    return sum(1 for document, _ in validated_once._VALIDATED.values()
               if document.loc and document.loc.source.body == text)  # fmt: skip


def test_a_document_is_validated_once_and_answers_alike() -> None:
    text = "{ hello }"
    first, second = SCHEMA.execute_sync(text), SCHEMA.execute_sync(text)
    assert first.data == second.data == {"hello": "hi"} and not first.errors
    assert _entries_for(text) == 1


def test_an_invalid_document_is_refused_every_time() -> None:
    text = "{ hello nope }"
    for _ in range(3):
        result = SCHEMA.execute_sync(text)
        assert result.data is None
        assert result.errors and "nope" in result.errors[0].message
    assert _entries_for(text) == 1


def test_documents_of_different_texts_are_validated_apart() -> None:
    ok, bad = "query A { hello }", "query B { missing }"
    assert not SCHEMA.execute_sync(ok).errors
    assert SCHEMA.execute_sync(bad).errors
    assert not SCHEMA.execute_sync(ok).errors
