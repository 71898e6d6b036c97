"""Throughput under concurrent load: locust (linkgraph/bench/locustfile.py) against the
running service over loopback, for a fixed time, headless."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from linkgraph.auth import authenticator_from
from linkgraph.settings import Settings
from resolvers.ids import global_id

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


async def run(
    url: str, settings: Settings, samples: list[tuple[str, str]], seconds: int, users: int,
    out: Path,
) -> dict[str, Any]:  # fmt: skip
    """Run the mix for `seconds` with `users` concurrent users; the aggregate figures."""
    authenticator = authenticator_from(settings)
    people = sorted({p for pair in samples for p in pair})
    plan = {"people": [{"gid": global_id("Person", p), "token": authenticator.mint(p)}
                       for p in people]}  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        plan_path = Path(work) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        prefix = str(out.with_suffix("")) + "-load"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
            "--host", url, "--csv", prefix, "--only-summary", "--loglevel", "WARNING",
            "--logfile", prefix + ".log",
            env={**os.environ, "LINKGRAPH_LOAD_PLAN": str(plan_path)},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await process.wait()
    return summary(Path(prefix + "_stats.csv"), seconds, users)


def _ms(value: str) -> float | None:
    """A locust percentile: "N/A" when nothing finished in the window (a busy machine)."""
    return None if value == "N/A" else float(value)


def summary(stats_csv: Path, seconds: int, users: int) -> dict[str, Any]:
    with stats_csv.open() as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": _ms(total["50%"]),
        "p99_ms": _ms(total["99%"]),
        "by_operation": {
            name: {
                "requests": int(r["Request Count"]),
                "p50_ms": _ms(r["50%"]),
                "p99_ms": _ms(r["99%"]),
            }
            for name, r in rows.items()
            if name != "Aggregated"
        },
    }
