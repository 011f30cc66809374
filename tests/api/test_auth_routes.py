"""Auth: register, login, me; JWT expiry and tampering."""

from __future__ import annotations

import time

import jwt
import pytest

from api.auth import create_access_token

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"


@pytest.mark.asyncio
async def test_register_login_me_round_trip(client):
    r = await client.post(
        REGISTER, json={"email": "Alice@Example.COM", "password": "s3cret-pass", "full_name": "Alice"}
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["email"] == "alice@example.com"
    assert created["full_name"] == "Alice"
    assert set(created) == {"id", "email", "full_name", "created_at"}

    r = await client.post(LOGIN, json={"email": "ALICE@example.com", "password": "s3cret-pass"})
    assert r.status_code == 200, r.text
    token = r.json()
    assert token["token_type"] == "bearer" and token["expires_in"] > 0
    claims = jwt.decode(token["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(created["id"]) and {"exp", "iat", "jti"} <= set(claims)

    r = await client.get(ME, headers={"Authorization": f"Bearer {token['access_token']}"})
    assert r.status_code == 200
    assert r.json() == created


@pytest.mark.asyncio
async def test_password_is_stored_as_argon2_hash(client):
    from api.models import User

    await client.post(REGISTER, json={"email": "h@example.com", "password": "plain-text-pw"})
    row = await User.get(email="h@example.com")
    assert row.password_hash.startswith("$argon2") and "plain-text-pw" not in row.password_hash


@pytest.mark.asyncio
async def test_register_duplicate_email_case_insensitive_is_409(client, expect_error):
    assert (
        await client.post(REGISTER, json={"email": "bob@example.com", "password": "password1"})
    ).status_code == 201
    r = await client.post(REGISTER, json={"email": "BOB@example.com", "password": "password2"})
    expect_error(r, 409)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.com", "password": "short"}, "password"),
        ({"email": "x@example.com", "password": "p" * 129}, "password"),
        ({"email": "not-an-email", "password": "password1"}, "email"),
        ({"password": "password1"}, "email"),
        ({"email": "x@example.com"}, "password"),
    ],
)
async def test_register_validation_errors_name_the_field(client, expect_error, body, field):
    body_out = expect_error(await client.post(REGISTER, json=body), 400)
    assert any(e["field"] == field for e in body_out["errors"]), body_out


@pytest.mark.asyncio
async def test_login_failure_same_message_for_unknown_email_and_wrong_password(client, user, expect_error):
    wrong_pw = expect_error(
        await client.post(LOGIN, json={"email": user.email, "password": "wrong-password"}), 401
    )
    unknown = expect_error(
        await client.post(LOGIN, json={"email": "nobody@example.com", "password": "x" * 9}), 401
    )
    assert wrong_pw["detail"] == unknown["detail"]
    ok = await client.post(LOGIN, json={"email": user.email, "password": user.password})
    assert ok.status_code == 200


@pytest.mark.asyncio
async def test_me_requires_a_token(client, expect_error):
    r = await client.get(ME)
    expect_error(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    expect_error(await client.get(ME, headers={"Authorization": "Basic abc"}), 401)
    expect_error(await client.get(ME, headers={"Authorization": "Bearer not.a.jwt"}), 401)


@pytest.mark.asyncio
async def test_expired_token_is_401(client, user, settings, expect_error):
    token = create_access_token(user.id, settings.jwt_secret, 60, now=time.time() - 3600)
    body = expect_error(await client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)
    assert "expired" in body["detail"].lower()


@pytest.mark.asyncio
async def test_tampered_token_is_401(client, user, other_user, settings, expect_error):
    forged_sub = jwt.encode(
        {**jwt.decode(user.token, options={"verify_signature": False}), "sub": str(other_user.id)},
        "a-different-secret-of-sufficient-length-123",
        algorithm="HS256",
    )
    expect_error(await client.get(ME, headers={"Authorization": f"Bearer {forged_sub}"}), 401)
    header, payload, signature = user.token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    expect_error(await client.get(ME, headers={"Authorization": f"Bearer {header}.{payload}.{flipped}"}), 401)
    unsigned = jwt.encode({"sub": str(user.id), "exp": int(time.time()) + 60}, None, algorithm="none")
    expect_error(await client.get(ME, headers={"Authorization": f"Bearer {unsigned}"}), 401)


@pytest.mark.asyncio
async def test_token_of_deleted_user_is_401(client, user, expect_error):
    from api.models import User

    await User.filter(id=user.id).delete()
    expect_error(await client.get(ME, headers=user.headers), 401)
