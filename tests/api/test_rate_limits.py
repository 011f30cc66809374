"""Rate limits: the spec's limits, per user or per address, 429 with Retry-After and RateLimit-* headers,
counted in memory and in the local Redis."""

from __future__ import annotations

import dataclasses
import secrets

import httpx
import pytest

from api.app import create_app
from api.ratelimit import close_storage, storage_uri
from api.settings import set_settings

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.mark.asyncio
async def test_interviews_limit_is_per_user_with_headers(
    client, user, other_user, real_rate_limits, expect_error
):
    for i in range(10):
        r = await client.get("/api/v1/interviews/", headers=user.headers)
        assert r.status_code == 200
        assert r.headers["ratelimit-limit"] == "10"
        assert r.headers["ratelimit-remaining"] == str(9 - i)
        assert 0 <= int(r.headers["ratelimit-reset"]) <= 60
    refused = await client.post("/api/v1/interviews/", json={"title": "x"}, headers=user.headers)
    expect_error(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["ratelimit-remaining"] == "0"
    # Another user has their own budget; the state poll is not limited.
    assert (await client.get("/api/v1/interviews/", headers=other_user.headers)).status_code == 200
    created = await client.post("/api/v1/interviews/", json={"title": "y"}, headers=other_user.headers)
    for _ in range(15):
        state = await client.get(
            f"/api/v1/interviews/{created.json()['id']}/state", headers=other_user.headers
        )
        assert state.status_code == 200 and "ratelimit-limit" not in state.headers


@pytest.mark.asyncio
async def test_login_limit_is_per_client_address(client, user, real_rate_limits, expect_error):
    # Invalid bodies count too (and skip the deliberately slow password hash, keeping this test fast).
    for _ in range(20):
        r = await client.post("/api/v1/auth/login", json={"email": user.email})
        assert r.status_code == 400
    expect_error(
        await client.post("/api/v1/auth/login", json={"email": user.email, "password": user.password}), 429
    )
    # Register shares the per-address auth budget.
    expect_error(
        await client.post("/api/v1/auth/register", json={"email": "n@example.com", "password": "p" * 9}), 429
    )


@pytest.mark.asyncio
async def test_unlimited_routes_carry_no_headers(client, user):
    r = await client.get("/api/v1/auth/me", headers=user.headers)
    assert r.status_code == 200 and "ratelimit-limit" not in r.headers


def test_storage_uris():
    assert storage_uri("memory://") == "async+memory://"
    assert storage_uri("redis://h:6379/1") == "async+redis://h:6379/1"
    with pytest.raises(ValueError):
        storage_uri("mongodb://x")


@pytest.mark.asyncio
async def test_redis_storage_is_shared_between_app_instances(db, settings, make_user):
    """Two API processes (here: two app instances) sharing Redis share one budget."""
    user = await make_user()
    limited = dataclasses.replace(
        settings,
        rate_limit_storage=REDIS_URL,
        rate_limit_interviews="3/minute",
        # Counters in the shared Redis must not leak between test runs (user ids repeat).
        rate_limit_key_prefix=f"pytest-{secrets.token_hex(6)}",
    )
    apps = [create_app(limited, manage_db=False) for _ in range(2)]
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=a, client=(f"10.0.0.{i}", 1)), base_url="http://t"
        )
        for i, a in enumerate(apps)
    ]
    try:
        statuses = []
        for i in range(4):
            r = await clients[i % 2].get("/api/v1/interviews/", headers=user.headers)
            statuses.append(r.status_code)
    finally:
        for c in clients:
            await c.aclose()
        for a in apps:
            await close_storage(a.state.rate_limit_storage)
        set_settings(None)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.asyncio
async def test_unreachable_redis_lets_requests_through(db, settings, make_user):
    user = await make_user()
    broken = dataclasses.replace(settings, rate_limit_storage="redis://127.0.0.1:9/0")
    app = create_app(broken, manage_db=False)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            r = await http.get("/api/v1/interviews/", headers=user.headers)
    finally:
        await close_storage(app.state.rate_limit_storage)
        set_settings(None)
    assert r.status_code == 200 and "ratelimit-limit" not in r.headers
