"""Database wiring: the tortoise config, start/stop, and applying the aerich migrations.

Used by the API process and the agent worker alike:

    await init_db(settings.database_url)   # once per process / event loop
    ...
    await close_db()

Migrations are dialect specific (aerich writes raw SQL), so there is one migration tree per dialect:
`migrations/sqlite/models/` and `migrations/postgres/models/`. `python -m api migrate` applies them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext

log = logging.getLogger(__name__)

MODEL_MODULES = ["api.models"]
MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000  # the agent and the API write the same file; wait instead of failing


def dialect_of(database_url: str) -> str:
    """`sqlite` or `postgres` for a tortoise database URL."""
    scheme = urlsplit(database_url).scheme
    if scheme.startswith("sqlite"):
        return "sqlite"
    if scheme in {"postgres", "postgresql", "asyncpg", "psycopg"}:
        return "postgres"
    raise ValueError(f"unsupported database URL scheme: {scheme!r}")


def normalize_url(database_url: str) -> str:
    """Make the URL usable by tortoise: create a SQLite file's directory, give SQLite a busy timeout and
    synchronous=NORMAL."""
    if dialect_of(database_url) != "sqlite":
        return database_url.replace("postgresql://", "postgres://", 1)
    parts = urlsplit(database_url)
    path = database_url[len("sqlite://") :].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    query = dict(parse_qsl(parts.query))
    query.setdefault("busy_timeout", str(SQLITE_BUSY_TIMEOUT_MS))
    # tortoise already runs SQLite in WAL mode; in WAL, NORMAL stays corruption-safe and stops every commit
    # from waiting on an fsync (the agent commits once per turn per session).
    query.setdefault("synchronous", "NORMAL")
    base = database_url.split("?", 1)[0]
    return f"{base}?{urlencode(query)}"


def tortoise_config(database_url: str, *, with_aerich: bool = False) -> dict[str, Any]:
    """The tortoise config dict; `with_aerich` adds aerich's own bookkeeping model (for migrations)."""
    modules = MODEL_MODULES + (["aerich.models"] if with_aerich else [])
    return {
        "connections": {"default": normalize_url(database_url)},
        "apps": {"models": {"models": modules, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def migrations_location(database_url: str) -> Path:
    """The migration tree for this database's dialect."""
    return MIGRATIONS_ROOT / dialect_of(database_url)


async def init_db(database_url: str) -> None:
    """Connect tortoise for this process, visible from every task (ASGI servers run requests elsewhere)."""
    # tortoise caches compiled INSERT/DELETE SQL per (connection name, table), not per dialect: a process
    # that connected to another database before (tests, benchmarks) must not reuse that dialect's SQL.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


async def ping_db() -> bool:
    """True when the database answers a trivial query."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any driver error means "not reachable" for a health check
        log.warning("database ping failed", exc_info=True)
        return False
    return True


async def apply_migrations(database_url: str) -> list[str]:
    """Apply every pending aerich migration; returns the versions applied (empty when up to date).

    Runs in a private tortoise context (its own connections, closed on return), so it neither needs nor
    disturbs a connection this process may already have from `init_db`.
    """
    from aerich import Command  # imported lazily: the agent never needs aerich at run time

    location = migrations_location(database_url)
    command = Command(tortoise_config(database_url, with_aerich=True), app="models", location=str(location))
    async with TortoiseContext(), command:
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)
    for version in applied:
        log.info("applied migration %s", version)
    return applied


def with_query(database_url: str, **params: str) -> str:
    """Return `database_url` with extra query parameters (e.g. a PostgreSQL `schema`)."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))
