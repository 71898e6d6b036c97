"""Every Cypher statement the service sends, as module-level constants.

Values always travel as $parameters. List statements order and cut their rows to the
page before projecting them: the local store otherwise projects every row first (twice
as slow over a 30,000-follower list). `python -m graphdb.queries` prints them all for
../shared/tools/cypher-lint.
"""

from __future__ import annotations

import importlib
import pkgutil


def all_statements() -> list[dict[str, str]]:
    """Each UPPER_SNAKE string constant in this package that is a whole statement (a
    name ending in _MAP, _FIELDS or _SUBQUERY is a fragment that statements include)."""
    statements = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if (
                name.isupper()
                and not name.startswith("_")
                and isinstance(value, str)
                and not name.endswith(("_MAP", "_FIELDS", "_SUBQUERY"))
            ):
                statements.append({"name": f"{module_info.name}.{name}", "cypher": value})
    return statements
