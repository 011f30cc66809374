"""Interview routes: create, list, get, delete, start (LiveKit token) and state.

`submit-code` (sandbox engineer) and `complete`/`feedback` (feedback engineer) live in their own modules.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import rooms
from api.auth import current_user, get_owned, path_id
from api.errors import ApiError
from api.feedback.service import feedback_to_dict
from api.interview_state import current_phase, latency_summary
from api.models import Feedback, Interview, Resume, User
from api.state_reads import read_state
from api.validation import accepts, parse_body

log = logging.getLogger(__name__)

TITLE_MAX = 200
JOB_DESCRIPTION_MAX = 20_000


class CreateInterviewBody(BaseModel):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    resume_id: int | None = None
    job_description: str | None = Field(default=None, max_length=JOB_DESCRIPTION_MAX)

    @field_validator("title")
    @classmethod
    def title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def interview_summary(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.id,
        "title": interview.title,
        "status": interview.status,
        "created_at": iso(interview.created_at),
        "started_at": iso(interview.started_at),
        "completed_at": iso(interview.completed_at),
        "overall_score": interview.overall_score,
    }


async def owned_interview(request: Request, user: User) -> Interview:
    return await get_owned(Interview, path_id(request), user, "Interview")


@accepts(CreateInterviewBody)
async def create_interview(request: Request) -> Response:
    """Create a pending interview, optionally for one of the user's resumes."""
    user = current_user(request)
    body = await parse_body(request, CreateInterviewBody)
    if body.resume_id is not None:
        await get_owned(Resume, body.resume_id, user, "Resume")
    job_description = body.job_description.strip() if body.job_description else None
    interview = await Interview.create(
        user=user, title=body.title, resume_id=body.resume_id, job_description=job_description or None
    )
    return JSONResponse(
        {
            "id": interview.id,
            "title": interview.title,
            "status": interview.status,
            "resume_id": interview.resume_id,
            "job_description": interview.job_description,
            "created_at": iso(interview.created_at),
        },
        status_code=201,
    )


async def list_interviews(request: Request) -> Response:
    """The user's interviews, newest first."""
    user = current_user(request)
    interviews = await Interview.filter(user_id=user.id).order_by("-created_at", "-id")
    return JSONResponse([interview_summary(i) for i in interviews])


async def get_interview(request: Request) -> Response:
    """One interview with its job description and feedback (null until completed)."""
    interview = await owned_interview(request, current_user(request))
    feedback = await Feedback.get_or_none(interview_id=interview.id)
    return JSONResponse(
        {
            **interview_summary(interview),
            "resume_id": interview.resume_id,
            "job_description": interview.job_description,
            "feedback": feedback_to_dict(feedback) if feedback else None,
        }
    )


async def delete_interview(request: Request) -> Response:
    """Delete the interview and everything recorded for it; also its LiveKit room, when reachable."""
    interview = await owned_interview(request, current_user(request))
    was_live = interview.status == "in_progress"
    await Interview.filter(id=interview.id).delete()  # transcript, questions, submissions, feedback cascade
    if was_live:
        await rooms.delete_room(rooms.room_name_for(interview.id))
    return Response(status_code=204)


async def _ensure_question_plan(interview: Interview, user: User) -> None:
    """Build and store the question plan once; a planner failure must not keep the candidate out."""
    if interview.question_plan is not None:
        return
    try:
        from api.resumes.planner import build_question_plan

        analysis = None
        if interview.resume_id is not None:
            resume = await Resume.get_or_none(id=interview.resume_id, user_id=user.id)
            analysis = resume.analysis if resume else None
        plan = build_question_plan(analysis, interview.job_description, candidate_name=user.full_name)
        plan_data = plan.to_dict()
    except Exception:
        log.exception(
            "question plan for interview %s could not be built; the agent uses its defaults", interview.id
        )
        return
    # Conditional: a concurrent start (or the agent) that stored a plan first keeps its plan.
    await Interview.filter(id=interview.id, question_plan__isnull=True).update(question_plan=plan_data)


async def start_interview(request: Request) -> Response:
    """Start (or rejoin) the interview: pending → in_progress, and a LiveKit token for its room."""
    user = current_user(request)
    interview = await owned_interview(request, user)
    moved = await Interview.filter(id=interview.id, status="pending").update(
        status="in_progress", started_at=datetime.now(UTC)
    )
    if not moved:
        await interview.refresh_from_db(fields=["status"])
        if interview.status != "in_progress":
            raise ApiError(409, f"Interview is {interview.status}; it cannot be started")
    await _ensure_question_plan(interview, user)
    config = rooms.livekit_config(request.app.state.settings)
    token = rooms.mint_candidate_token(
        config, interview_id=interview.id, user_id=user.id, display_name=user.full_name or user.email
    )
    return JSONResponse(
        {
            "interview_id": interview.id,
            "room_name": rooms.room_name_for(interview.id),
            "token": token,
            "url": config.url,
        }
    )


def _current_problem(problem_id: str | None, language: str | None) -> dict[str, Any] | None:
    if not problem_id:
        return None
    from api.sandbox.problems import get_problem

    problem = get_problem(problem_id)
    if problem is None:
        return None
    return {
        "id": problem.id,
        "title": problem.title,
        "prompt": problem.prompt,
        "starter_code": dict(problem.starter_code),
        "language": language,
    }


async def interview_state(request: Request) -> Response:
    """The live state: transcript, questions asked, submissions, current problem, latency."""
    state = await read_state(path_id(request), current_user(request).id)
    if state is None:
        raise ApiError(404, "Interview not found")
    messages = state.messages
    last_phase = messages[-1]["phase"] if messages else None
    return JSONResponse(
        {
            "interview_id": path_id(request),
            "status": state.status,
            "turn_count": len(messages),
            "phase": current_phase(state.status, state.brain_state, last_phase),
            "conversation_history": [
                {"role": m["role"], "text": m["text"], "phase": m["phase"], "at": m["at"]} for m in messages
            ],
            "questions_asked": [
                {
                    "id": q["question_key"],
                    "text": q["text"],
                    "phase": q["phase"],
                    "source": q["source"],
                    "at": q["at"],
                }
                for q in state.questions
            ],
            "code_submissions": [
                {
                    "id": s["id"],
                    "language": s["language"],
                    "at": s["at"],
                    "exit_code": s["exit_code"],
                    "tests_passed": s["tests_passed"],
                    "tests_total": s["tests_total"],
                }
                for s in state.submissions
            ],
            "current_problem": _current_problem(state.current_problem_id, state.current_problem_language),
            "latency": latency_summary(m["latency"] for m in messages if m["role"] == "agent"),
        }
    )


routes: list[BaseRoute] = [
    Route("/interviews/", create_interview, methods=["POST"], name="interviews_create"),
    Route("/interviews/", list_interviews, methods=["GET"], name="interviews_list"),
    Route("/interviews/{id:int}", get_interview, methods=["GET"], name="interviews_get"),
    Route("/interviews/{id:int}", delete_interview, methods=["DELETE"], name="interviews_delete"),
    Route("/interviews/{id:int}/start", start_interview, methods=["POST"], name="interviews_start"),
    Route("/interviews/{id:int}/state", interview_state, methods=["GET"], name="interviews_state"),
]
