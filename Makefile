# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: demo test test-sqlite test-postgres lint format install install-dev chromium postgres clean mutation

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)
install-dev: $(DEVSTAMP)

demo: $(STAMP)
	$(BIN)/hibrida demo

# Debian's chromium for the browser tests (Playwright may not download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Memasang chromium dari paket Debian..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null; }

# Start the local PostgreSQL cluster when it is not running (machines' env notes).
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  echo "Menjalankan PostgreSQL lokal..."; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(DEVSTAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: $(DEVSTAMP) chromium
	DATABASE_URL= $(BIN)/pytest -n 2 -m "not browser" -q
	DATABASE_URL= $(BIN)/pytest -m browser -q

test-postgres: $(DEVSTAMP) postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -m "not browser" -q

test: lint test-sqlite test-postgres

# Mutation testing (not part of `make test`): per module against its fast tests, see
# docs/testing.md. MODULES=nip make mutation runs one; MUTATION_JOBS sets the workers.
mutation: $(DEVSTAMP)
	$(BIN)/python tools/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
