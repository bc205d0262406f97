# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Pinned, hashed dependencies (docs/operations.md, "Upgrading dependencies"): every install
# takes exactly these files; `make lock` regenerates them from pyproject.toml.
LOCK := requirements.lock
DEVLOCK := requirements-dev.lock
UV_VERSION := 0.13.9
LOCKTOOLS := .venv-tools

.PHONY: demo test test-sqlite test-postgres prod-check lint format install install-dev chromium postgres clean mutation lock audit oidc-provider

$(BIN)/python:
	$(PY) -m venv $(VENV)

# The lock installs the dependencies (hash-checked); the project itself comes without them.
# The demo's pre-migrated SQLite schema is built here too, so that `make demo` only copies it.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/hibrida demo_schema
	touch $@

$(DEVSTAMP): $(DEVLOCK) $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r $(DEVLOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP) $@

$(LOCKTOOLS)/bin/uv:
	$(PY) -m venv $(LOCKTOOLS)
	$(LOCKTOOLS)/bin/pip install -q uv==$(UV_VERSION)

# Keeps every pin already in the lock files unless pyproject.toml's ranges exclude it; to move
# one pin: make lock UPGRADE="--upgrade-package django"; to move all: UPGRADE=--upgrade.
lock: | $(LOCKTOOLS)/bin/uv
	$(LOCKTOOLS)/bin/uv pip compile pyproject.toml --universal --generate-hashes -q \
	  --custom-compile-command "make lock" $(UPGRADE) -o $(LOCK)
	$(LOCKTOOLS)/bin/uv pip compile pyproject.toml --extra dev --universal --generate-hashes -q \
	  --custom-compile-command "make lock" $(UPGRADE) -o $(DEVLOCK)

# Known vulnerabilities in the pinned versions; needs a machine that reaches the advisory
# database (PyPI's / OSV), so it is not part of `make test`.
audit: $(DEVSTAMP)
	$(BIN)/pip-audit --require-hashes --disable-pip -r $(LOCK)
	$(BIN)/pip-audit --require-hashes --disable-pip -r $(DEVLOCK)

# The OpenID Connect provider the SSO tests start (Node, pinned in its package-lock.json).
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Memasang Node.js dan npm dari paket Debian..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null; }
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

install: $(STAMP)
install-dev: $(DEVSTAMP) oidc-provider

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
	$(BIN)/mypy

format: $(DEVSTAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Tests run in random order (pytest-randomly prints the seed; rerun one with
# `-p randomly --randomly-seed=N`). Each run appends coverage data; `make test` erases it first,
# runs SQLite, browser and PostgreSQL, then reports the sum against fail_under (pyproject.toml).
# Coverage is measured on the SQLite and browser passes only: it costs about two thirds more
# CPU per test, and the PostgreSQL pass runs the same tests again, so the figure is
# conservative (lines only PostgreSQL reaches count as not covered).
# Within `make test` the PostgreSQL pass runs only the tests that use the database (the rest
# just ran on SQLite; tests/conftest.py); `make test-postgres` alone runs them all.
# test-sqlite or test-postgres alone start afresh and print their own figure without failing.
COV := --cov --cov-append --cov-report= --cov-fail-under=0
COV_FRESH = $(if $(COV_KEEP),,$(BIN)/coverage erase)
COV_PART = $(if $(COV_KEEP),,@echo "Cakupan baris: $$($(BIN)/coverage report --fail-under=0 --format=total) %")

# The browser pass collects only the files that hold browser tests (tests/conftest.py refuses a
# browser test in any other file) and runs them on two workers, each with its own database, live
# server and chromium: most of a browser test's time is waiting for the page.
BROWSER_TESTS = $(shell find tests -name '*browser*.py' -not -path '*/node_modules/*' | sort)

test-sqlite: $(DEVSTAMP) oidc-provider chromium
	$(COV_FRESH)
	DATABASE_URL= $(BIN)/pytest -n 2 -m "not browser" -q $(COV)
	DATABASE_URL= $(BIN)/pytest -n 2 -m browser -q $(COV) $(BROWSER_TESTS)
	$(COV_PART)

test-postgres: $(DEVSTAMP) oidc-provider postgres
	DATABASE_URL=$(PG_URL) HIBRIDA_DATABASE_TESTS_ONLY=$(if $(COV_KEEP),1,0) $(BIN)/pytest -n 2 -m "not browser" -q

# The production topology on 127.0.0.1 (uvicorn, celery worker and beat, a private Redis, a
# scratch PostgreSQL database): smoke journey, worker SIGKILL, Redis restart (docs/operations.md).
prod-check: $(DEVSTAMP) postgres
	PG_URL=$(PG_URL) $(BIN)/python tools/prod_check.py

test: lint
	$(BIN)/coverage erase
	$(MAKE) --no-print-directory test-sqlite test-postgres COV_KEEP=1
	$(BIN)/coverage report
	$(MAKE) --no-print-directory prod-check

# Mutation testing (not part of `make test`): per module against its fast tests, see
# docs/testing.md. MODULES=nip make mutation runs one; MUTATION_JOBS sets the workers.
mutation: $(DEVSTAMP)
	$(BIN)/python tools/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) $(LOCKTOOLS) var build *.egg-info src/*.egg-info .coverage .coverage.* $(OIDC_PROVIDER)/node_modules
