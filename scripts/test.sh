#!/usr/bin/env bash
# The whole test command: pytest over tests/ (SQLite and PostgreSQL), then ruff and mypy.
# Fails when PostgreSQL is unreachable, and when pytest collects no tests (exit code 5).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "[test] PostgreSQL is not reachable on 127.0.0.1:5432: the suite needs it" >&2
  exit 1
fi

status=0
"$PY" -m pytest tests "$@"
rc=$?
if [ "$rc" -eq 5 ]; then echo "[test] pytest collected no tests" >&2; fi
[ "$rc" -eq 0 ] || status=1
"$PY" -m ruff check . || status=1
"$PY" -m mypy || status=1
exit "$status"
