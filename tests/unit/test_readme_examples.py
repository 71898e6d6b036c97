"""The README's network, suggestion, notification and analytics examples are valid operations of the
schema as it is."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from schema.root import schema

README = Path(__file__).resolve().parents[2] / "README.md"
# (first heading, the heading after it): the sections whose examples are checked
SECTIONS = (
    ("## Network queries", "## Notifications and real time"),
    ("## Notifications and real time", "## For analysts"),
    ("## For analysts", "## API conventions"),
)


def _examples(start: str, end: str) -> list[str]:
    text = README.read_text()
    section = text[text.index(start) : text.index(end)]
    blocks = re.findall(r"```graphql\n(.*?)```", section, flags=re.S)
    # a block may hold several operations, one per paragraph
    return [op for block in blocks for op in re.split(r"\n\n+", block.strip()) if op]


EXAMPLES = [op for start, end in SECTIONS for op in _examples(start, end)]


@pytest.mark.parametrize("operation", EXAMPLES)
def test_each_example_validates(operation: str) -> None:
    assert not validate(schema._schema, parse(operation))


@pytest.mark.parametrize(("start", "end"), SECTIONS)
def test_there_are_examples(start: str, end: str) -> None:
    assert len(_examples(start, end)) >= 2
