"""The serving process never loads the analytics engines: they are the worker's
(a spawned process), and each cost the service tens of MB resident for nothing."""

import subprocess
import sys

ENGINES = ("networkit", "networkx", "scipy", "numba", "duckdb", "pyarrow.parquet")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; print(' '.join(m for m in {ENGINES!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_app_and_its_analytics_backend_load_no_engine() -> None:
    serving = "import linkgraph.app, linkgraph.analytics_runner, analytics.results"
    assert _loaded_after(serving) == []


def test_the_probe_sees_an_engine_when_one_is_loaded() -> None:
    assert _loaded_after("import analytics.compute") == list(ENGINES)
