# One command to run the service, one to run the tests; both set everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed
# The tests' own JavaScript clients (the GraphQL-over-HTTP audit, graphql-ws), pinned by lock file.
NODE_STAMP := tests/http_audit/node_modules/.installed
# The browser assets the service serves (GraphiQL), pinned by lock file.
STATIC_STAMP := linkgraph/static/node_modules/.installed

.PHONY: run test test-fast lint lint-cypher setup clean system-packages

run: $(STAMP) $(STATIC_STAMP)
	$(VENV)/bin/linkgraph serve

test: $(STAMP) $(NODE_STAMP) $(STATIC_STAMP) system-packages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# What the tests need from Debian: a real Redis for the several-instances tests, and
# Chromium for the browser tests (Playwright drives the system's browser).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-packages:
	@{ command -v redis-server >/dev/null || command -v valkey-server >/dev/null; } \
		&& command -v chromium >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends redis-server chromium; }

# The fast tier alone: pure logic, no store, no app (seconds).
test-fast: $(STAMP)
	$(VENV)/bin/pytest tests/unit $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pyright
	$(VENV)/bin/lint-imports

# Every Cypher statement through Neo4j 5's own parser and semantic analysis.
lint-cypher: $(STAMP)
	$(VENV)/bin/python -m graphdb.queries | ../shared/tools/cypher-lint/cypher-lint --strict

setup: $(STAMP) $(STATIC_STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "linkgraph needs Python 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): tests/http_audit/package-lock.json
	@command -v npm >/dev/null || { echo "the tests need node and npm (Debian: nodejs npm)"; exit 1; }
	npm ci --prefix tests/http_audit --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(STATIC_STAMP): linkgraph/static/package-lock.json
	@command -v npm >/dev/null || { echo "GraphiQL's assets come from npm (Debian: nodejs npm)"; exit 1; }
	npm ci --prefix linkgraph/static --no-audit --no-fund --loglevel=error
	touch $(STATIC_STAMP)

clean:
	rm -rf $(VENV) .linkgraph .pytest_cache tests/http_audit/node_modules linkgraph/static/node_modules
