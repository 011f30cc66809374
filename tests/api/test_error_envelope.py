"""Every error, the framework's own included, is the envelope; nothing leaks."""

from __future__ import annotations

import pytest
from starlette.routing import Route

from api.app import MAX_REQUEST_BYTES
from api.models import Interview, User


@pytest.mark.asyncio
async def test_unknown_route_is_404_envelope_even_without_token(client, expect_error):
    body = expect_error(await client.get("/api/v1/nope"), 404)
    assert body["detail"] == "Not found"
    expect_error(await client.get("/nowhere/at/all"), 404)
    expect_error(await client.get("/api/v1/interviews/abc"), 404)


@pytest.mark.asyncio
async def test_wrong_method_is_405_envelope(client, user, expect_error):
    r = await client.put("/api/v1/auth/me", headers=user.headers)
    expect_error(r, 405)
    expect_error(await client.delete("/api/v1/interviews/", headers=user.headers), 405)


@pytest.mark.asyncio
async def test_405_allows_every_method_of_the_path_not_only_the_first_routes(client, user, expect_error):
    # `GET` and `POST /interviews/` are two routes; `Allow` must name both (RFC 9110 §15.5.6).
    for method, path, allowed in [
        ("DELETE", "/api/v1/interviews/", "GET, HEAD, POST"),
        ("OPTIONS", "/api/v1/interviews", "GET, HEAD, POST"),
        ("PUT", "/api/v1/interviews/7", "DELETE, GET, HEAD"),
        ("POST", "/api/v1/resumes/7", "DELETE, GET, HEAD"),
        ("GET", "/api/v1/auth/login", "POST"),
    ]:
        response = await client.request(method, path, headers=user.headers)
        expect_error(response, 405)
        assert response.headers["allow"] == allowed, (method, path)


@pytest.mark.asyncio
async def test_malformed_json_is_400(client, user, expect_error):
    headers = {**user.headers, "Content-Type": "application/json"}
    body = expect_error(await client.post("/api/v1/interviews/", content=b'{"title": ', headers=headers), 400)
    assert "json" in body["detail"].lower()
    expect_error(await client.post("/api/v1/interviews/", content=b"[1, 2]", headers=headers), 400)
    expect_error(await client.post("/api/v1/auth/login", content=b"\xff\xfe", headers=headers), 400)


@pytest.mark.asyncio
async def test_wrong_media_type_is_415(client, user, expect_error):
    r = await client.post("/api/v1/interviews/", data={"title": "x"}, headers=user.headers)  # form-encoded
    expect_error(r, 415)


@pytest.mark.asyncio
async def test_oversize_json_body_is_413(client, user, settings, expect_error):
    big = b'{"title": "x", "job_description": "' + b"a" * (settings.max_body_bytes + 10) + b'"}'
    headers = {**user.headers, "Content-Type": "application/json"}
    expect_error(await client.post("/api/v1/interviews/", content=big, headers=headers), 413)


@pytest.mark.asyncio
async def test_body_over_the_hard_cap_is_413_before_reading_it(client, user, expect_error):
    async def endless():
        chunk = b"a" * 1_048_576
        for _ in range(MAX_REQUEST_BYTES // len(chunk) + 2):
            yield chunk

    headers = {**user.headers, "Content-Type": "application/json"}
    expect_error(await client.post("/api/v1/interviews/", content=endless(), headers=headers), 413)
    declared = {**headers, "Content-Length": str(MAX_REQUEST_BYTES + 1)}
    expect_error(await client.post("/api/v1/interviews/", content=b"{}", headers=declared), 413)


@pytest.mark.asyncio
async def test_unhandled_error_is_500_without_leak_and_logged_with_request_id(
    app, client, expect_error, caplog
):
    async def explode(request):
        raise RuntimeError("secret /etc/passwd detail")

    app.router.routes.append(Route("/api/v1/explode", explode, methods=["GET"]))
    app.middleware_stack = None  # rebuild: our middleware matches routes itself
    import api.auth

    api.auth.public(app.router.routes[-1])
    r = await client.get("/api/v1/explode")
    body = expect_error(r, 500)
    assert "secret" not in r.text and "passwd" not in r.text and "Traceback" not in r.text
    request_id = r.headers["x-request-id"]
    assert request_id in body["detail"]
    assert any(request_id in rec.getMessage() and rec.exc_info for rec in caplog.records)


@pytest.mark.asyncio
async def test_every_response_has_a_request_id(client):
    r = await client.get("/api/v1/health")
    assert len(r.headers["x-request-id"]) == 32


@pytest.mark.asyncio
async def test_nul_in_any_json_field_is_a_400_naming_it_and_stores_nothing(client, user, expect_error, db):
    # PostgreSQL cannot store NUL: refused up front on both databases, not a 500 from the driver.
    cases = [
        ("/api/v1/interviews/", {"title": "a\u0000b"}, "title"),
        ("/api/v1/interviews/", {"title": "ok", "job_description": "x\u0000"}, "job_description"),
        (
            "/api/v1/auth/register",
            {"email": "n@example.com", "password": "password123", "full_name": "\u0000"},
            "full_name",
        ),
        ("/api/v1/auth/login", {"email": "a\u0000@example.com", "password": "password123"}, "email"),
        ("/api/v1/voice/token", {"room_name": "interview-1", "extra": {"k": ["ok", "\u0000"]}}, "extra.k.1"),
    ]
    for path, payload, field in cases:
        body = expect_error(await client.post(path, json=payload, headers=user.headers), 400)
        assert body["errors"] == [{"field": field, "message": "must not contain NUL"}], path
    assert await Interview.filter(user_id=user.id).count() == 0
    assert await User.filter(email="n@example.com").count() == 0
