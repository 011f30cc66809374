# Two commands for a fresh machine (both set up what they need, quickly when already done):
#   make interview   a whole interview in console mode on the embedded engines (no keys, no servers)
#   make test        the whole suite (SQLite + PostgreSQL), ruff, mypy
.PHONY: interview api test setup serve migrate bench lint migrations

# Audio when a sound device exists, typed text otherwise (or always: make interview CONSOLE_FLAGS=--text).
interview:
	SETUP_SERVICES=0 scripts/setup.sh
	.venv/bin/python -m agent console $(CONSOLE_FLAGS)

api:
	SETUP_SERVICES=0 scripts/setup.sh
	.venv/bin/python -m api

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

serve: api

migrate:
	.venv/bin/python -m api migrate

lint:
	.venv/bin/ruff check . && .venv/bin/mypy

bench: setup
	.venv/bin/python bench/api_load.py

migrations:
	.venv/bin/python scripts/regen_migrations.py
