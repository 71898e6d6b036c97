# One command to run the service, one to run the tests; both set everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint lint-cypher setup clean

run: $(STAMP)
	$(VENV)/bin/linkgraph serve

test: $(STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every Cypher statement through Neo4j 5's own parser and semantic analysis.
lint-cypher: $(STAMP)
	$(VENV)/bin/python -m graphdb.queries | ../shared/tools/cypher-lint/cypher-lint --strict

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "linkgraph needs Python 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .linkgraph .pytest_cache
