"""The relational measures stay portable: each statement transpiles to Spark SQL."""

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from analytics import sql


@pytest.mark.parametrize("name", list(sql.statements()))
def test_each_statement_transpiles_to_spark(name: str) -> None:
    statement = sql.statements()[name]
    (spark,) = sqlglot.transpile(
        statement, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE
    )
    # and Spark's dialect reads back what was written
    assert sqlglot.parse_one(spark, read="spark") is not None
