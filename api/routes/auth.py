"""Auth routes: register, login (both public) and me."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise.exceptions import IntegrityError

from api.auth import (
    burn_password_check,
    create_access_token,
    current_user,
    hash_password,
    public,
    verify_password,
)
from api.errors import ApiError
from api.models import User
from api.validation import accepts, parse_body

EMAIL_MAX = 320
PASSWORD_MIN = 8
PASSWORD_MAX = 128


def _normalize_email(value: str) -> str:
    email = value.strip().lower()
    local, at, domain = email.partition("@")
    if (
        not at
        or not local
        or "." not in domain
        or " " in email
        or domain.startswith(".")
        or domain.endswith(".")
    ):
        raise ValueError("must be a valid email address")
    return email


class RegisterBody(BaseModel):
    email: str = Field(max_length=EMAIL_MAX)
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
    full_name: str | None = Field(default=None, max_length=200)

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        return _normalize_email(value)

    @field_validator("full_name")
    @classmethod
    def blank_name_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class LoginBody(BaseModel):
    email: str = Field(max_length=EMAIL_MAX)
    password: str = Field(max_length=PASSWORD_MAX)


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "created_at": user.created_at.isoformat(),
    }


@accepts(RegisterBody)
async def register(request: Request) -> Response:
    """Create an account. 409 when the email is taken (case-insensitive)."""
    body = await parse_body(request, RegisterBody)
    if await User.exists(email=body.email):
        raise ApiError(409, "Email already registered")
    try:
        user = await User.create(
            email=body.email, password_hash=hash_password(body.password), full_name=body.full_name
        )
    except IntegrityError as exc:  # a concurrent registration of the same email won the race
        raise ApiError(409, "Email already registered") from exc
    return JSONResponse(user_json(user), status_code=201)


@accepts(LoginBody)
async def login(request: Request) -> Response:
    """Exchange email and password for a bearer token (401 on any mismatch, same message)."""
    body = await parse_body(request, LoginBody)
    user = await User.get_or_none(email=body.email.strip().lower())
    if user is None:
        burn_password_check(body.password)
        raise ApiError(401, "Invalid email or password")
    if not verify_password(user.password_hash, body.password):
        raise ApiError(401, "Invalid email or password")
    settings = request.app.state.settings
    token = create_access_token(user.id, settings.jwt_secret, settings.jwt_ttl)
    return JSONResponse({"access_token": token, "token_type": "bearer", "expires_in": settings.jwt_ttl})


async def me(request: Request) -> Response:
    """The authenticated user."""
    return JSONResponse(user_json(current_user(request)))


routes: list[BaseRoute] = [
    public(Route("/auth/register", register, methods=["POST"], name="auth_register")),
    public(Route("/auth/login", login, methods=["POST"], name="auth_login")),
    Route("/auth/me", me, methods=["GET"], name="auth_me"),
]
