"""POST /interviews/{id}/submit-code: run the code (and the problem's tests), store it, tell the agent.

The submission is stored before the agent is told; the room message is best effort because the agent
also reads undelivered submissions (`delivered_to_agent_at IS NULL`) from the database.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import rooms
from api.auth import current_user, get_owned, path_id
from api.errors import ApiError
from api.models import CodeSubmission, Interview
from api.routes.sandbox import backend_of, checked_result, code_within_limit, sandbox_errors
from api.sandbox.harness import TestReport
from api.sandbox.interface import SandboxUnavailable
from api.sandbox.languages import resolve_language
from api.sandbox.problems import get_problem
from api.sandbox.result import ExecutionResult
from api.sandbox.service import UnknownLanguage, run_code, run_problem_tests
from api.validation import accepts, parse_body

log = logging.getLogger(__name__)

CODE_TOPIC = "interview.code"


class SubmitCodeBody(BaseModel):
    code: str
    language: str = Field(min_length=1, max_length=32)
    problem_id: str | None = Field(default=None, max_length=100)

    @field_validator("code")
    @classmethod
    def code_size(cls, value: str) -> str:
        return code_within_limit(value)


def execution_json(result: ExecutionResult, report: TestReport | None) -> dict[str, Any]:
    body = result.api_dict()
    out: dict[str, Any] = {key: body[key] for key in
                           ("stdout", "stderr", "exit_code", "execution_time_ms", "timed_out")}
    out["truncated"] = body["truncated"]
    out["status"] = body["status"]
    if report is not None:
        out["tests"] = report.api_dict()
    return out


def agent_summary(submission: CodeSubmission, interview_id: int) -> dict[str, Any]:
    """What the interviewer agent hears about a submission (it can load the rest from the database)."""
    return {
        "interview_id": interview_id,
        "submission_id": submission.id,
        "language": submission.language,
        "problem_id": submission.problem_id,
        "status": submission.status,
        "exit_code": submission.exit_code,
        "timed_out": submission.timed_out,
        "tests_passed": submission.tests_passed,
        "tests_total": submission.tests_total,
    }


async def run_submission(
    body: SubmitCodeBody, backend: str | None
) -> tuple[ExecutionResult, TestReport | None]:
    """Run the code: against the problem's tests when a problem is named, else as a plain program."""
    if resolve_language(body.language) is None:
        raise sandbox_errors(UnknownLanguage(body.language))
    try:
        if body.problem_id is None:
            return checked_result(await run_code(body.code, body.language, backend=backend)), None
        problem = get_problem(body.problem_id)
        if problem is None:
            raise ApiError(400, f"Unknown problem_id {body.problem_id!r}")
        report = await run_problem_tests(problem, body.code, body.language, backend=backend)
    except (UnknownLanguage, SandboxUnavailable) as exc:
        raise sandbox_errors(exc) from exc
    checked_result(report.execution)
    # The candidate sees their own prints, not the harness's bookkeeping lines.
    return replace(report.execution, stdout=report.program_stdout), report


@accepts(SubmitCodeBody)
async def submit_code(request: Request) -> Response:
    user = current_user(request)
    interview = await get_owned(Interview, path_id(request), user, "Interview")
    body = await parse_body(request, SubmitCodeBody)
    if interview.status != "in_progress":
        raise ApiError(409, f"Code can only be submitted while the interview is in progress, "
                            f"not {interview.status}")
    result, report = await run_submission(body, backend_of(request))
    language = resolve_language(body.language)
    assert language is not None
    submission = await CodeSubmission.create(
        interview_id=interview.id,
        language=language.name,
        code=body.code,
        problem_id=body.problem_id,
        stdout=result.stdout.decode("utf-8", errors="replace"),
        stderr=result.api_dict()["stderr"],
        exit_code=result.exit_code,
        execution_time_ms=round(result.wall_ms),
        timed_out=result.timed_out,
        truncated=result.truncated,
        status=result.status.value,
        tests=report.api_dict() if report else None,
        tests_passed=report.passed if report else None,
        tests_total=report.total if report else None,
    )
    config = rooms.livekit_config(request.app.state.settings)
    delivered = await rooms.publish_to_room(rooms.room_name_for(interview.id), CODE_TOPIC,
                                            agent_summary(submission, interview.id), config=config)
    if not delivered:
        log.info("submission %s stored; the agent will pick it up from the database", submission.id)
    return JSONResponse({
        "message": "Code submitted successfully",
        "submission_id": submission.id,
        "execution_result": execution_json(result, report),
    })


routes: list[BaseRoute] = [
    Route("/interviews/{id}/submit-code", submit_code, methods=["POST"], name="interview_submit_code"),
]
