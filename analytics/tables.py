"""The snapshot's tables: one Parquet file each, with these columns.

Times are epoch milliseconds (as in the store); a missing value is null.
"""

from __future__ import annotations

import pyarrow as pa

_MS = pa.int64()

TABLES: dict[str, pa.Schema] = {
    "people": pa.schema(
        [
            ("id", pa.string()),
            ("handle", pa.string()),
            ("name", pa.string()),
            ("createdAt", _MS),
            ("industry", pa.string()),
            ("location", pa.string()),
        ]
    ),
    # One row per connection, `a` < `b`.
    "connections": pa.schema([("a", pa.string()), ("b", pa.string()), ("since", _MS)]),
    # Person-to-person follows; `viaConnection` when accepting an invitation made it.
    "follows": pa.schema(
        [
            ("follower", pa.string()),
            ("followee", pa.string()),
            ("since", _MS),
            ("viaConnection", pa.bool_()),
        ]
    ),
    # Person-to-organization follows.
    "organizationFollows": pa.schema(
        [("person", pa.string()), ("organization", pa.string()), ("since", _MS)]
    ),
    "invitations": pa.schema(
        [
            ("id", pa.string()),
            ("sender", pa.string()),
            ("recipient", pa.string()),
            ("state", pa.string()),
            ("sentAt", _MS),
            ("acceptedAt", _MS),
            ("ignoredAt", _MS),
            ("withdrawnAt", _MS),
        ]
    ),
    "posts": pa.schema(
        [
            ("id", pa.string()),
            ("author", pa.string()),
            ("authorKind", pa.string()),
            ("createdAt", _MS),
            ("visibility", pa.string()),
        ]
    ),
    "organizations": pa.schema(
        [
            ("id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("createdAt", _MS),
            ("followers", pa.int64()),
        ]
    ),
    "affiliations": pa.schema(
        [
            ("person", pa.string()),
            ("organization", pa.string()),
            ("role", pa.string()),
            ("year", pa.int64()),
        ]
    ),
}
