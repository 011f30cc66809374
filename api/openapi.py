"""The OpenAPI 3 document, generated from the app's route table (so routes added later are in it too).

An endpoint documents itself with its docstring (first line: summary) and, for a JSON body, the
`@accepts(Model)` mark from `api.validation` (`@accepts_file(field, media_type)` for a multipart upload).
Routes marked public carry no security requirement.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from starlette.routing import BaseRoute, Route

from api.auth import PUBLIC_ATTR

PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_]+))?}")
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "status_code"],
    "properties": {
        "detail": {"type": "string"},
        "status_code": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def openapi_path(path: str) -> str:
    """Starlette's `/x/{id:int}` as OpenAPI's `/x/{id}`."""
    return PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def _operation(route: Route, method: str) -> dict[str, Any]:
    doc = inspect.getdoc(route.endpoint) or route.name or ""
    summary, _, description = doc.partition("\n")
    op: dict[str, Any] = {
        "operationId": f"{route.name}_{method.lower()}_{openapi_path(route.path)}".replace("/", "_"),
        "summary": summary.strip(),
        "responses": {
            "default": {
                "description": "Error",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
            "2XX": {"description": "Success"},
        },
    }
    if description.strip():
        op["description"] = description.strip()
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer"} if conv == "int" else {"type": "string"},
        }
        for name, conv in PARAM.findall(route.path)
    ]
    if params:
        op["parameters"] = params
    model = getattr(route.endpoint, "request_model", None)
    if model is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    upload = getattr(route.endpoint, "request_file", None)
    if upload is not None:
        field, media_type = upload
        op["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": [field],
                        "properties": {field: {"type": "string", "format": "binary"}},
                    },
                    "encoding": {field: {"contentType": media_type}},
                }
            },
        }
    if getattr(route, PUBLIC_ATTR, False):
        op["security"] = []
    return op


def build_openapi(routes: list[BaseRoute], title: str, version: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        if not isinstance(route, Route) or not route.include_in_schema:
            continue
        item = paths.setdefault(openapi_path(route.path), {})
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            item[method.lower()] = _operation(route, method)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearer": []}],
    }
