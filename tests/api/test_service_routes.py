"""`GET /health` and `GET /openapi.json` (generated from the route table)."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

import api
from api.openapi import openapi_path
from api.sandbox.service import sandbox_status


@pytest.mark.asyncio
async def test_health_reports_database_and_sandbox(client, settings):
    for path in ("/api/v1/health", "/health"):
        r = await client.get(path)
        assert r.status_code == 200
        assert r.json() == {
            "status": "ok",
            "database": "ok",
            "sandbox": sandbox_status(settings.sandbox_backend),
            "version": api.__version__,
        }
    # The real, self-checked backend: its name (plus a weaker containment, if any) or "unavailable".
    assert r.json()["sandbox"].split(" ")[0] in {settings.sandbox_backend, "unavailable"}


@pytest.mark.asyncio
async def test_health_says_unavailable_when_the_sandbox_backend_cannot_run(db, settings):
    """Not the configured name: a backend that fails its self-check is reported, and health stays 200."""
    import dataclasses

    import httpx

    from api.app import create_app
    from api.settings import set_settings

    broken = dataclasses.replace(settings, sandbox_backend="no-such-backend")
    try:
        transport = httpx.ASGITransport(app=create_app(broken, manage_db=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            r = await http.get("/api/v1/health")
    finally:
        set_settings(None)
    assert r.status_code == 200
    assert r.json()["sandbox"] == "unavailable" and r.json()["database"] == "ok"


@pytest.mark.asyncio
async def test_health_is_503_when_the_database_is_down(settings, expect_error):
    """A database nobody listens on: health answers 503 with the envelope, not a crash."""
    import dataclasses

    import httpx
    from tortoise.context import TortoiseContext

    from api.app import create_app
    from api.db import close_db, init_db
    from api.settings import set_settings

    down = dataclasses.replace(settings, database_url="postgres://postgres@127.0.0.1:9/test")
    with TortoiseContext():
        await init_db(down.database_url)
        try:
            app = create_app(down, manage_db=False)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                r = await http.get("/api/v1/health")
        finally:
            await close_db()
            set_settings(None)
    assert r.status_code == 503
    body = r.json()
    assert body["status_code"] == 503 and body["database"] == "unreachable" and body["detail"]


@pytest.mark.asyncio
async def test_openapi_lists_every_route(app, client):
    r = await client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in doc["paths"].items() for method in item}
    served = {
        (openapi_path(route.path).rstrip("/") or "/", method)
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/v1")
        for method in (route.methods or set()) - {"HEAD"}
    }
    documented_normalized = {(p.rstrip("/") or "/", m) for p, m in documented}
    assert served == documented_normalized
    assert ("/api/v1/interviews/{id}/start", "POST") in documented
    start = doc["paths"]["/api/v1/interviews/{id}/start"]["post"]
    assert start["parameters"][0]["name"] == "id"
    register = doc["paths"]["/api/v1/auth/register"]["post"]
    assert (
        register["security"] == []
        and "email" in register["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )
    for path in doc["paths"]:
        assert not re.search(r"{\w+:\w+}", path)
    for path, media_type in [("/api/v1/resumes/", "application/pdf"), ("/api/v1/voice/stt", "audio/wav")]:
        upload = doc["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]
        assert upload["schema"]["required"] == ["file"]
        assert upload["schema"]["properties"]["file"] == {"type": "string", "format": "binary"}
        assert upload["encoding"]["file"]["contentType"] == media_type
    for path in ("/api/v1/sandbox/execute", "/api/v1/interviews/{id}/submit-code"):
        body = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert {"python", "py", "javascript", "js", "cpp", "java"} <= set(
            body["properties"]["language"]["enum"]
        )
