# OpenPlan. `make demo` serves the demo; `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OP := $(BIN)/openplan
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
BIND ?= 127.0.0.1:8000

.PHONY: bench bench-writes demo test install messages makemessages lint typecheck security checks test-sqlite test-e2e test-postgres test-deploy serve worker clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

messages: $(STAMP)
	$(OP) compiletranslations

makemessages: $(STAMP)
	cd src/openplan && ../../$(OP) makemessages --no-obsolete --no-location -l es -l it -l lv -l fr -l en \
	  --ignore 'migrations/*'

demo: messages
	$(OP) migrate --noinput
	$(OP) demo
	$(OP) export-data --verbosity 0
	@echo "Demo on http://$(BIND)/ — mails go to the console and to var/mail/. Ctrl+C stops it."
	OPENPLAN_DEMO=1 bash -c 'trap "kill 0" EXIT; $(OP) worker & $(OP) serve --bind $(BIND)'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# bandit over our code (findings justified in docs/security.md, marked `# nosec` where they
# stand); pip-audit over the installed dependencies (tools/pip_audit.py says what it could see).
security: $(STAMP)
	$(BIN)/bandit --quiet --recursive src/openplan --exclude '*/migrations/*' --severity-level low
	$(BIN)/python tools/pip_audit.py

checks: lint typecheck security
	OPENPLAN_ENV=test $(OP) makemigrations --check --dry-run
	$(BIN)/lint-imports

test-sqlite: messages
	$(BIN)/python -m pytest -p no:cacheprovider -m "not e2e"

# Browser tests run in a process of their own (docs/decisions/0008).
test-e2e: messages
	$(BIN)/python -m pytest -p no:cacheprovider -m e2e

test-postgres: messages
	@if $(BIN)/python tools/db_available.py "$(PG_URL)"; then \
	  DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -p no:cacheprovider -m "not e2e"; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is required under CI=true ($(PG_URL))"; exit 1; \
	else echo "SKIPPED: PostgreSQL suite (no server at $(PG_URL); start one or set PG_URL)"; fi

test-deploy: $(STAMP)
	OPENPLAN_ENV=production SECRET_KEY="$$(openssl rand -hex 40)" ALLOWED_HOSTS=openplan.example.org \
	  EMAIL_URL="smtp://localhost:25" OPENPLAN_VAR_DIR="$$(mktemp -d)" \
	  OPENPLAN_RECORD_SIGNING_KEY="$$(openssl rand -hex 32)" \
	  $(OP) check --deploy --fail-level WARNING

# The two database suites and the browser tests run side by side, one process each: the browser
# tests mostly wait on Chromium and the live server, so the three share two cores well.
test: checks test-deploy
	$(MAKE) --no-print-directory -j3 --output-sync=target test-sqlite test-postgres test-e2e

serve: messages
	$(OP) serve --bind $(BIND)

worker: $(STAMP)
	$(OP) worker

# Not part of `make test`: several minutes, and it writes docs/benchmarks.md (bench/README.md).
bench: $(STAMP)
	$(BIN)/python bench/http.py --db both

bench-writes: $(STAMP)
	$(BIN)/python bench/writes.py --db both

clean:
	rm -rf $(VENV) var/static build *.egg-info src/*.egg-info
