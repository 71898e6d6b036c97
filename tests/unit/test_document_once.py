"""Each document is parsed and validated once, and answers what doing it again would;
the token limit and the shape rules apply."""

from __future__ import annotations

import strawberry

from schema.extensions import document_once
from schema.extensions.document_once import DocumentOnce
from schema.extensions.document_shape import shape_rule


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "hi"


SHAPE = [shape_rule(3, 2, 5)]  # made once, as the service's are: rules are part of the key
SCHEMA = strawberry.Schema(Query, extensions=[lambda: DocumentOnce(max_tokens=20, rules=SHAPE)])


def _entries_for(text: str) -> int:
    return sum(1 for document, _ in document_once._VALIDATED.values()
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


def test_the_token_limit_stops_a_document_as_it_is_parsed() -> None:
    result = SCHEMA.execute_sync("{ " + "hello " * 30 + "}")
    assert result.errors and "more than 20 tokens" in result.errors[0].message


def test_the_shape_rules_are_applied() -> None:
    result = SCHEMA.execute_sync("{ a: hello b: hello c: hello }")  # three aliases, two allowed
    assert result.data is None and result.errors
