"""The aerich migrations create exactly the schema the models describe (on SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from api.db import apply_migrations, migrations_location, with_query
from tests.conftest import generate_tables

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
MIGRATION_BOOKKEEPING = {"aerich"}


def sqlite_schema(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            if r[0] not in MIGRATION_BOOKKEEPING
        ]
        schema: dict[str, Any] = {}
        for table in sorted(tables):
            columns = sorted(tuple(row[1:]) for row in con.execute(f'PRAGMA table_info("{table}")'))
            fks = sorted(tuple(row[2:7]) for row in con.execute(f'PRAGMA foreign_key_list("{table}")'))
            indexes = []
            for _, name, unique, origin, _partial in con.execute(f'PRAGMA index_list("{table}")'):
                cols = tuple(r[2] for r in con.execute(f'PRAGMA index_info("{name}")'))
                indexes.append((cols, unique, origin))
            schema[table] = {"columns": columns, "foreign_keys": fks, "indexes": sorted(indexes)}
        return schema
    finally:
        con.close()


async def postgres_schema(schema_name: str) -> dict[str, Any]:
    conn = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "character_maximum_length "
            "FROM information_schema.columns WHERE table_schema = $1",
            schema_name,
        )
        constraints = await conn.fetch(
            "SELECT t.relname, c.contype, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = $1",
            schema_name,
        )
        indexes = await conn.fetch(
            "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = $1", schema_name
        )
    finally:
        await conn.close()
    schema: dict[str, Any] = {}
    for row in columns:
        if row["table_name"] in MIGRATION_BOOKKEEPING:
            continue
        default = (row["column_default"] or "").replace(f"{schema_name}.", "")
        schema.setdefault(row["table_name"], {"columns": [], "constraints": [], "indexes": []})[
            "columns"
        ].append(
            (
                row["column_name"],
                row["data_type"],
                row["is_nullable"],
                default,
                row["character_maximum_length"],
            )
        )
    for row in constraints:
        if row["relname"] in schema:
            schema[row["relname"]]["constraints"].append(
                (row["contype"], row["def"].replace(f"{schema_name}.", ""))
            )
    for row in indexes:
        if row["tablename"] in schema:
            schema[row["tablename"]]["indexes"].append(row["indexdef"].replace(f"{schema_name}.", ""))
    for table in schema.values():
        for key in table:
            table[key].sort()
    return schema


def test_each_dialect_has_exactly_one_first_migration():
    for dialect_url in ("sqlite://x.sqlite3", PG_URL):
        versions = sorted((migrations_location(dialect_url) / "models").glob("*.py"))
        assert len(versions) >= 1 and versions[0].name.startswith("0_"), versions


@pytest.mark.asyncio
async def test_sqlite_migrations_match_models(tmp_path: Path):
    migrated, generated = tmp_path / "migrated.sqlite3", tmp_path / "generated.sqlite3"
    EXECUTOR_CACHE.clear()
    applied = await apply_migrations(f"sqlite://{migrated}")
    assert applied and applied[0].startswith("0_")
    assert await apply_migrations(f"sqlite://{migrated}") == []  # idempotent
    await generate_tables(f"sqlite://{generated}")
    from_migrations, from_models = sqlite_schema(migrated), sqlite_schema(generated)
    assert set(from_models) == {
        "users",
        "resumes",
        "interviews",
        "transcript_messages",
        "questions_asked",
        "code_submissions",
        "feedback",
    }
    assert from_migrations == from_models


@pytest.mark.asyncio
async def test_postgres_migrations_match_models():
    suffix = f"{os.getpid()}_{secrets.token_hex(4)}"
    migrated, generated = f"pytest_{suffix}_m", f"pytest_{suffix}_g"
    conn = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'CREATE SCHEMA "{migrated}"; CREATE SCHEMA "{generated}"')
        EXECUTOR_CACHE.clear()
        applied = await apply_migrations(with_query(PG_URL, schema=migrated))
        assert applied and applied[0].startswith("0_")
        assert await apply_migrations(with_query(PG_URL, schema=migrated)) == []
        await generate_tables(with_query(PG_URL, schema=generated))
        from_migrations, from_models = await postgres_schema(migrated), await postgres_schema(generated)
        assert len(from_models) == 7
        assert from_migrations == from_models
    finally:
        await conn.execute(
            f'DROP SCHEMA IF EXISTS "{migrated}" CASCADE; DROP SCHEMA IF EXISTS "{generated}" CASCADE'
        )
        await conn.close()
