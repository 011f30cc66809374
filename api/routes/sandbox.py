"""Sandbox routes: run code, list languages, browse the problem bank (hidden tests stay on the server)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, JsonValue, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api.errors import ApiError
from api.sandbox.interface import ToolchainMissing
from api.sandbox.languages import LANGUAGES, accepted_names, language_version
from api.sandbox.limits import MAX_CODE_BYTES
from api.sandbox.problems import get_problem, load_problems
from api.sandbox.result import ExecutionResult, Status
from api.sandbox.service import SandboxUnavailable, UnknownLanguage, run_code
from api.validation import accepts, parse_body

MAX_STDIN_BYTES = 1024 * 1024


def code_within_limit(value: str) -> str:
    if len(value.encode()) > MAX_CODE_BYTES:
        raise ValueError(f"must be at most {MAX_CODE_BYTES} bytes")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


# A language as a request names it. The schema lists the accepted names; the check itself is the sandbox's,
# whose answer to an unknown one (400) lists the supported languages.
LanguageName = Annotated[
    str, Field(min_length=1, max_length=32, json_schema_extra={"enum": list[JsonValue](accepted_names())})
]


class ExecuteBody(BaseModel):
    code: str
    language: LanguageName
    stdin: str = ""
    timeout_seconds: float | None = None

    @field_validator("code")
    @classmethod
    def code_size(cls, value: str) -> str:
        return code_within_limit(value)

    @field_validator("stdin")
    @classmethod
    def stdin_size(cls, value: str) -> str:
        if len(value.encode()) > MAX_STDIN_BYTES:
            raise ValueError(f"must be at most {MAX_STDIN_BYTES} bytes")
        return value


def sandbox_errors(exc: Exception) -> ApiError:
    """The API's answer to a sandbox failure; details stay in the server log."""
    if isinstance(exc, UnknownLanguage):
        return ApiError(400, str(exc))
    if isinstance(exc, ToolchainMissing):  # the operator's fix is plain: install that language's toolchain
        return ApiError(503, f"The code sandbox cannot run {exc.language} on this server: its toolchain is "
                             f"not installed")
    return ApiError(503, "The code sandbox is unavailable")


def checked_result(result: ExecutionResult) -> ExecutionResult:
    if result.status is Status.INTERNAL_ERROR:  # the sandbox failed to start the run, not the program
        raise ApiError(503, "The code sandbox could not run the program")
    return result


def backend_of(request: Request) -> str | None:
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "sandbox_backend", None)


@accepts(ExecuteBody)
async def execute(request: Request) -> Response:
    """Run a program with server-side limits; its own failure is still a 200 with its exit code."""
    body = await parse_body(request, ExecuteBody)
    try:
        result = await run_code(body.code, body.language, body.stdin.encode(), body.timeout_seconds,
                                backend=backend_of(request))
    except (UnknownLanguage, SandboxUnavailable) as exc:
        raise sandbox_errors(exc) from exc
    return JSONResponse(checked_result(result).api_dict())


async def languages(request: Request) -> Response:
    """Every supported language with its toolchain version and the aliases accepted for it."""
    rows = []
    for lang in LANGUAGES.values():
        version = await run_in_threadpool(language_version, lang.name)
        rows.append({"language": lang.name, "version": version, "aliases": list(lang.aliases)})
    return JSONResponse(rows)


async def list_problems(request: Request) -> Response:
    return JSONResponse([p.public_dict() for p in load_problems()])


async def problem_detail(request: Request) -> Response:
    problem = get_problem(str(request.path_params["problem_id"]))
    if problem is None:
        raise ApiError(404, "Problem not found")
    body: dict[str, Any] = problem.public_dict()
    return JSONResponse(body)


routes: list[BaseRoute] = [
    Route("/sandbox/execute", execute, methods=["POST"], name="sandbox_execute"),
    Route("/sandbox/languages", languages, methods=["GET"], name="sandbox_languages"),
    Route("/sandbox/problems/", list_problems, methods=["GET"], name="sandbox_problems"),
    Route("/sandbox/problems/{problem_id}", problem_detail, methods=["GET"], name="sandbox_problem"),
]
