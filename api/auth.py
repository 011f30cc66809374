"""Authentication: password hashing, the API's JWTs, and one middleware that authenticates every route.

`AuthMiddleware` looks up which route a request is for; unless that route is public it requires
`Authorization: Bearer <jwt>`, loads the user, and stores it in the request state. Routes then call
`current_user(request)`. Unknown routes are left to the router (a 404 envelope, not a 401).

`get_owned(Model, id, user)` fetches a row that belongs to the user, or raises the same 404 as a missing one.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.requests import Request
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.models import Model

from api.errors import ApiError, error_response
from api.models import User

log = logging.getLogger(__name__)

JWT_ALGORITHM = "HS256"
MAX_DB_ID = 2**31 - 1  # ids are 32-bit integer columns; anything larger cannot exist
PUBLIC_ATTR = "is_public"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against when the email is unknown, so both failures cost the same time.
    Computed on first use, not at import (the agent imports this module's models too)."""
    return _hasher.hash("not-a-real-password-but-costs-the-same")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_password_check(password: str) -> None:
    """Spend one verification's time for an unknown email (no user enumeration by timing)."""
    verify_password(_dummy_hash(), password)


def create_access_token(user_id: int, secret: str, ttl_seconds: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    claims = {"sub": str(user_id), "iat": issued, "exp": issued + ttl_seconds, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


def decode_access_token(token: str, secret: str) -> int:
    """The user id in a valid token; `ApiError(401)` for anything else (expired, tampered, malformed)."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[JWT_ALGORITHM], options={"require": ["sub", "exp", "iat", "jti"]}
        )
        return int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "Token expired", headers={"WWW-Authenticate": "Bearer"}) from exc
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise ApiError(401, "Invalid token", headers={"WWW-Authenticate": "Bearer"}) from exc


def public(route: BaseRoute) -> BaseRoute:
    """Mark a route as reachable without a token."""
    setattr(route, PUBLIC_ATTR, True)
    return route


def _matched_route(routes: Iterable[BaseRoute], scope: Scope) -> BaseRoute | None:
    for route in routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return route
    return None


def bearer_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


class AuthMiddleware:
    """Authenticate every non-public, known route (see module docstring)."""

    def __init__(self, app: ASGIApp, routes: list[BaseRoute], secret: str) -> None:
        self.app = app
        self.routes = routes
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        route = _matched_route(self.routes, scope)
        if route is None or getattr(route, PUBLIC_ATTR, False):
            await self.app(scope, receive, send)
            return
        try:
            user = await self._authenticate(scope)
        except ApiError as exc:
            await error_response(exc.status_code, exc.detail, headers=exc.headers)(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    async def _authenticate(self, scope: Scope) -> User:
        token = bearer_token(scope)
        if token is None:
            raise ApiError(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
        user_id = decode_access_token(token, self.secret)
        user = await User.get_or_none(id=user_id) if 0 < user_id <= MAX_DB_ID else None
        if user is None:
            raise ApiError(401, "Invalid token", headers={"WWW-Authenticate": "Bearer"})
        return user


def current_user(request: Request) -> User:
    """The authenticated user of this request (set by `AuthMiddleware`)."""
    user = getattr(request.state, "user", None)
    if not isinstance(user, User):
        raise ApiError(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return user


ModelT = TypeVar("ModelT", bound=Model)


async def get_owned(model: type[ModelT], object_id: Any, user: User, what: str | None = None) -> ModelT:
    """The `model` row with this id owned by `user` (via its `user` FK); 404 when missing or not theirs."""
    label = what or model.__name__
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise ApiError(404, f"{label} not found") from None
    if not 0 < pk <= MAX_DB_ID:
        raise ApiError(404, f"{label} not found")
    obj = await model.get_or_none(id=pk, user_id=user.id)
    if obj is None:
        raise ApiError(404, f"{label} not found")
    return obj


def path_id(request: Request, name: str = "id") -> int:
    """An integer path parameter; out-of-range or non-numeric values read as 0 (which matches nothing)."""
    raw = request.path_params.get(name)
    try:
        value = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return value if 0 < value <= MAX_DB_ID else 0
