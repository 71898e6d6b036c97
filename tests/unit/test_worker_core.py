"""The analytics worker keeps off the service's core."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_a_worker_leaves_the_first_core_to_the_service() -> None:
    # In a process of its own, as the worker is: affinity is per process.
    code = (
        "import json, os; from linkgraph.analytics_runner import leave_first_core; "
        "before = sorted(os.sched_getaffinity(0)); leave_first_core(); "
        "print(json.dumps([before, sorted(os.sched_getaffinity(0))]))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = json.loads(run.stdout)
    assert after == (before[1:] if len(before) > 1 else before)
