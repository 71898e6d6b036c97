"""Runs analytics.sql over a snapshot's Parquet files with DuckDB: plain results out."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np

from analytics import sql
from analytics.distributions import describe
from analytics.snapshot import Snapshot
from analytics.tables import TABLES

# DuckDB spills to disk past this; the whole run's memory target leaves it this much.
MEMORY_LIMIT = "2GB"
# "Follow, don't connect": people with at least this many followers, by followers per
# connection; this many are kept, highest ratio first.
FOLLOW_NOT_CONNECT_MIN_FOLLOWERS = 10
FOLLOW_NOT_CONNECT_KEPT = 1_000


@contextlib.contextmanager
def connect(snapshot: Snapshot, threads: int = 2) -> Iterator[duckdb.DuckDBPyConnection]:
    db = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "threads": threads})
    try:
        db.execute("SET TimeZone = 'UTC'")
        db.execute("SET enable_progress_bar = false")
        for table in TABLES:
            if not snapshot.table_path(table).exists():
                continue  # a snapshot from before the table was taken
            path = str(snapshot.table_path(table)).replace("'", "''")
            db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
        yield db
    finally:
        db.close()


def _one(db: duckdb.DuckDBPyConnection, statement: str) -> dict:
    cursor = db.execute(statement)
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else dict.fromkeys(names)


def _all(db: duckdb.DuckDBPyConnection, statement: str) -> list[dict]:
    cursor = db.execute(statement)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ms(value: datetime) -> int:
    """Epoch ms of a UTC time (DuckDB's naive timestamps are UTC here)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


def following_versus_connecting(db: duckdb.DuckDBPyConnection, connections: int) -> dict:
    rec = _one(db, sql.FOLLOW_RECIPROCITY)
    follows = rec["follows"] or 0
    one_way = rec["one_way"] or 0
    kept = {row["kept"]: row["connections"] for row in _all(db, sql.CONNECTION_FOLLOWS)}
    then = _one(db, sql.FOLLOW_THEN_CONNECT)
    return {
        "follows": follows,
        "oneWayFollows": one_way,
        "oneWayShare": one_way / follows if follows else None,
        "reciprocity": (follows - one_way) / follows if follows else None,
        "followsMadeByConnecting": rec["via_connection"] or 0,
        "connections": connections,
        "connectionsFollowingBothWays": kept.get(2, 0),
        "connectionsFollowingOneWay": kept.get(1, 0),
        "connectionsFollowingNeither": kept.get(0, 0),
        "followsThenConnected": then["follows"] or 0,
        "medianFollowToConnectSeconds": then["median_seconds"],
    }


def follow_not_connect(
    followers: np.ndarray, connections: np.ndarray, ids: list[str]
) -> list[dict]:
    """The people many follow but few are connected to, by followers per connection."""
    eligible = np.flatnonzero(followers >= FOLLOW_NOT_CONNECT_MIN_FOLLOWERS)
    ratio = followers[eligible] / (connections[eligible] + 1)
    order = eligible[np.lexsort((eligible, -ratio))][:FOLLOW_NOT_CONNECT_KEPT]
    return [
        {
            "id": ids[i],
            "followers": int(followers[i]),
            "connections": int(connections[i]),
            "ratio": float(followers[i] / (connections[i] + 1)),
        }
        for i in order
    ]


def invitations(db: duckdb.DuckDBPyConnection, people: int) -> dict:
    states = {row["state"]: row["invitations"] for row in _all(db, sql.INVITATION_STATES)}
    sent = sum(states.values())
    accepted, ignored = states.get("ACCEPTED", 0), states.get("IGNORED", 0)
    timing = _one(db, sql.TIME_TO_ACCEPT)
    received = np.asarray(
        [r["received"] for r in _all(db, sql.INVITATIONS_RECEIVED)], dtype=np.int64
    )
    received = np.concatenate([received, np.zeros(max(people - len(received), 0), np.int64)])
    by_mutuals = {row["with_mutuals"]: row for row in _all(db, sql.ACCEPTANCE_BY_MUTUALS)}

    def cohort(key: bool) -> dict:
        row = by_mutuals.get(key) or {"sent": 0, "accepted": 0, "ignored": 0}
        answered = row["accepted"] + row["ignored"]
        return {
            "sent": row["sent"],
            "accepted": row["accepted"],
            "acceptanceRate": row["accepted"] / answered if answered else None,
        }

    return {
        "sent": sent,
        "accepted": accepted,
        "ignored": ignored,
        "withdrawn": states.get("WITHDRAWN", 0),
        "pending": states.get("PENDING", 0),
        # of the invitations answered (accepted or ignored): pending and withdrawn ones
        # were never answered
        "acceptanceRate": accepted / (accepted + ignored) if accepted + ignored else None,
        "timeToAcceptP50Seconds": timing["p50"],
        "timeToAcceptP90Seconds": timing["p90"],
        "received": describe(received, fit=False),
        "withMutuals": cohort(True),
        "withoutMutuals": cohort(False),
        "series": {
            period: [
                dict(row, period=_ms(row["period"]))
                for row in _all(db, sql.invitations_by_period(unit))
            ]
            for period, unit in sql.PERIODS.items()
        },
    }


def growth(db: duckdb.DuckDBPyConnection) -> dict:
    """Per day from SQL (one scan of every table), then rolled up into ISO weeks
    (Monday first) and months: each day lies in one of each, so the sums are exact and
    the tables are read once rather than three times (16 s against 6 at a million)."""
    days = [dict(row, period=_ms(row["period"])) for row in _all(db, sql.growth_by_period("day"))]
    return {"DAY": days, "WEEK": _rolled_up(days, _week), "MONTH": _rolled_up(days, _month)}


def _week(day: datetime) -> datetime:
    return day - timedelta(days=day.weekday())


def _month(day: datetime) -> datetime:
    return day.replace(day=1)


def _rolled_up(days: list[dict], period_of: Callable[[datetime], datetime]) -> list[dict]:
    totals: dict[int, dict] = {}
    for row in days:
        start = _ms(period_of(datetime.fromtimestamp(row["period"] / 1000, tz=UTC)))
        total = totals.setdefault(start, dict.fromkeys(row, 0) | {"period": start})
        for key, value in row.items():
            if key != "period":
                total[key] += value
    return [totals[k] for k in sorted(totals)]
