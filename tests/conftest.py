"""Shared fixtures: a real database (SQLite and PostgreSQL), the app, an HTTP client and users.

Database tests request `client` (or `db`) and so run twice, once per backend:

    @pytest.mark.asyncio
    async def test_something(client, user):
        r = await client.get("/api/v1/auth/me", headers=user.headers)

Isolation: each pytest session gets its own SQLite file and its own PostgreSQL schema (in database `test`),
with tables created once from the models; every test starts from empty tables. PostgreSQL must be reachable
(127.0.0.1:5432, override with TEST_POSTGRES_URL): the suite fails rather than skips without it.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from starlette.applications import Starlette
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.models import Model

from api import models
from api.app import create_app
from api.auth import create_access_token, hash_password
from api.db import close_db, init_db, with_query
from api.settings import Settings, set_settings

TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
TEST_JWT_SECRET = "test-secret-" + "x" * 40
DEFAULT_PASSWORD = "correct horse battery staple"
SCHEMA_PREFIX = "pytest_"
HIGH_RATE_LIMIT = "100000/minute"
# Nothing listens here: LiveKit room-service calls fail fast, as on a machine with no LiveKit server.
UNREACHABLE_LIVEKIT_URL = "ws://127.0.0.1:9"
BACKENDS = ("sqlite", "postgres")


def model_classes() -> list[type[Model]]:
    """Every table of the data model, children before parents."""
    found = [
        obj
        for obj in vars(models).values()
        if isinstance(obj, type) and issubclass(obj, Model) and obj.__module__ == models.__name__
    ]
    return list(reversed(found))


# ---------------------------------------------------------------- per-session databases


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def create_pg_schema(schema: str) -> None:
    conn = await asyncpg.connect(TEST_POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        # Drop schemas left by crashed sessions (their pid is gone), never a live one's.
        rows = await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", SCHEMA_PREFIX.replace("_", r"\_") + "%"
        )
        for row in rows:
            parts = row["nspname"].split("_")
            if len(parts) >= 3 and parts[1].isdigit() and not _pid_alive(int(parts[1])):
                await conn.execute(f'DROP SCHEMA IF EXISTS "{row["nspname"]}" CASCADE')
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()


async def drop_pg_schema(schema: str) -> None:
    conn = await asyncpg.connect(TEST_POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


async def generate_tables(url: str) -> None:
    """Every table of the models, straight from them (not through the migrations)."""
    EXECUTOR_CACHE.clear()
    await init_db(url)
    try:
        await Tortoise.generate_schemas(safe=False)
    finally:
        await close_db()


def run_in_private_loop(coro: Awaitable[Any]) -> Any:
    """Run `coro` to completion on a loop of its own, leaving the thread's current-loop setting alone
    (`asyncio.run` would unset it, which breaks later synchronous tests that call `get_event_loop()`)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """`{"sqlite": url, "postgres": url}` for this session's private, table-ready databases."""
    sqlite_path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    schema = f"{SCHEMA_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
    urls = {"sqlite": f"sqlite://{sqlite_path}", "postgres": with_query(TEST_POSTGRES_URL, schema=schema)}
    run_in_private_loop(generate_tables(urls["sqlite"]))
    try:
        run_in_private_loop(create_pg_schema(schema))
    except OSError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {TEST_POSTGRES_URL}: {exc}", pytrace=False)
    run_in_private_loop(generate_tables(urls["postgres"]))
    yield urls
    run_in_private_loop(drop_pg_schema(schema))


async def _empty_tables(backend: str) -> None:
    conn = connections.get("default")
    tables = [m._meta.db_table for m in model_classes()]
    if backend == "postgres":
        await conn.execute_script(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
    else:
        await conn.execute_script("".join(f'DELETE FROM "{t}";' for t in tables))


@pytest_asyncio.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, database_urls: dict[str, str]) -> AsyncIterator[str]:
    """Tortoise connected to an empty database; parametrised: every test using it runs on SQLite and
    PostgreSQL. Yields the backend name (`"sqlite"` or `"postgres"`)."""
    backend: str = request.param
    # tortoise caches compiled INSERT/DELETE SQL per (connection name, table), not per dialect; one
    # process switching between SQLite and PostgreSQL must drop it or reuse the other dialect's SQL.
    EXECUTOR_CACHE.clear()
    await init_db(database_urls[backend])
    try:
        await _empty_tables(backend)
        yield backend
    finally:
        await close_db()


@pytest.fixture
def db_url(db: str, database_urls: dict[str, str]) -> str:
    """The database URL of the current backend (for code that opens its own connection)."""
    return database_urls[db]


# ---------------------------------------------------------------- app and client


@pytest.fixture
def real_rate_limits() -> bool:
    """Request this fixture to run the app with the real (spec) rate limits instead of very high ones."""
    return True


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Test settings: fixed JWT secret, private upload dir, unreachable LiveKit, very high rate limits
    (unless the test also requests `real_rate_limits`), in-memory rate-limit counters."""
    real_limits = "real_rate_limits" in request.fixturenames
    defaults = Settings()
    limits = {
        name: getattr(defaults, name) if real_limits else HIGH_RATE_LIMIT
        for name in ("rate_limit_interviews", "rate_limit_sandbox", "rate_limit_tts", "rate_limit_auth")
    }
    return Settings(
        env="test",
        data_dir=str(tmp_path / "data"),
        upload_dir=str(tmp_path / "uploads"),
        jwt_secret=TEST_JWT_SECRET,
        livekit_url=UNREACHABLE_LIVEKIT_URL,
        livekit_timeout=0.5,
        **limits,
    )


@pytest.fixture
def app(db: str, settings: Settings) -> Iterator[Starlette]:
    """The ASGI app on the test database (the `db` fixture owns the connection)."""
    application = create_app(settings, manage_db=False)
    yield application
    set_settings(None)


@pytest_asyncio.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (no server). Use full paths: `/api/v1/...`."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


# ---------------------------------------------------------------- users


@dataclass
class TestUser:
    """A registered user: `headers` carries a valid bearer token."""

    __test__ = False  # not a test class

    id: int
    email: str
    password: str
    full_name: str | None
    token: str
    headers: dict[str, str] = field(default_factory=dict)
    model: models.User | None = None


_password_hash_cache: dict[str, str] = {}


def _cached_hash(password: str) -> str:
    # argon2 is deliberately slow; one hash per distinct password per session keeps tests fast.
    if password not in _password_hash_cache:
        _password_hash_cache[password] = hash_password(password)
    return _password_hash_cache[password]


UserFactory = Callable[..., Awaitable[TestUser]]


@pytest.fixture
def make_user(db: str, settings: Settings) -> UserFactory:
    """`await make_user(email=None, password=DEFAULT_PASSWORD, full_name="Test User")` → `TestUser`.

    Creates the row directly (real argon2 hash, cached per password) and signs a real token."""
    counter = iter(range(1, 1_000_000))

    async def factory(
        email: str | None = None, password: str = DEFAULT_PASSWORD, full_name: str | None = "Test User"
    ) -> TestUser:
        address = (email or f"user{next(counter)}-{secrets.token_hex(3)}@example.com").lower()
        row = await models.User.create(
            email=address, password_hash=_cached_hash(password), full_name=full_name
        )
        token = create_access_token(row.id, settings.jwt_secret, settings.jwt_ttl)
        return TestUser(
            id=row.id,
            email=address,
            password=password,
            full_name=full_name,
            token=token,
            headers={"Authorization": f"Bearer {token}"},
            model=row,
        )

    return factory


@pytest_asyncio.fixture
async def user(make_user: UserFactory) -> TestUser:
    """A ready user (`user.headers` authenticates as them)."""
    return await make_user(full_name="Ada Lovelace")


@pytest_asyncio.fixture
async def other_user(make_user: UserFactory) -> TestUser:
    """A second user, for "another user's id → 404" checks."""
    return await make_user(full_name="Grace Hopper")


def check_error(response: httpx.Response, status_code: int) -> dict[str, Any]:
    """Assert `response` is the error envelope with `status_code`; returns the body."""
    assert response.status_code == status_code, response.text
    body = response.json()
    assert body["status_code"] == status_code
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "status_code", "errors"}, body
    return body


ErrorCheck = Callable[[httpx.Response, int], dict[str, Any]]


@pytest.fixture
def expect_error() -> ErrorCheck:
    """`expect_error(response, 404)`: asserts the error envelope and status, returns the body."""
    return check_error
