"""The relational measures, as SQL over the snapshot's tables.

Written in DuckDB's dialect, which runs them here over the Parquet files, and kept to
what sqlglot transpiles to Spark SQL (tests/analytics checks each one): moving them to a
cluster is a change of engine, not a rewrite. Plain SQL rather than Ibis: the statements
are short, readable on their own, and one dependency lighter.
Times are epoch milliseconds; durations come out in seconds.
"""

from __future__ import annotations

# Both directions of each connection.
_BOTH_WAYS = """
both_ways AS (
  SELECT a AS x, b AS y, since FROM connections
  UNION ALL
  SELECT b AS x, a AS y, since FROM connections
)"""

FOLLOW_RECIPROCITY = """
SELECT
  count(*) AS follows,
  count(*) FILTER (WHERE r.follower IS NULL) AS one_way,
  count(*) FILTER (WHERE f.viaConnection) AS via_connection
FROM follows f
LEFT JOIN follows r ON r.follower = f.followee AND r.followee = f.follower
"""

# Of each connection, how many of its two follows remain (0, 1 or 2).
CONNECTION_FOLLOWS = """
SELECT kept, count(*) AS connections FROM (
  SELECT (CASE WHEN f1.follower IS NULL THEN 0 ELSE 1 END)
       + (CASE WHEN f2.follower IS NULL THEN 0 ELSE 1 END) AS kept
  FROM connections c
  LEFT JOIN follows f1 ON f1.follower = c.a AND f1.followee = c.b
  LEFT JOIN follows f2 ON f2.follower = c.b AND f2.followee = c.a
) t
GROUP BY kept
"""

# Follows made before the two connected (not by the connection itself), and how long
# after the follow the connection came.
FOLLOW_THEN_CONNECT = (
    "WITH"
    + _BOTH_WAYS
    + """
SELECT
  count(*) AS follows,
  quantile_cont((c.since - f.since) / 1000.0, 0.5) AS median_seconds
FROM follows f
JOIN both_ways c ON c.x = f.follower AND c.y = f.followee
WHERE NOT f.viaConnection AND c.since > f.since
"""
)

INVITATION_STATES = """
SELECT state, count(*) AS invitations FROM invitations GROUP BY state
"""

TIME_TO_ACCEPT = """
SELECT
  quantile_cont((acceptedAt - sentAt) / 1000.0, 0.5) AS p50,
  quantile_cont((acceptedAt - sentAt) / 1000.0, 0.9) AS p90
FROM invitations
WHERE state = 'ACCEPTED' AND acceptedAt IS NOT NULL
"""

INVITATIONS_RECEIVED = """
SELECT recipient, count(*) AS received FROM invitations GROUP BY recipient
"""

# Acceptance by whether the two had a mutual connection when the invitation was sent.
# INTERSECT rather than a join of the two friend lists: DuckDB's join order optimizer
# joins the friend lists on the friend first (degree squared rows) and took 9 s at 100k
# people where this takes 0.2 s; Spark has INTERSECT too.
ACCEPTANCE_BY_MUTUALS = (
    "WITH"
    + _BOTH_WAYS
    + """,
sender_friends AS (
  SELECT i.id, w.y AS friend
  FROM invitations i JOIN both_ways w ON w.x = i.sender
  WHERE w.since < i.sentAt
),
recipient_friends AS (
  SELECT i.id, w.y AS friend
  FROM invitations i JOIN both_ways w ON w.x = i.recipient
  WHERE w.since < i.sentAt
),
mutual AS (
  SELECT DISTINCT id FROM (
    SELECT id, friend FROM sender_friends
    INTERSECT
    SELECT id, friend FROM recipient_friends
  ) shared
)
SELECT
  m.id IS NOT NULL AS with_mutuals,
  count(*) AS sent,
  count(*) FILTER (WHERE i.state = 'ACCEPTED') AS accepted,
  count(*) FILTER (WHERE i.state = 'IGNORED') AS ignored
FROM invitations i
LEFT JOIN mutual m ON m.id = i.id
GROUP BY m.id IS NOT NULL
"""
)


def _period(column: str, unit: str) -> str:
    return f"CAST(date_trunc('{unit}', to_timestamp({column} / 1000)) AS TIMESTAMP)"


def invitations_by_period(unit: str) -> str:
    """Invitations by the period they were sent in, each with what became of it."""
    return f"""
SELECT
  {_period("sentAt", unit)} AS period,
  count(*) AS sent,
  count(*) FILTER (WHERE state = 'ACCEPTED') AS accepted,
  count(*) FILTER (WHERE state = 'IGNORED') AS ignored,
  count(*) FILTER (WHERE state = 'WITHDRAWN') AS withdrawn,
  count(*) FILTER (WHERE state = 'PENDING') AS pending
FROM invitations
WHERE sentAt IS NOT NULL
GROUP BY 1
ORDER BY 1
"""


def growth_by_period(unit: str) -> str:
    """New people, connections, follows (one-way ones apart) and posts per period."""
    return f"""
WITH events AS (
  SELECT {_period("createdAt", unit)} AS period, 'people' AS kind FROM people
  WHERE createdAt IS NOT NULL
  UNION ALL
  SELECT {_period("since", unit)}, 'connections' FROM connections WHERE since IS NOT NULL
  UNION ALL
  SELECT {_period("since", unit)}, CASE WHEN viaConnection THEN 'follows' ELSE 'oneWay' END
  FROM follows WHERE since IS NOT NULL
  UNION ALL
  SELECT {_period("createdAt", unit)}, 'posts' FROM posts WHERE createdAt IS NOT NULL
)
SELECT
  period,
  count(*) FILTER (WHERE kind = 'people') AS people,
  count(*) FILTER (WHERE kind = 'connections') AS connections,
  count(*) FILTER (WHERE kind IN ('follows', 'oneWay')) AS follows,
  count(*) FILTER (WHERE kind = 'oneWay') AS one_way_follows,
  count(*) FILTER (WHERE kind = 'posts') AS posts
FROM events
GROUP BY period
ORDER BY period
"""


PERIODS = {"DAY": "day", "WEEK": "week", "MONTH": "month"}


def statements() -> dict[str, str]:
    """Every statement by name (for the transpile check)."""
    named = {
        "FOLLOW_RECIPROCITY": FOLLOW_RECIPROCITY,
        "CONNECTION_FOLLOWS": CONNECTION_FOLLOWS,
        "FOLLOW_THEN_CONNECT": FOLLOW_THEN_CONNECT,
        "INVITATION_STATES": INVITATION_STATES,
        "TIME_TO_ACCEPT": TIME_TO_ACCEPT,
        "INVITATIONS_RECEIVED": INVITATIONS_RECEIVED,
        "ACCEPTANCE_BY_MUTUALS": ACCEPTANCE_BY_MUTUALS,
    }
    for period, unit in PERIODS.items():
        named[f"invitations_by_period({period})"] = invitations_by_period(unit)
        named[f"growth_by_period({period})"] = growth_by_period(unit)
    return named
