"""The files of a finished run's folder, named in one place: the worker writes them
(analytics.compute) and the service reads them (analytics.results) without importing
the compute side's graph and SQL engines."""

RESULTS = "results.json"
PEOPLE = "people.parquet"
COMMUNITIES = "communities.parquet"
