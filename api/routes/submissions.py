"""POST /interviews/{id}/submit-code: run the code (and the problem's tests), store it, tell the agent.

Running and storing are the domain's (`api.sandbox.submissions.submit_code`, shared with the console); this
route owns the HTTP side: ownership, the body, error statuses, the response and the room message.
The submission is stored before the agent is told; the room message is best effort because the agent
also reads undelivered submissions (`delivered_to_agent_at IS NULL`) from the database.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import rooms
from api.auth import current_user, get_owned, path_id
from api.errors import ApiError
from api.models import CodeSubmission, Interview
from api.routes.sandbox import LanguageName, backend_of, code_within_limit, sandbox_errors
from api.sandbox import submissions
from api.sandbox.harness import TestReport
from api.sandbox.interface import SandboxUnavailable
from api.sandbox.result import ExecutionResult
from api.sandbox.service import UnknownLanguage
from api.sandbox.submissions import (
    CodeHoldsNul,
    CodeTooLarge,
    InterviewNotInProgress,
    SandboxRunFailed,
    SubmissionError,
    UnknownProblem,
)
from api.validation import accepts, parse_body

log = logging.getLogger(__name__)

CODE_TOPIC = "interview.code"


class SubmitCodeBody(BaseModel):
    code: str
    language: LanguageName
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


def submission_errors(exc: Exception) -> ApiError:
    """The API's answer to a submission the domain refused or the sandbox could not run."""
    if isinstance(exc, InterviewNotInProgress):
        return ApiError(409, str(exc))
    if isinstance(exc, UnknownProblem | CodeTooLarge | CodeHoldsNul):
        return ApiError(400, str(exc))
    if isinstance(exc, SandboxRunFailed):
        return ApiError(503, str(exc))
    return sandbox_errors(exc)


@accepts(SubmitCodeBody)
async def submit_code(request: Request) -> Response:
    user = current_user(request)
    interview = await get_owned(Interview, path_id(request), user, "Interview")
    body = await parse_body(request, SubmitCodeBody)
    try:
        stored = await submissions.submit_code(interview.id, body.code, body.language,
                                               problem_id=body.problem_id, backend=backend_of(request))
    except (SubmissionError, UnknownLanguage, SandboxUnavailable) as exc:
        raise submission_errors(exc) from exc
    submission = stored.submission
    config = rooms.livekit_config(request.app.state.settings)
    delivered = await rooms.publish_to_room(rooms.room_name_for(interview.id), CODE_TOPIC,
                                            agent_summary(submission, interview.id), config=config)
    if not delivered:
        log.info("submission %s stored; the agent will pick it up from the database", submission.id)
    return JSONResponse({
        "message": "Code submitted successfully",
        "submission_id": submission.id,
        "execution_result": execution_json(stored.execution, stored.report),
    })


routes: list[BaseRoute] = [
    Route("/interviews/{id}/submit-code", submit_code, methods=["POST"], name="interview_submit_code"),
]
