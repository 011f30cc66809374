"""The database interview store against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from agent.store import (
    DatabaseInterviewStore,
    InterviewNotFoundError,
    StaleStateError,
    load_interview,
    mark_in_progress,
    utc_now,
)
from api.models import CodeSubmission, Interview, QuestionAsked, Resume, TranscriptMessage, User


async def make_interview(status: str = "in_progress", full_name: str | None = "Ada Lovelace") -> Interview:
    email = f"u{utc_now().timestamp()}@example.com"
    user = await User.create(email=email, password_hash="x", full_name=full_name)
    resume = await Resume.create(
        user_id=user.id, filename="cv.pdf", stored_name=f"s{user.id}", size_bytes=10, status="analyzed",
        text="Ada", analysis={"name": "Ada From Resume", "skills": ["Python"]},
    )
    return await Interview.create(
        user_id=user.id, resume_id=resume.id, title="Backend", job_description="We need Python.",
        status=status, question_plan={"level": "mid", "items": []},
    )


@pytest.mark.asyncio
async def test_load_interview_reads_candidate_resume_plan_and_state(db: str) -> None:
    interview = await make_interview(full_name=None)
    record = await load_interview(interview.id)
    assert record.candidate_name == "Ada From Resume"
    assert record.resume_analysis == {"name": "Ada From Resume", "skills": ["Python"]}
    assert record.job_description == "We need Python."
    assert record.question_plan == {"level": "mid", "items": []}
    assert (record.brain_state, record.state_version) == (None, 0)
    with pytest.raises(InterviewNotFoundError):
        await load_interview(interview.id + 1000)


@pytest.mark.asyncio
async def test_turns_are_appended_in_order_with_phase_times_and_latency(db: str) -> None:
    interview = await make_interview()
    store = DatabaseInterviewStore(interview.id, state_version=0)
    start = utc_now()
    await store.record_turn("assistant", "Hello Ada.", "greeting", start, utc_now())
    assert await store.set_latest_agent_latency({"total_ms": 512.0, "stt_ms": 100.0})
    assert not await store.set_latest_agent_latency({"total_ms": 1.0})  # never overwrites a measured turn
    await store.record_turn("user", "Hi!", "greeting", start, utc_now())
    rows = await TranscriptMessage.filter(interview_id=interview.id).order_by("seq")
    assert [(r.seq, r.role, r.text, r.phase) for r in rows] == [
        (0, "agent", "Hello Ada.", "greeting"), (1, "candidate", "Hi!", "greeting")
    ]
    assert rows[0].latency == {"total_ms": 512.0, "stt_ms": 100.0}
    assert rows[0].started_at is not None and rows[0].ended_at is not None


@pytest.mark.asyncio
async def test_two_writers_appending_never_collide_or_lose_a_turn(db: str) -> None:
    interview = await make_interview()
    old_job = DatabaseInterviewStore(interview.id, state_version=0)
    new_job = DatabaseInterviewStore(interview.id, state_version=0)
    await old_job.record_turn("agent", "one", "greeting", None, None)  # old job's cached seq is now stale
    await new_job.record_turn("agent", "two", "greeting", None, None)
    await old_job.record_turn("candidate", "three", "greeting", None, None)
    await asyncio.gather(*(new_job.record_turn("candidate", f"c{i}", "resume", None, None) for i in range(3)))
    seqs = await TranscriptMessage.filter(interview_id=interview.id).values_list("seq", flat=True)
    assert sorted(seqs) == list(range(6))


@pytest.mark.asyncio
async def test_brain_state_is_compare_and_set_and_a_stale_job_is_refused(db: str) -> None:
    interview = await make_interview()
    old_job = DatabaseInterviewStore(interview.id, state_version=0)
    await old_job.save_state({"phase": "resume", "turn": 3}, prompt_version="v1")
    reloaded = await load_interview(interview.id)
    new_job = DatabaseInterviewStore(interview.id, state_version=reloaded.state_version)
    await new_job.save_state({"phase": "technical", "turn": 4})
    with pytest.raises(StaleStateError):
        await old_job.save_state({"phase": "resume", "turn": 4})
    saved = await Interview.get(id=interview.id)
    assert (saved.brain_state, saved.state_version, saved.prompt_version) == (
        {"phase": "technical", "turn": 4}, 2, "v1"
    )


@pytest.mark.asyncio
async def test_concurrent_saves_from_one_job_all_land_in_order(db: str) -> None:
    interview = await make_interview()
    store = DatabaseInterviewStore(interview.id, state_version=0)
    await asyncio.gather(*(store.save_state({"turn": i}) for i in range(5)))
    saved = await Interview.get(id=interview.id)
    assert (saved.state_version, store.state_version) == (5, 5)
    assert saved.brain_state == {"turn": 4}


@pytest.mark.asyncio
async def test_a_question_is_recorded_once(db: str) -> None:
    interview = await make_interview()
    store = DatabaseInterviewStore(interview.id, state_version=0)
    assert await store.record_question("resume-1", "Tell me about X", "resume", "resume")
    assert not await store.record_question("resume-1", "Tell me about X again", "resume", "resume")
    assert await store.asked_question_keys() == {"resume-1"}
    assert await QuestionAsked.filter(interview_id=interview.id).count() == 1


@pytest.mark.asyncio
async def test_submissions_are_claimed_once_and_only_by_their_interview(db: str) -> None:
    interview, other = await make_interview(), await make_interview()
    store = DatabaseInterviewStore(interview.id, state_version=0)
    rows = [
        await CodeSubmission.create(
            interview_id=interview.id, language="python", code="print(1)", status=status, exit_code=code,
            stderr="Traceback ...\nNameError: x", tests_passed=passed, tests_total=5,
        )
        for status, code, passed in [("ok", 0, 5), ("runtime_error", 1, 2), ("compile_error", 1, 0)]
    ]
    foreign = await CodeSubmission.create(interview_id=other.id, language="python", code="", status="ok")
    assert await store.claim_submission(foreign.id) is None
    live = await store.claim_submission(rows[1].id)
    assert live is not None and (live.status, live.tests_passed, live.tests_total) == ("runtime_error", 2, 5)
    assert "NameError" in live.stderr_excerpt
    assert await store.claim_submission(rows[1].id) is None
    pending = await store.take_undelivered_submissions()
    assert [p.submission_id for p in pending] == [rows[0].id, rows[2].id]
    assert pending[1].compile_error
    assert await store.take_undelivered_submissions() == []
    undelivered = CodeSubmission.filter(interview_id=interview.id, delivered_to_agent_at__isnull=True)
    assert await undelivered.count() == 0


@pytest.mark.asyncio
async def test_status_moves_pending_to_in_progress_to_completed_once(db: str) -> None:
    interview = await make_interview(status="pending")
    store = DatabaseInterviewStore(interview.id, state_version=0)
    assert await mark_in_progress(interview.id)
    assert not await mark_in_progress(interview.id)
    await store.set_current_problem("two-sum", "python")
    assert await store.mark_completed()
    assert not await store.mark_completed()
    saved = await Interview.get(id=interview.id)
    assert (saved.status, saved.current_problem_id, saved.current_problem_language) == (
        "completed", "two-sum", "python"
    )
    assert saved.completed_at is not None and saved.started_at is not None
