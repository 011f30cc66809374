"""Feedback routes: complete an interview, read its feedback, re-score it.

- `POST /interviews/{id}/complete`: in_progress → completed (once; later calls change nothing), closes the
  LiveKit room (best effort) and returns the feedback, generating it on first use. Works whether the agent
  already closed the interview or the candidate pressed "end"; the transcript is never touched.
- `GET /interviews/{id}/feedback`: the stored feedback; 404 before completion, 409 if generation failed.
- `POST /interviews/{id}/feedback/rescore`: score the stored transcript again with the current rubric (and
  the LLM judge, when configured); also the retry after a failure.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import rooms
from api.auth import current_user, get_owned, path_id
from api.errors import ApiError
from api.feedback.service import FeedbackGenerationError, feedback_to_dict, generate_feedback
from api.models import Feedback, Interview


async def _owned(request: Request) -> Interview:
    return await get_owned(Interview, path_id(request), current_user(request), "Interview")


async def complete_interview(request: Request) -> Response:
    """Mark the interview completed (idempotent) and return its feedback."""
    interview = await _owned(request)
    if interview.status == "pending":
        raise ApiError(409, "Interview has not started; start it before completing it")
    if interview.status not in ("in_progress", "completed"):
        raise ApiError(409, f"Interview is {interview.status} and cannot be completed")
    moved = await Interview.filter(id=interview.id, status="in_progress").update(
        status="completed", completed_at=datetime.now(UTC)
    )
    if moved:
        await rooms.delete_room(rooms.room_name_for(interview.id))  # ends the live session, if any
    feedback: dict[str, object] | None = None
    error: str | None = None
    try:
        feedback = feedback_to_dict(await generate_feedback(interview.id))
    except FeedbackGenerationError as exc:
        error = str(exc)
    return JSONResponse(
        {"interview_id": interview.id, "status": "completed", "feedback": feedback, "feedback_error": error}
    )


async def get_feedback(request: Request) -> Response:
    """The stored feedback of a completed interview."""
    interview = await _owned(request)
    feedback = await Feedback.get_or_none(interview_id=interview.id)
    if feedback is not None:
        return JSONResponse(feedback_to_dict(feedback))
    if interview.status == "completed" and interview.feedback_error:
        raise ApiError(409, interview.feedback_error)
    if interview.status == "completed":
        raise ApiError(404, "Feedback is not ready yet")
    raise ApiError(404, "Feedback not found: the interview is not completed")


async def rescore_feedback(request: Request) -> Response:
    """Score the interview again from what was stored (current rubric, LLM judge if configured)."""
    interview = await _owned(request)
    if interview.status != "completed":
        raise ApiError(409, "Only a completed interview can be re-scored")
    try:
        feedback = await generate_feedback(interview.id, force=True)
    except FeedbackGenerationError as exc:
        raise ApiError(500, str(exc)) from None
    return JSONResponse(feedback_to_dict(feedback))


routes: list[BaseRoute] = [
    Route("/interviews/{id:int}/complete", complete_interview, methods=["POST"], name="interviews_complete"),
    Route("/interviews/{id:int}/feedback", get_feedback, methods=["GET"], name="interviews_feedback"),
    Route(
        "/interviews/{id:int}/feedback/rescore",
        rescore_feedback,
        methods=["POST"],
        name="interviews_feedback_rescore",
    ),
]
