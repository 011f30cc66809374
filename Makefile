# Two commands for a fresh machine (both set up what they need, quickly when already done):
#   make interview   the API on migrated SQLite at http://127.0.0.1:8000
#   make test        the whole suite (SQLite + PostgreSQL), ruff, mypy
.PHONY: interview test setup serve migrate bench lint migrations

interview:
	SETUP_SERVICES=0 scripts/setup.sh
	.venv/bin/python -m api

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

serve: interview

migrate:
	.venv/bin/python -m api migrate

lint:
	.venv/bin/ruff check . && .venv/bin/mypy

bench: setup
	.venv/bin/python bench/api_load.py

migrations:
	.venv/bin/python scripts/regen_migrations.py
