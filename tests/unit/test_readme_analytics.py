"""The README's analytics examples are valid operations of the schema as it is."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from schema.root import schema

README = Path(__file__).resolve().parents[2] / "README.md"


def _analytics_examples() -> list[str]:
    text = README.read_text()
    section = text[text.index("## For analysts") : text.index("## API conventions")]
    blocks = re.findall(r"```graphql\n(.*?)```", section, flags=re.S)
    # a block may hold several operations, one per paragraph
    return [op for block in blocks for op in re.split(r"\n\n+", block.strip()) if op]


@pytest.mark.parametrize("operation", _analytics_examples())
def test_each_example_validates(operation: str) -> None:
    assert not validate(schema._schema, parse(operation))


def test_there_are_examples() -> None:
    assert len(_analytics_examples()) >= 3
