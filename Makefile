# Genie: `make run` sets everything up and serves on 127.0.0.1:8000;
# `make test` sets everything up and runs the whole suite. Both are idempotent.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is a local demo: debug on, demo users allowed, no two-factor.
RUN_ENV := GENIE_DEBUG=true GENIE_DEMO=true
VENDOR := static/vendor/.built

.PHONY: install run test lint vendor migrate demo serve bench check-deploy clean

install: $(VENV)/.installed $(VENDOR)

# Python dependencies, pinned in requirements.lock (regenerate with `make lock`).
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# Front-end assets come from npm (package-lock.json) and are served by the app
# itself: NHS.UK frontend compiled with our styles, htmx from django-htmx,
# Leaflet for the maps, Atkinson Hyperlegible (the one typeface), axe-core for
# the accessibility tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR): node_modules/.installed scripts/vendor_assets.sh $(wildcard static/scss/*.scss)
	bash scripts/vendor_assets.sh
	touch $@

vendor: $(VENDOR)

migrate: install
	$(RUN_ENV) $(MANAGE) migrate --no-input

demo: migrate
	$(RUN_ENV) $(MANAGE) load_demo

run: demo
	$(RUN_ENV) $(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: install lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Production-style serving (set GENIE_SECRET_KEY, GENIE_ALLOWED_HOSTS, DATABASE_URL).
serve: install
	$(MANAGE) collectstatic --no-input
	$(MANAGE) migrate --no-input
	$(VENV)/bin/gunicorn -c genie/gunicorn.conf.py genie.wsgi

# Benchmarks against a scratch PostgreSQL database (never part of `make test`):
# seeds production-scale data if empty, drives gunicorn on 127.0.0.1 and prints
# ratios (docs/performance.md). BENCH_SECONDS, BENCH_USERS, BENCH_SCALE tune it.
bench: install
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*) ;; \
	  *) echo "make bench: DATABASE_URL is not PostgreSQL (it is unset or another database)."; \
	     echo "Point it at a scratch PostgreSQL database: the benchmark fills it with data."; exit 2;; \
	esac
	$(PY) bench/throughput.py
	$(PY) bench/load.py
	BENCH_USERS=4 $(PY) bench/load.py
	$(PY) bench/steps.py
	$(PY) bench/matching.py
	$(PY) bench/dashboard.py
	$(PY) bench/network_map.py

lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
