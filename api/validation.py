"""Request-body validation: JSON bodies checked against pydantic models, errors as the 400 envelope.

    class CreateThing(BaseModel):
        title: str = Field(min_length=1, max_length=200)

    @accepts(CreateThing)                     # optional: documents the body in /openapi.json
    async def create(request: Request) -> Response:
        body = await parse_body(request, CreateThing)

File uploads are read by `api.resumes.upload.receive_file`; `@accepts_file(field, media_type)` documents them.

Malformed JSON → 400, a non-JSON content type → 415, a body over `Settings.max_body_bytes` → 413, a model
violation → 400 with `errors: [{field, message}]`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from api.errors import ApiError
from api.storable import nul_path

ModelT = TypeVar("ModelT", bound=BaseModel)
EndpointT = TypeVar("EndpointT", bound=Callable[..., Any])

DEFAULT_MAX_JSON_BYTES = 1_048_576 + 65_536


def accepts(model: type[BaseModel]) -> Callable[[EndpointT], EndpointT]:
    """Mark an endpoint as taking `model` as its JSON body (used by the OpenAPI generator)."""

    def mark(endpoint: EndpointT) -> EndpointT:
        endpoint.request_model = model  # type: ignore[attr-defined]
        return endpoint

    return mark


def accepts_file(field: str, media_type: str) -> Callable[[EndpointT], EndpointT]:
    """Mark an endpoint as taking one file in multipart field `field` (for the OpenAPI generator)."""

    def mark(endpoint: EndpointT) -> EndpointT:
        endpoint.request_file = (field, media_type)  # type: ignore[attr-defined]
        return endpoint

    return mark


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    """pydantic errors as `[{field, message}]`, with dotted field paths and no echo of the input."""
    out = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        field = ".".join(str(part) for part in err["loc"]) or "body"
        out.append({"field": field, "message": err["msg"]})
    return out


async def read_json(request: Request, max_bytes: int | None = None) -> Any:
    """The request's JSON body (any JSON value); an empty body reads as `{}`."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise ApiError(415, "Content-Type must be application/json")
    limit = max_bytes if max_bytes is not None else _max_json_bytes(request)
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"Request body too large (limit {limit} bytes)")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "Malformed JSON body") from exc


async def parse_body(request: Request, model: type[ModelT], max_bytes: int | None = None) -> ModelT:
    """Read the JSON body and validate it into `model` (see module docstring for the errors)."""
    data = await read_json(request, max_bytes)
    if not isinstance(data, dict):
        raise ApiError(400, "Request body must be a JSON object")
    field = nul_path(data)
    if field is not None:  # PostgreSQL cannot store it, and no field of this API has a use for it
        raise ApiError(400, "Validation error", errors=[{"field": field, "message": "must not contain NUL"}])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, "Validation error", errors=validation_errors(exc)) from exc


def _max_json_bytes(request: Request) -> int:
    settings = getattr(request.app.state, "settings", None)
    return int(getattr(settings, "max_body_bytes", DEFAULT_MAX_JSON_BYTES))
