"""Fixtures for the worker's tests.

`agent_db` gives a real, empty database for one test, on SQLite and on PostgreSQL (127.0.0.1:5432, db
`test`, a fresh schema per test so runs never see each other's rows). The PostgreSQL case is skipped with a
reason when the server is unreachable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from api.db import close_db, init_db, with_query

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


async def _create_pg_schema(schema: str) -> bool:
    import asyncpg

    try:
        conn = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1), timeout=3)
    except (OSError, asyncpg.PostgresError):
        return False
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()
    return True


async def _drop_pg_schema(schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1), timeout=3)
    try:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await conn.close()


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def agent_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A connected tortoise with the schema created; yields the database URL."""
    schema = ""
    if request.param == "sqlite":
        url = f"sqlite://{tmp_path / 'agent.sqlite3'}"
    else:
        schema = f"agent_{secrets.token_hex(6)}"
        if not await _create_pg_schema(schema):
            pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
        url = with_query(POSTGRES_URL, schema=schema)
    await init_db(url)
    await Tortoise.generate_schemas()
    try:
        yield url
    finally:
        await close_db()
        EXECUTOR_CACHE.clear()  # insert statements are cached per table, in the last dialect's placeholders
        if schema:
            await _drop_pg_schema(schema)
