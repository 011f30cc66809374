"""Worker-test fixtures. The database fixtures (`db`, parametrised over SQLite and PostgreSQL) are the
foundation's, in `tests/conftest.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE


@pytest.fixture(autouse=True)
def fresh_statement_cache() -> Iterator[None]:
    """Tortoise caches each table's INSERT statement by (connection name, schema, table), in the placeholder
    style of whichever dialect built it first; our tests switch between SQLite (`?`) and PostgreSQL (`$1`)
    under the same connection name, so the cache must not outlive a test."""
    EXECUTOR_CACHE.clear()
    yield
    EXECUTOR_CACHE.clear()
