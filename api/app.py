"""The application factory: the route table, middleware and error handlers.

Route modules (`api/routes/*.py`) each expose `routes: list[BaseRoute]` with paths relative to `/api/v1`.
`create_app` prefixes them, serves each collection path (`/things/`) with and without the trailing slash
(no redirects), and wraps everything in: request id + body cap + last-resort 500 → CORS → authentication
→ rate limits → router (with the envelope handlers for `ApiError` and framework errors).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

import api
from api import db
from api.auth import PUBLIC_ATTR, AuthMiddleware, public
from api.errors import EXCEPTION_HANDLERS, ErrorEnvelopeMiddleware
from api.openapi import build_openapi
from api.ratelimit import RateLimitMiddleware, build_storage, close_storage, rules_from_settings
from api.routes import auth, feedback, health, interviews, resumes, sandbox, speech, submissions, voice
from api.settings import Settings, set_settings

log = logging.getLogger(__name__)

BASE_PATH = "/api/v1"
# The largest body any route accepts (speech-to-text uploads, 25 MiB) plus multipart overhead; routes
# enforce their own, smaller limits.
MAX_REQUEST_BYTES = 26 * 1024 * 1024
ROUTE_MODULES: tuple[ModuleType, ...] = (
    health,
    auth,
    interviews,
    submissions,
    feedback,
    resumes,
    sandbox,
    voice,
    speech,
)


def _copy_route(route: Route, path: str) -> Route:
    copy = Route(
        path,
        route.endpoint,
        methods=sorted(route.methods or ()) or None,
        name=route.name,
        include_in_schema=route.include_in_schema,
    )
    if getattr(route, PUBLIC_ATTR, False):
        public(copy)
    return copy


def assemble_routes(modules: tuple[ModuleType, ...] = ROUTE_MODULES) -> list[BaseRoute]:
    """All module routes under the base path; collection paths also without their trailing slash."""
    table: list[BaseRoute] = []
    for module in modules:
        for route in module.routes:
            if not isinstance(route, Route):
                raise TypeError(f"{module.__name__}: only plain Route objects are supported, got {route!r}")
            path = BASE_PATH + route.path
            table.append(_copy_route(route, path))
            if path.endswith("/"):
                alias = _copy_route(route, path.rstrip("/"))
                alias.include_in_schema = False
                table.append(alias)
    # Service routes are also served at the root, where probes and tools look for them.
    for route in health.routes:
        assert isinstance(route, Route)
        root_copy = _copy_route(route, route.path)
        root_copy.include_in_schema = False
        table.append(root_copy)
    return table


def create_app(settings: Settings, *, manage_db: bool = True) -> Starlette:
    """Build the ASGI app. `manage_db=False` when the caller (tests, a host process) owns `init_db`."""
    set_settings(settings)
    routes = assemble_routes()
    document_cache: dict[str, object] = {}

    async def openapi(request: Request) -> JSONResponse:
        """The OpenAPI 3 document of this API."""
        if "doc" not in document_cache:
            document_cache["doc"] = build_openapi(request.app.routes, "InterviewLab API", api.__version__)
        return JSONResponse(document_cache["doc"])

    routes.append(public(Route(f"{BASE_PATH}/openapi.json", openapi, methods=["GET"], name="openapi")))
    routes.append(
        public(Route("/openapi.json", openapi, methods=["GET"], name="openapi_root", include_in_schema=False))
    )

    rate_limit_storage = build_storage(settings.rate_limit_storage, settings.rate_limit_key_prefix)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            await db.init_db(settings.database_url)
        try:
            yield
        finally:
            await speech.close_speech_engines(app.state)
            await close_storage(rate_limit_storage)
            if manage_db:
                await db.close_db()

    middleware = [Middleware(ErrorEnvelopeMiddleware, max_request_bytes=MAX_REQUEST_BYTES)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
                allow_headers=["Authorization", "Content-Type"],
                expose_headers=["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"],
            )
        )
    middleware += [
        Middleware(AuthMiddleware, routes=routes, secret=settings.jwt_secret),
        Middleware(
            RateLimitMiddleware,
            rules=rules_from_settings(settings),
            storage=rate_limit_storage,
            enabled=settings.rate_limit_enabled,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers=dict(EXCEPTION_HANDLERS),
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.settings = settings
    app.state.rate_limit_storage = rate_limit_storage
    return app
