"""Statements only the benchmark (linkgraph bench) sends, to choose its samples."""

from typing import LiteralString

# The person with the largest following among those the benchmark generated.
MOST_FOLLOWED: LiteralString = """
MATCH (p:Person)
WHERE p.id STARTS WITH $prefix
WITH p, COUNT { (p)<-[:FOLLOWS]-() } AS followers
ORDER BY followers DESC
LIMIT 1
RETURN p.id AS id, followers
"""
# The person who follows the most people (a hub: connecting made them follow everyone).
MOST_FOLLOWING: LiteralString = """
MATCH (p:Person)
WHERE p.id STARTS WITH $prefix
WITH p, COUNT { (p)-[:FOLLOWS]->() } AS following
ORDER BY following DESC
LIMIT 1
RETURN p.id AS id, following
"""
# A row when two people are already connected or following either way.
ANY_LINK: LiteralString = """
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
WHERE EXISTS { (a)-[:CONNECTED_TO|FOLLOWS]-(b) }
RETURN 1 AS linked
"""
# One of a person's connections.
A_CONNECTION: LiteralString = """
MATCH (:Person {id: $id})-[:CONNECTED_TO]-(friend:Person)
RETURN friend.id AS id
LIMIT 1
"""

# Loads in the benchmark's store other than the network it is about to load.
OTHER_LOADS: LiteralString = """
MATCH (c:LoadCheckpoint)
WHERE NOT c.name STARTS WITH $network
RETURN DISTINCT c.name AS name
LIMIT 3
"""
