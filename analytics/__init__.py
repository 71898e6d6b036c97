"""Whole-network measures over snapshot files: Parquet in, plain results out.

Never imports the driver, GraphQL or HTTP: it can be tested, profiled and moved to a
bigger engine on its own. The composition root runs it in a worker process.
"""
