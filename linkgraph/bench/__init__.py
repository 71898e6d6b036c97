"""The benchmark suite: `linkgraph bench` (network.py: each field over HTTP against its
raw Cypher, then throughput under load with locust) and `linkgraph bench-worst`
(worst.py: the worst documents and hubs the limits admit)."""
