# The README's two commands are `make serve` and `make test`; everything else here supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SETTINGS_LOCAL := vudig.settings.local

.PHONY: serve test setup system-packages lint migrations-check worker beat

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

## Set up and serve the portal at http://127.0.0.1:8000 with Piteå's plan and demo accounts (SQLite, no services).
serve: setup
	DJANGO_SETTINGS_MODULE=$(SETTINGS_LOCAL) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(SETTINGS_LOCAL) $(PY) manage.py load_plan
	DJANGO_SETTINGS_MODULE=$(SETTINGS_LOCAL) $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(SETTINGS_LOCAL) $(PY) manage.py runserver 127.0.0.1:8000

## Set up and run the whole test suite: lint, migrations check, unit, worker and browser tests.
test: setup system-packages lint migrations-check
	$(PY) -m pytest

system-packages:
	@scripts/ensure-system-packages.sh

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: setup
	DJANGO_SETTINGS_MODULE=vudig.settings.test $(PY) manage.py makemigrations --check --dry-run

## Production-like processes (with CELERY_BROKER_URL set): a worker and the beat scheduler.
worker: setup
	$(VENV)/bin/celery -A vudig worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A vudig beat --loglevel=INFO --schedule var/celerybeat-schedule
