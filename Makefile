# Liangxin — everything a fresh machine needs, from the project's own files.
SHELL := /bin/bash
# Django 6 needs Python 3.12 or newer: the first such interpreter on PATH, else one
# installed under pyenv (its shims fail for versions that are not selected, so each
# candidate is asked to run).
ifndef PYTHON
PYTHON := $(shell for candidate in python3 python3.12 python3.13 python3.14 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$candidate; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
ASSETS := liangxin/static/vendor/.stamp
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SCALE ?= zone

.PHONY: run test bench lint format assets venv migrate demo clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更新版本（Django 6），未找到；可设置 PYTHON=/path/to/python3.12" >&2; exit 1; }
	@# A virtualenv left by an older Python is rebuilt.
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || rm -rf $(VENV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(STAMP)

.env:
	$(PYTHON) scripts/make_env.py .env

# Front-end packages come from the npm registry at set-up; nothing third-party is committed.
$(ASSETS): package.json package-lock.json scripts/copy_assets.sh
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	bash scripts/copy_assets.sh
	touch $@

assets: $(ASSETS)

migrate: $(STAMP) .env
	mkdir -p var
	$(PY) manage.py migrate --noinput

run: $(STAMP) .env $(ASSETS) migrate
	DEMO_SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py seed_demo --scale $(DEMO_SCALE) --if-empty
	@# The job worker (ledger imports/exports) and the scheduler (monthly snapshots,
	@# letter expiry, file retention) run beside the server and stop with it. Ctrl-C is
	@# the way to stop: the shell stops both and ends quietly (make then reports no error).
	$(PY) manage.py db_worker & worker=$$!; \
	$(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# pytest-xdist: one worker per core keeps the suite within CI's time as it grows; worksteal
# hands a finished worker the other's remaining tests, so the long tail ends together.
PYTEST_ARGS ?= -n auto --dist worksteal
test: $(STAMP) .env $(ASSETS)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) .env $(ASSETS)
	@command -v wrk >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| echo "wrk 未安装：吞吐量改用 Python 线程压测（数字偏低）"
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP) .env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The layers of the README's design section, and no import cycle between packages.
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules liangxin/static/vendor staticfiles
