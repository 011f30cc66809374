"""The hand-written state read returns exactly what the ORM reads from the same rows, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from api.models import CodeSubmission, Interview, QuestionAsked, TranscriptMessage
from api.sandbox.problems import get_problem
from api.state_reads import iso_timestamp, read_state


async def _seeded_interview(user_id: int) -> Interview:
    interview = await Interview.create(
        user_id=user_id,
        title="state",
        status="in_progress",
        brain_state={"phase": "coding", "asked": ["q1"]},
        current_problem_id="two-sum",
        current_problem_language="python",
    )
    started = datetime(2026, 11, 28, 16, 0, 0, tzinfo=UTC)  # whole seconds: isoformat drops the fraction
    turns = [
        ("agent", started, {"total_ms": 640.5, "llm_ms": 200}),
        ("candidate", started + timedelta(seconds=3, microseconds=120_007), None),
        ("agent", None, {"total_ms": 700}),  # no start recorded: dated by when it was written
    ]
    for seq, (role, started_at, latency) in reversed(list(enumerate(turns))):  # stored out of order
        await TranscriptMessage.create(
            interview=interview,
            seq=seq,
            role=role,
            text=f"turn {seq} — “quoted” ünïcode",
            phase="resume",
            started_at=started_at,
            latency=latency,
        )
    for key in ("q2", "q1"):
        await QuestionAsked.create(
            interview=interview, question_key=key, text=f"about {key}", phase="resume", source="plan"
        )
    await CodeSubmission.create(
        interview=interview,
        language="python",
        code="print(1)",
        exit_code=1,
        status="failed",
        tests_passed=1,
        tests_total=4,
    )
    return interview


@pytest.mark.asyncio
async def test_the_state_read_returns_what_the_orm_reads(user, db):
    interview = await _seeded_interview(user.id)
    state = await read_state(interview.id, user.id)
    assert state is not None
    stored = await Interview.get(id=interview.id)
    assert (state.status, state.brain_state) == (stored.status, stored.brain_state)
    assert (state.current_problem_id, state.current_problem_language) == ("two-sum", "python")

    messages = await TranscriptMessage.filter(interview_id=interview.id).order_by("seq")
    assert state.messages == [
        {
            "role": m.role,
            "text": m.text,
            "phase": m.phase,
            "at": (m.started_at or m.created_at).isoformat(),
            "latency": m.latency,
        }
        for m in messages
    ]
    assert [m["at"] for m in state.messages][:2] == [
        "2026-11-28T16:00:00+00:00",
        "2026-11-28T16:00:03.120007+00:00",
    ]

    questions = await QuestionAsked.filter(interview_id=interview.id).order_by("asked_at", "id")
    assert state.questions == [
        {
            "question_key": q.question_key,
            "text": q.text,
            "phase": q.phase,
            "source": q.source,
            "at": q.asked_at.isoformat(),
        }
        for q in questions
    ]
    submission = await CodeSubmission.get(interview_id=interview.id)
    assert state.submissions == [
        {
            "id": submission.id,
            "language": "python",
            "at": submission.created_at.isoformat(),
            "exit_code": 1,
            "tests_passed": 1,
            "tests_total": 4,
        }
    ]


@pytest.mark.asyncio
async def test_the_state_read_sees_nothing_of_another_users_interview(user, other_user, db):
    interview = await _seeded_interview(user.id)
    assert await read_state(interview.id, other_user.id) is None
    assert await read_state(interview.id + 1000, user.id) is None
    assert await read_state(0, user.id) is None


@pytest.mark.asyncio
async def test_the_state_route_shows_the_current_problem_and_the_brains_phase(client, user, db):
    interview = await _seeded_interview(user.id)
    response = await client.get(f"/api/v1/interviews/{interview.id}/state", headers=user.headers)
    assert response.status_code == 200
    state = response.json()
    problem = get_problem("two-sum")
    assert problem is not None
    assert state["current_problem"] == {
        "id": "two-sum",
        "title": problem.title,
        "prompt": problem.prompt,
        "starter_code": dict(problem.starter_code),
        "language": "python",
    }
    assert (state["interview_id"], state["status"], state["phase"]) == (interview.id, "in_progress", "coding")
    assert [m["at"] for m in state["conversation_history"]][:1] == ["2026-11-28T16:00:00+00:00"]
    assert state["latency"] == {"turns": 2, "p50_ms": 640.5, "p95_ms": 700.0}
    assert [q["id"] for q in state["questions_asked"]] == ["q2", "q1"]


def test_stored_timestamps_read_back_as_utc_iso_8601():
    assert iso_timestamp(None) is None
    assert iso_timestamp("2026-11-28 16:39:28.866642+00:00") == "2026-11-28T16:39:28.866642+00:00"
    assert iso_timestamp("2026-11-28 18:39:28+02:00") == "2026-11-28T16:39:28+00:00"
    assert iso_timestamp("2026-11-28 16:39:28") == "2026-11-28T16:39:28+00:00"  # naive means UTC
    aware = datetime(2026, 11, 28, 17, 39, 28, tzinfo=timezone(timedelta(hours=1)))
    assert iso_timestamp(aware) == "2026-11-28T16:39:28+00:00"
