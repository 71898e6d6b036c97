"""Who the viewer is to each person: what they may see of them depends on it."""

from typing import LiteralString

# Each row brings its pair key (graphdb.connections.pair_key): looked up through the
# connection_pair index, so the test costs the same for a hub as for anyone.
CONNECTED_TO_VIEWER: LiteralString = """
UNWIND $rows AS row
OPTIONAL MATCH ()-[c:CONNECTED_TO]->()
WHERE c.key = row.pairKey
RETURN row.id AS id, c IS NOT NULL AS connected
"""
# Does the pair share a connection? Walked from the side with fewer connections.
SHARE_A_CONNECTION: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
WITH a, b, COUNT { (a)-[:CONNECTED_TO]-() } <= COUNT { (b)-[:CONNECTED_TO]-() } AS aSmaller
WITH CASE WHEN aSmaller THEN a ELSE b END AS small, CASE WHEN aSmaller THEN b ELSE a END AS big
RETURN EXISTS { (small)-[:CONNECTED_TO]-(:Person)-[:CONNECTED_TO]-(big) } AS shared
"""
