"""complete / feedback / rescore through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from feedback_support import StoreInterview

from api.models import Interview, TranscriptMessage

SCORE_FIELDS = (
    "overall_score",
    "communication_score",
    "technical_score",
    "problem_solving_score",
    "code_quality_score",
)
CONTRACT_KEYS = {*SCORE_FIELDS, "skill_breakdown", "strengths", "improvements", "summary", "rubric_version"}


def base(interview_id: int) -> str:
    return f"/api/v1/interviews/{interview_id}"


@pytest.mark.asyncio
async def test_candidate_pressing_end_completes_and_returns_traceable_feedback(
    client, user, store_interview: StoreInterview
):
    stored = await store_interview(user.id, case="senior_precise")
    response = await client.post(f"{base(stored.interview.id)}/complete", headers=user.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["interview_id"] == stored.interview.id and body["status"] == "completed"
    assert body["feedback_error"] is None
    feedback = body["feedback"]
    assert set(feedback) >= CONTRACT_KEYS
    for name in SCORE_FIELDS:
        assert 0.0 <= feedback[name] <= 1.0
    texts = {m.seq: m.text for m in stored.messages}
    code = {s.id: s.code for s in stored.submissions}
    for entry in feedback["skill_breakdown"].values():
        for evidence in entry["evidence"]:
            source = texts if evidence["kind"] == "turn" else code
            assert evidence["quote"] in source[evidence["ref"]]

    interview = await Interview.get(id=stored.interview.id)
    assert interview.status == "completed" and interview.completed_at is not None
    assert interview.overall_score == feedback["overall_score"]
    listed = (await client.get("/api/v1/interviews/", headers=user.headers)).json()
    assert listed[0]["overall_score"] == feedback["overall_score"]
    assert await TranscriptMessage.filter(interview_id=interview.id).count() == len(stored.messages)


@pytest.mark.asyncio
async def test_complete_is_idempotent_also_after_the_agent_closed_the_interview(
    client, user, store_interview: StoreInterview
):
    stored = await store_interview(
        user.id, case="mid_average", status="completed"
    )  # the agent got there first
    first = await client.post(f"{base(stored.interview.id)}/complete", headers=user.headers)
    second = await client.post(f"{base(stored.interview.id)}/complete", headers=user.headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    got = await client.get(f"{base(stored.interview.id)}/feedback", headers=user.headers)
    assert got.status_code == 200
    assert {k: got.json()[k] for k in CONTRACT_KEYS} == {
        k: first.json()["feedback"][k] for k in CONTRACT_KEYS
    }
    detail = (await client.get(base(stored.interview.id), headers=user.headers)).json()
    assert detail["feedback"]["overall_score"] == got.json()["overall_score"]


@pytest.mark.asyncio
async def test_feedback_before_completion_is_404_and_pending_cannot_complete(
    client, user, store_interview: StoreInterview, expect_error
):
    live = await store_interview(user.id, case="junior_learning")
    expect_error(await client.get(f"{base(live.interview.id)}/feedback", headers=user.headers), 404)
    expect_error(await client.post(f"{base(live.interview.id)}/feedback/rescore", headers=user.headers), 409)
    pending = await store_interview(user.id, case="junior_learning", status="pending")
    expect_error(await client.post(f"{base(pending.interview.id)}/complete", headers=user.headers), 409)
    assert (await Interview.get(id=pending.interview.id)).status == "pending"


@pytest.mark.asyncio
async def test_another_users_interview_is_404_on_every_feedback_route(
    client, user, other_user, store_interview: StoreInterview, expect_error
):
    stored = await store_interview(user.id, case="junior_learning", status="completed")
    await client.post(f"{base(stored.interview.id)}/complete", headers=user.headers)
    for method, path in (
        ("POST", "/complete"),
        ("GET", "/feedback"),
        ("POST", "/feedback/rescore"),
    ):
        response = await client.request(
            method, f"{base(stored.interview.id)}{path}", headers=other_user.headers
        )
        expect_error(response, 404)
    expect_error(await client.post(f"{base(999_999)}/complete", headers=user.headers), 404)
    expect_error(await client.get(f"{base(stored.interview.id)}/feedback"), 401)


@pytest.mark.asyncio
async def test_failed_generation_is_reported_and_rescore_recovers(
    client, user, store_interview: StoreInterview, expect_error
):
    stored = await store_interview(user.id, case="knows_theory_code_fails")
    plan = stored.interview.question_plan
    await Interview.filter(id=stored.interview.id).update(question_plan={"items": "broken"})

    completed = await client.post(f"{base(stored.interview.id)}/complete", headers=user.headers)
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed" and completed.json()["feedback"] is None
    assert "rescore" in completed.json()["feedback_error"]
    error = expect_error(await client.get(f"{base(stored.interview.id)}/feedback", headers=user.headers), 409)
    assert "could not be generated" in error["detail"] and "Traceback" not in error["detail"]
    failed_rescore = await client.post(f"{base(stored.interview.id)}/feedback/rescore", headers=user.headers)
    expect_error(failed_rescore, 500)

    await Interview.filter(id=stored.interview.id).update(question_plan=plan)
    rescored = await client.post(f"{base(stored.interview.id)}/feedback/rescore", headers=user.headers)
    assert rescored.status_code == 200, rescored.text
    assert (
        rescored.json()["code_quality_score"] is not None and rescored.json()["rubric_version"] == "rubric-v2"
    )
    assert (
        await client.get(f"{base(stored.interview.id)}/feedback", headers=user.headers)
    ).status_code == 200
