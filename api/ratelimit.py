"""Rate limits per the spec, counted by the `limits` library in memory or in Redis.

A request is limited by the first `RateRule` that matches its method and path; it is counted per user
(authenticated routes) or per client address (login/register). Every limited response carries
`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a refused one is a 429 envelope with
`Retry-After`. If the counter storage fails (e.g. Redis down) the request is let through and logged:
losing rate limiting briefly is better than losing the service.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.settings import Settings

log = logging.getLogger(__name__)

BASE = "/api/v1"


@dataclass(frozen=True)
class RateRule:
    """Requests whose method is in `methods` (empty: any) and path matches `pattern`, minus `exclude`."""

    name: str
    pattern: re.Pattern[str]
    limit: RateLimitItem
    methods: frozenset[str] = frozenset()
    exclude: re.Pattern[str] | None = None
    per_address: bool = False  # count by client address even when a user is known

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        if not self.pattern.match(path):
            return False
        return not (self.exclude is not None and method == "GET" and self.exclude.match(path))


def rules_from_settings(settings: Settings) -> list[RateRule]:
    return [
        RateRule(
            "auth",
            re.compile(rf"^{BASE}/auth/(login|register)/?$"),
            parse(settings.rate_limit_auth),
            frozenset({"POST"}),
            per_address=True,
        ),
        RateRule(
            "interviews",
            re.compile(rf"^{BASE}/interviews(/.*)?$"),
            parse(settings.rate_limit_interviews),
            exclude=re.compile(rf"^{BASE}/interviews/[^/]+/state/?$"),
        ),
        RateRule(
            "sandbox",
            re.compile(rf"^{BASE}/sandbox/execute/?$"),
            parse(settings.rate_limit_sandbox),
            frozenset({"POST"}),
        ),
        RateRule(
            "tts", re.compile(rf"^{BASE}/voice/tts/?$"), parse(settings.rate_limit_tts), frozenset({"POST"})
        ),
    ]


def storage_uri(configured: str) -> str:
    """`memory://` / `redis://...` (as configured) to the `limits` async storage URI."""
    if configured.startswith("async+"):
        return configured
    scheme = configured.split("://", 1)[0]
    if scheme in {"memory", "redis", "rediss", "redis+sentinel", "redis+cluster"}:
        return f"async+{configured}"
    raise ValueError(f"unsupported RATE_LIMIT_STORAGE: {configured!r}")


def build_storage(configured: str, key_prefix: str = "interviewlab") -> Storage:
    options: dict[str, float | str | bool] = {}
    if "redis" in configured:
        # redis-py (already a dependency via limits[redis]) rather than coredis; short timeouts so a
        # stuck Redis cannot hold requests.
        options = {
            "implementation": "redispy",
            "socket_timeout": 0.5,
            "socket_connect_timeout": 0.5,
            "key_prefix": key_prefix,
        }
    storage = storage_from_string(storage_uri(configured), **options)
    assert isinstance(storage, Storage)  # the async+ schemes always give async storage
    return storage


async def close_storage(storage: Storage) -> None:
    """Release the storage's connections (Redis); memory storage has none."""
    bridge = getattr(storage, "bridge", None)
    client = getattr(bridge, "storage", None)
    if client is not None and hasattr(client, "aclose"):
        await client.aclose()


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimitMiddleware:
    """Apply `rules` to each request (runs after `AuthMiddleware`, so it can count per user)."""

    def __init__(self, app: ASGIApp, rules: list[RateRule], storage: Storage, enabled: bool = True) -> None:
        self.app = app
        self.rules = rules
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)
        self.enabled = enabled

    def _rule_for(self, scope: Scope) -> RateRule | None:
        for rule in self.rules:
            if rule.matches(scope["method"], scope["path"]):
                return rule
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self._rule_for(scope) if self.enabled and scope["type"] == "http" else None
        if rule is None:
            await self.app(scope, receive, send)
            return
        user = scope.get("state", {}).get("user")
        key = client_address(scope) if rule.per_address or user is None else f"user:{user.id}"
        try:
            allowed = await self.limiter.hit(rule.limit, rule.name, key)
            reset_at, remaining = await self.limiter.get_window_stats(rule.limit, rule.name, key)
        except Exception:
            log.warning("rate-limit storage failed; letting the request through", exc_info=True)
            await self.app(scope, receive, send)
            return
        reset_in = max(0, math.ceil(reset_at - time.time()))
        headers = {
            "RateLimit-Limit": str(rule.limit.amount),
            "RateLimit-Remaining": str(max(0, remaining)),
            "RateLimit-Reset": str(reset_in),
        }
        if not allowed:
            headers["Retry-After"] = str(max(1, reset_in))
            await error_response(429, "Rate limit exceeded, try again later", headers=headers)(
                scope, receive, send
            )
            return
        raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *raw]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
