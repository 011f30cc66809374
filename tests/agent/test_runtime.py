"""Whole typed interviews through the worker's runtime and the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from agent.code_events import ATTRIBUTE_PHASE, ATTRIBUTE_PROBLEM_ID, CODE_EVENT_TOPIC
from agent.runtime import InterviewRuntime
from api.models import CodeSubmission, Feedback, Interview, QuestionAsked, TranscriptMessage
from tests.agent.interview_driver import (
    ANSWERS,
    answer_until_phase,
    make_interview,
    open_runtime,
    say,
    text_engines,
)

CODE_EVENT_DEADLINE_SECONDS = 1.0


async def submit(
    interview_id: int, runtime: InterviewRuntime, *, passed: int, total: int = 5
) -> CodeSubmission:
    problem = runtime.interviewer.current_problem
    assert problem is not None
    return await CodeSubmission.create(
        interview_id=interview_id,
        language="python",
        code="def solve(s): ...",
        problem_id=problem.id,
        status="passed" if passed == total else "failed",
        exit_code=0,
        tests_passed=passed,
        tests_total=total,
    )


async def finish_interview(runtime: InterviewRuntime, *, max_turns: int = 40) -> None:
    """Answer until the interview is done; in the coding phase, solve the problem (announced by the room)."""
    solved = False
    for turn in range(max_turns):
        if runtime.done:
            return
        if runtime.interviewer.phase == "coding" and not solved:
            submission = await submit(runtime.interview_id, runtime, passed=5)
            packet = announcement(submission.id, runtime.interview_id)
            assert await runtime.relay.on_packet(packet, CODE_EVENT_TOPIC)
            solved = True
        await say(runtime, ANSWERS[turn % len(ANSWERS)])
    raise AssertionError(f"not done after {max_turns} more answers (phase {runtime.interviewer.phase})")


def announcement(submission_id: int, interview_id: int) -> bytes:
    return json.dumps({"submission_id": submission_id, "interview_id": interview_id}).encode()


@pytest.mark.asyncio
async def test_a_typed_interview_is_persisted_turn_by_turn_then_completed_with_feedback(db: str) -> None:
    interview_id = await make_interview()
    runtime = await open_runtime(interview_id)
    try:
        greeting = await TranscriptMessage.filter(interview_id=interview_id).order_by("seq")
        assert [(t.role, t.phase) for t in greeting] == [("agent", "greeting")]
        await answer_until_phase(runtime, "coding")
        stored = await Interview.get(id=interview_id)
        assert stored.current_problem_id == runtime.interviewer.current_problem.id
        await finish_interview(runtime)
        assert await runtime.finish()
    finally:
        await runtime.close()

    interview = await Interview.get(id=interview_id)
    assert interview.status == "completed" and interview.completed_at is not None
    assert interview.brain_state is not None and interview.brain_state["phase"] == "done"
    assert interview.state_version >= len(runtime.interviewer.moves)
    turns = await TranscriptMessage.filter(interview_id=interview_id).order_by("seq")
    assert [t.seq for t in turns] == list(range(len(turns)))
    assert {t.phase for t in turns} >= {"greeting", "resume", "technical", "coding", "behavioral", "closing"}
    assert all(t.started_at is not None and t.ended_at is not None for t in turns)
    candidate_texts = [t.text for t in turns if t.role == "candidate"]
    assert candidate_texts[0] == ANSWERS[0] and len(candidate_texts) >= 10
    assert all(t.text.strip() for t in turns if t.role == "agent")
    assert await Feedback.exists(interview_id=interview_id)
    assert not await runtime.finish()  # completing twice is a no-op


@pytest.mark.asyncio
async def test_a_restarted_job_resumes_without_repeating_the_greeting_or_a_question(db: str) -> None:
    interview_id = await make_interview()
    first = await open_runtime(interview_id)
    for answer in ANSWERS[:4]:
        await say(first, answer)
    await first.close()  # the worker dies mid-interview
    asked_rows = await QuestionAsked.filter(interview_id=interview_id)
    asked_before = {row.question_key for row in asked_rows}
    turns_before = await TranscriptMessage.filter(interview_id=interview_id).order_by("seq")
    phase_before = first.interviewer.phase
    assert asked_before and len(turns_before) == 9

    second = await open_runtime(interview_id)  # a new job for the same interview
    try:
        opening = second.interviewer.moves[0]
        assert opening.kind == "welcome_back" and opening.phase == phase_before
        assert all(move.kind != "greet" for move in second.interviewer.moves)
        await finish_interview(second)
        asked_after = [m.question.key for m in second.interviewer.moves if m.kind == "ask" and m.question]
        assert not set(asked_after) & asked_before, "a question asked before the restart was asked again"
        assert len(asked_after) == len(set(asked_after))
    finally:
        await second.close()

    turns = await TranscriptMessage.filter(interview_id=interview_id).order_by("seq")
    assert [t.seq for t in turns] == list(range(len(turns)))
    assert [(t.role, t.text) for t in turns[: len(turns_before)]] == [(t.role, t.text) for t in turns_before]
    greetings = [t for t in turns if t.role == "agent" and t.phase == "greeting"]
    assert len(greetings) == 1


@pytest.mark.asyncio
async def test_a_code_event_reaches_the_interviewer_within_a_second_and_only_once(db: str) -> None:
    interview_id = await make_interview()
    runtime = await open_runtime(interview_id)
    published: list[dict[str, str]] = []

    async def publish(attributes: dict[str, str]) -> None:
        published.append(attributes)

    runtime.attribute_publisher = publish
    try:
        await answer_until_phase(runtime, "coding")
        await asyncio.sleep(0)  # let the after-turn attribute update run
        submission = await submit(interview_id, runtime, passed=2)
        agent_turns = await TranscriptMessage.filter(interview_id=interview_id, role="agent").count()
        started = time.perf_counter()
        assert await runtime.relay.on_packet(announcement(submission.id, interview_id), CODE_EVENT_TOPIC)
        while await TranscriptMessage.filter(interview_id=interview_id, role="agent").count() == agent_turns:
            assert time.perf_counter() - started < CODE_EVENT_DEADLINE_SECONDS, "no reaction within a second"
            await asyncio.sleep(0.01)
        replies = TranscriptMessage.filter(interview_id=interview_id, role="agent")
        reply = await replies.order_by("-seq").first()
        assert reply is not None and "2" in reply.text and reply.phase == "coding"
        row = await CodeSubmission.get(id=submission.id)
        assert row.delivered_to_agent_at is not None
        assert not await runtime.relay.on_packet(announcement(submission.id, interview_id), CODE_EVENT_TOPIC)
        assert runtime.relay.delivered == 1
    finally:
        await runtime.close()
    problem_id = runtime.interviewer.current_problem.id
    merged: dict[str, str] = {}
    for update in published:
        merged.update(update)
    assert merged[ATTRIBUTE_PHASE] == "coding" and merged[ATTRIBUTE_PROBLEM_ID] == problem_id
    assert published[0][ATTRIBUTE_PHASE] == "greeting"


@pytest.mark.asyncio
async def test_a_submission_whose_message_was_lost_is_picked_up_at_the_next_turn(db: str) -> None:
    interview_id = await make_interview()
    runtime = await open_runtime(interview_id)
    try:
        await answer_until_phase(runtime, "coding")
        submission = await submit(interview_id, runtime, passed=5)  # stored; the room message never came
        reply = " ".join(await say(runtime, "I think it's done now."))
        assert "5" in reply
        assert (await CodeSubmission.get(id=submission.id)).delivered_to_agent_at is not None
    finally:
        await runtime.close()


@pytest.mark.asyncio
async def test_a_completed_or_missing_interview_is_not_run(db: str) -> None:
    done_id = await make_interview(status="completed")
    assert await InterviewRuntime.open(done_id, engines=text_engines()) is None
    assert await InterviewRuntime.open(done_id + 999, engines=text_engines()) is None
    pending_id = await make_interview(status="pending")
    runtime = await InterviewRuntime.open(pending_id, engines=text_engines())
    assert runtime is not None
    await runtime.close()
    assert (await Interview.get(id=pending_id)).status == "in_progress"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("workspace", "away_seconds", "tick_seconds"), [("editor", 15, 20), ("console", 120, 60)]
)
async def test_the_console_gives_a_typed_answer_minutes_where_a_call_gives_seconds(
    db, workspace, away_seconds, tick_seconds
):
    # The session cannot see typing: at the console, silence is usually someone composing an answer.
    runtime = await InterviewRuntime.open(await make_interview(), engines=text_engines(), workspace=workspace)
    assert runtime is not None
    try:
        assert runtime.session.options.user_away_timeout == away_seconds
        assert runtime.interviewer.silence_tick_seconds == tick_seconds
    finally:
        await runtime.close()
