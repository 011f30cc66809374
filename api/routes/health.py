"""Service routes: `GET /health` (public)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

import api
from api.auth import public
from api.db import ping_db
from api.errors import error_body


async def health(request: Request) -> Response:
    """Liveness and dependencies: 200 when the database answers, else 503."""
    settings = request.app.state.settings
    if not await ping_db():
        body = error_body(503, "Database unreachable")
        body.update(status="degraded", database="unreachable", sandbox=settings.sandbox_backend)
        return JSONResponse(body, status_code=503)
    return JSONResponse(
        {"status": "ok", "database": "ok", "sandbox": settings.sandbox_backend, "version": api.__version__}
    )


routes: list[BaseRoute] = [public(Route("/health", health, methods=["GET"], name="health"))]
