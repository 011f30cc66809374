"""The error envelope: every error leaves the API as `{"detail": ..., "status_code": ...}`.

- Routes raise `ApiError(status, detail)`; the handlers below render it.
- The framework's own errors (unknown route, 405, ...) come as `HTTPException` and get the same envelope.
- `ErrorEnvelopeMiddleware` is the outermost app middleware: it gives each request an id (`X-Request-ID`),
  refuses bodies over the hard cap with 413, and turns anything unhandled into a 500 envelope, logging the
  traceback with the request id and never showing it to the client.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("api.errors")

REQUEST_ID_HEADER = "X-Request-ID"


class ApiError(Exception):
    """An error with an HTTP status that is safe to show to the client as-is."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.errors = errors
        self.headers = dict(headers or {})


def not_found(what: str = "Resource") -> ApiError:
    return ApiError(404, f"{what} not found")


def error_body(status_code: int, detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail, "status_code": status_code}
    if errors:
        body["errors"] = errors
    return body


def error_response(
    status_code: int,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status_code, detail, errors), status_code=status_code, headers=headers)


def _default_detail(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


async def api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.detail, exc.errors, exc.headers)


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else _default_detail(exc.status_code)
    if exc.status_code == 404:
        detail = "Not found"
    elif exc.status_code == 405:
        detail = "Method not allowed"
        return error_response(405, detail, headers={"Allow": _allowed_methods(request)})
    return error_response(exc.status_code, detail, headers=exc.headers)


def _allowed_methods(request: Request) -> str:
    """Every method the path takes. Starlette's own `Allow` names only the first route for the path, and
    several routes may share one (`GET` and `POST /interviews/` are two)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))


EXCEPTION_HANDLERS = {ApiError: api_error_handler, HTTPException: http_exception_handler}


class BodyTooLarge(Exception):
    """Raised from `receive` when a request body grows past the hard cap."""


class ErrorEnvelopeMiddleware:
    """Request ids, the hard body-size cap, and the last-resort 500 envelope (see module docstring)."""

    def __init__(self, app: ASGIApp, max_request_bytes: int) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_request_bytes:
            await self._send_error(send_with_id, 413, "Request body too large")
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_request_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, capped_receive, send_with_id)
        except BodyTooLarge:
            if not started:
                await self._send_error(send_with_id, 413, "Request body too large")
        except ApiError as exc:  # raised by a middleware, outside the router's handlers
            if not started:
                await error_response(exc.status_code, exc.detail, exc.errors, exc.headers)(
                    scope, receive, send_with_id
                )
        except Exception:
            log.exception("unhandled error, request_id=%s %s %s", request_id, scope["method"], scope["path"])
            if not started:
                await self._send_error(send_with_id, 500, f"Internal server error (request id {request_id})")

    @staticmethod
    async def _send_error(send: Send, status_code: int, detail: str) -> None:
        response = error_response(status_code, detail)
        await send({"type": "http.response.start", "status": status_code, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
