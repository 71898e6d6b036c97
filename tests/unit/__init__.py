"""The fast tier: pure logic (limits, cost, cursors, rules), no store, no app. `make
test-fast` runs it alone in seconds; `make test` runs it with everything else."""
