"""The feedback service on a real database (SQLite and PostgreSQL): load rows, score, store, fail cleanly."""

from __future__ import annotations

import pytest
from fakes.openai_server import FakeOpenAIServer
from feedback_support import FABRICATED_QUOTE, StoreInterview, closed_port_url

from api.feedback.llm_judge import JudgeConfig
from api.feedback.service import FeedbackGenerationError, generate_feedback
from api.models import Feedback, Interview, QuestionAsked, TranscriptMessage


@pytest.mark.asyncio
async def test_feedback_evidence_points_at_stored_turns_and_submissions(
    store_interview: StoreInterview, user
):
    stored = await store_interview(user.id, case="senior_precise", status="completed")
    feedback = await generate_feedback(stored.interview.id, judge=None)

    by_seq = {m.seq: m for m in stored.messages}
    submission_code = {s.id: s.code for s in stored.submissions}
    assert feedback.overall_score is not None and feedback.overall_score > 0.7
    assert feedback.rubric_version == "rubric-v2" and feedback.judge == "rubric"
    cited = 0
    for name, entry in feedback.skill_breakdown.items():
        for evidence in entry["evidence"]:
            cited += 1
            if evidence["kind"] == "turn":
                message = by_seq[evidence["ref"]]
                assert message.role == "candidate" and evidence["quote"] in message.text, name
            else:
                assert evidence["quote"] in submission_code[evidence["ref"]], name
    assert cited >= 8
    assert any(e["kind"] == "submission" for e in feedback.skill_breakdown["code_quality"]["evidence"])
    interview = await Interview.get(id=stored.interview.id)
    assert interview.overall_score == feedback.overall_score and interview.feedback_error is None


@pytest.mark.asyncio
async def test_generation_is_idempotent_and_force_rescores_in_place(store_interview: StoreInterview, user):
    stored = await store_interview(user.id, case="mid_average", status="completed")
    first = await generate_feedback(stored.interview.id, judge=None)
    again = await generate_feedback(stored.interview.id, judge=None)
    assert again.id == first.id and again.updated_at == first.updated_at
    rescored = await generate_feedback(stored.interview.id, force=True, judge=None)
    assert rescored.id == first.id and rescored.overall_score == first.overall_score
    assert rescored.updated_at > first.updated_at
    assert await Feedback.filter(interview_id=stored.interview.id).count() == 1


@pytest.mark.asyncio
async def test_a_failure_records_feedback_error_keeps_the_transcript_and_rescore_retries(
    store_interview: StoreInterview, user
):
    stored = await store_interview(user.id, case="junior_learning", status="completed")
    await Interview.filter(id=stored.interview.id).update(question_plan={"items": "not a plan"})

    with pytest.raises(FeedbackGenerationError) as failure:
        await generate_feedback(stored.interview.id, judge=None)
    interview = await Interview.get(id=stored.interview.id)
    assert interview.status == "completed"
    assert interview.feedback_error == str(failure.value) and "rescore" in interview.feedback_error
    assert await Feedback.filter(interview_id=interview.id).count() == 0
    assert await TranscriptMessage.filter(interview_id=interview.id).count() == len(stored.messages)

    await Interview.filter(id=interview.id).update(question_plan=stored.interview.question_plan)
    feedback = await generate_feedback(interview.id, force=True, judge=None)
    assert feedback.overall_score is not None
    assert (await Interview.get(id=interview.id)).feedback_error is None


@pytest.mark.asyncio
async def test_recorded_plan_questions_link_answers_to_skills(store_interview: StoreInterview, user):
    stored = await store_interview(
        user.id, case="no_coding_phase_mid", status="completed", ask_plan_questions=True
    )
    assert await QuestionAsked.filter(interview_id=stored.interview.id).count() == 2
    # The agent's wording names neither the skill nor the topic; only the QuestionAsked row links them.
    python_question = next(m for m in stored.messages if "asyncio" in m.text)
    reworded = "What do you reach for when a program waits on many network calls?"
    await TranscriptMessage.filter(id=python_question.id).update(text=reworded)
    await QuestionAsked.filter(interview_id=stored.interview.id, question_key="skill-python").update(
        text=reworded
    )

    feedback = await generate_feedback(stored.interview.id, judge=None)
    python = feedback.skill_breakdown["Python"]
    assert python["score"] is not None
    assert [e["ref"] for e in python["evidence"]] == [python_question.seq + 1]
    assert feedback.skill_breakdown["Redis"] == {"score": None, "evidence": []}
    assert feedback.problem_solving_score is None and feedback.code_quality_score is None


@pytest.mark.asyncio
async def test_llm_judge_adds_only_verified_quotes(
    store_interview: StoreInterview, user, fake_llm: FakeOpenAIServer
):
    stored = await store_interview(user.id, case="strong_concise", status="completed")
    rubric_only = await generate_feedback(stored.interview.id, judge=None)
    rubric_technical = rubric_only.technical_score
    config = JudgeConfig(base_url=fake_llm.base_url, api_key="sk-test", model="fake-judge", timeout_seconds=5)

    judged = await generate_feedback(stored.interview.id, force=True, judge=config)

    assert [r["model"] for r in fake_llm.chat_requests] == ["fake-judge"]
    assert judged.judge == "rubric+llm:fake-judge" and judged.prompt_version == "narrative-v2+judge-v1"
    quotes = [e["quote"] for e in judged.skill_breakdown["technical"]["evidence"]]
    assert FABRICATED_QUOTE not in quotes  # the fabricated judgement (score 1.0) was dropped ...
    assert rubric_technical is not None and judged.technical_score is not None
    assert judged.technical_score == pytest.approx(
        0.5 * rubric_technical + 0.5 * 0.2, abs=1e-3
    )  # ... the real one kept
    texts = {m.seq: m.text for m in stored.messages}
    last = judged.skill_breakdown["technical"]["evidence"][-1]
    assert last["quote"] in texts[last["ref"]]


@pytest.mark.asyncio
async def test_an_unreachable_llm_leaves_the_rubric_result(store_interview: StoreInterview, user):
    stored = await store_interview(user.id, case="strong_concise", status="completed")
    config = JudgeConfig(base_url=closed_port_url(), api_key="", model="fake-judge", timeout_seconds=5)
    feedback = await generate_feedback(stored.interview.id, judge=config)
    assert feedback.judge == "rubric" and feedback.prompt_version == "narrative-v2"
    assert feedback.technical_score is not None
