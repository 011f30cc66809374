"""Service routes: `GET /health` (public)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

import api
from api.auth import public
from api.db import ping_db
from api.errors import error_body
from api.sandbox.service import sandbox_status


async def health(request: Request) -> Response:
    """Liveness and dependencies: 200 when the database answers, else 503.

    `sandbox` is the configured backend as it really is: its name (with its containment when weaker than
    cgroups, e.g. "bwrap (rlimit-only)"), or "unavailable". An unusable sandbox does not fail health: the
    sandbox routes answer 503 themselves. The first call self-checks the backend (~0.1 s), hence the thread.
    """
    settings = request.app.state.settings
    sandbox = await run_in_threadpool(sandbox_status, settings.sandbox_backend)
    if not await ping_db():
        body = error_body(503, "Database unreachable")
        body.update(status="degraded", database="unreachable", sandbox=sandbox)
        return JSONResponse(body, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "sandbox": sandbox, "version": api.__version__})


routes: list[BaseRoute] = [public(Route("/health", health, methods=["GET"], name="health"))]
