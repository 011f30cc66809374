"""Interviews: create, list, get, delete, start (with the LiveKit token) and state."""

from __future__ import annotations

import json

import pytest
from livekit import api as lk

from api.models import CodeSubmission, Feedback, Interview, QuestionAsked, Resume, TranscriptMessage

BASE = "/api/v1/interviews"


async def create(client, user, **body):
    payload = {"title": "Senior Python Engineer", **body}
    r = await client.post(f"{BASE}/", json=payload, headers=user.headers)
    assert r.status_code == 201, r.text
    return r.json()


async def make_resume(user_id: int, analysis=None) -> Resume:
    return await Resume.create(
        user_id=user_id,
        filename="cv.pdf",
        stored_name=f"r{user_id}-{id(analysis)}.pdf",
        size_bytes=10,
        status="analyzed",
        text="Python developer",
        analysis=analysis,
    )


@pytest.mark.asyncio
async def test_create_returns_pending_interview(client, user):
    resume = await make_resume(user.id)
    body = await create(client, user, resume_id=resume.id, job_description="  Python, PostgreSQL  ")
    assert body["status"] == "pending"
    assert body["resume_id"] == resume.id
    assert body["job_description"] == "Python, PostgreSQL"
    assert set(body) == {"id", "title", "status", "resume_id", "job_description", "created_at"}


@pytest.mark.asyncio
async def test_create_with_and_without_trailing_slash(client, user):
    for path in (f"{BASE}/", BASE):
        r = await client.post(path, json={"title": "t"}, headers=user.headers)
        assert r.status_code == 201, (path, r.status_code)
    for path in (f"{BASE}/", BASE):
        r = await client.get(path, headers=user.headers)
        assert r.status_code == 200 and len(r.json()) == 2


@pytest.mark.asyncio
async def test_create_with_another_users_resume_is_404_and_stores_nothing(
    client, user, other_user, expect_error
):
    theirs = await make_resume(other_user.id)
    expect_error(
        await client.post(f"{BASE}/", json={"title": "x", "resume_id": theirs.id}, headers=user.headers), 404
    )
    expect_error(
        await client.post(f"{BASE}/", json={"title": "x", "resume_id": 99999}, headers=user.headers), 404
    )
    assert await Interview.all().count() == 0


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "job_description": "j" * 20_001}, "job_description"),
        ({"title": "ok", "resume_id": "abc"}, "resume_id"),
    ],
)
async def test_create_validation(client, user, expect_error, body, field):
    err = expect_error(await client.post(f"{BASE}/", json=body, headers=user.headers), 400)
    assert [e["field"] for e in err["errors"]] == [field]


@pytest.mark.asyncio
async def test_list_is_newest_first_and_only_mine(client, user, other_user):
    first = await create(client, user, title="first")
    second = await create(client, user, title="second")
    await create(client, other_user, title="theirs")
    r = await client.get(f"{BASE}/", headers=user.headers)
    items = r.json()
    assert [i["id"] for i in items] == [second["id"], first["id"]]
    assert set(items[0]) == {
        "id",
        "title",
        "status",
        "created_at",
        "started_at",
        "completed_at",
        "overall_score",
    }


@pytest.mark.asyncio
async def test_get_includes_job_description_and_feedback(client, user):
    created = await create(client, user, job_description="Build APIs")
    r = await client.get(f"{BASE}/{created['id']}", headers=user.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["job_description"] == "Build APIs" and body["feedback"] is None and body["resume_id"] is None
    await Feedback.create(
        interview_id=created["id"],
        overall_score=0.5,
        communication_score=0.5,
        technical_score=None,
        skill_breakdown={},
        strengths=["clear"],
        improvements=[],
        summary="ok",
        rubric_version="v1",
        judge="rules",
    )
    feedback = (await client.get(f"{BASE}/{created['id']}", headers=user.headers)).json()["feedback"]
    assert feedback["overall_score"] == 0.5 and feedback["technical_score"] is None
    assert feedback["strengths"] == ["clear"] and feedback["rubric_version"] == "v1"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("DELETE", ""), ("POST", "/start"), ("GET", "/state")],
)
async def test_another_users_interview_is_404(client, user, other_user, expect_error, method, suffix):
    theirs = await create(client, other_user)
    r = await client.request(method, f"{BASE}/{theirs['id']}{suffix}", headers=user.headers)
    expect_error(r, 404)
    expect_error(await client.request(method, f"{BASE}/987654{suffix}", headers=user.headers), 404)
    expect_error(await client.request(method, f"{BASE}/99999999999999{suffix}", headers=user.headers), 404)
    assert (await Interview.get(id=theirs["id"])).status == "pending"


@pytest.mark.asyncio
async def test_delete_removes_interview_and_its_records(client, user):
    created = await create(client, user)
    await client.post(f"{BASE}/{created['id']}/start", headers=user.headers)
    await TranscriptMessage.create(
        interview_id=created["id"], seq=0, role="agent", text="Hi", phase="greeting"
    )
    r = await client.delete(f"{BASE}/{created['id']}", headers=user.headers)  # LiveKit unreachable: still 204
    assert r.status_code == 204 and r.content == b""
    assert await Interview.filter(id=created["id"]).count() == 0
    assert await TranscriptMessage.filter(interview_id=created["id"]).count() == 0
    assert (await client.get(f"{BASE}/{created['id']}", headers=user.headers)).status_code == 404


@pytest.mark.asyncio
async def test_start_mints_a_token_for_that_room_only(client, user, settings):
    created = await create(client, user)
    r = await client.post(f"{BASE}/{created['id']}/start", headers=user.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    room = f"interview-{created['id']}"
    assert body["interview_id"] == created["id"] and body["room_name"] == room
    assert body["url"] == settings.livekit_url
    claims = lk.TokenVerifier(settings.livekit_api_key, settings.livekit_api_secret).verify(body["token"])
    assert claims.identity == f"candidate-{user.id}" and claims.name == user.full_name
    video = claims.video
    assert video.room == room and video.room_join and video.can_publish and video.can_subscribe
    assert video.can_publish_data and not video.room_admin and not video.room_create and not video.room_list
    agents = claims.room_config.agents
    assert [a.agent_name for a in agents] == ["interviewer"]
    assert json.loads(agents[0].metadata) == {"interview_id": created["id"]}
    import jwt

    raw = jwt.decode(body["token"], options={"verify_signature": False})
    assert 0 < raw["exp"] - raw["nbf"] <= 3600
    stored = await Interview.get(id=created["id"])
    assert stored.status == "in_progress" and stored.started_at is not None


@pytest.mark.asyncio
async def test_start_again_rejoins_and_completed_is_409(client, user, expect_error):
    created = await create(client, user)
    first = await client.post(f"{BASE}/{created['id']}/start", headers=user.headers)
    started_at = (await Interview.get(id=created["id"])).started_at
    again = await client.post(f"{BASE}/{created['id']}/start", headers=user.headers)
    assert again.status_code == 200 and again.json()["room_name"] == first.json()["room_name"]
    assert (await Interview.get(id=created["id"])).started_at == started_at
    await Interview.filter(id=created["id"]).update(status="completed")
    expect_error(await client.post(f"{BASE}/{created['id']}/start", headers=user.headers), 409)


@pytest.mark.asyncio
async def test_start_stores_a_question_plan_from_resume_and_job(client, user):
    resume = await make_resume(
        user.id,
        analysis={
            "name": "Ada",
            "skills": ["Python", "PostgreSQL"],
            "experience": [],
            "education": [],
            "links": [],
            "years_experience": 6,
            "summary": None,
            "email": None,
            "phone": None,
        },
    )
    created = await create(
        client, user, resume_id=resume.id, job_description="Python and Kubernetes required"
    )
    assert (await client.post(f"{BASE}/{created['id']}/start", headers=user.headers)).status_code == 200
    plan = (await Interview.get(id=created["id"])).question_plan
    assert plan is not None and plan["items"], plan
    from api.resumes.plan import QuestionPlan

    assert QuestionPlan.from_dict(plan).to_dict() == plan


@pytest.mark.asyncio
async def test_state_reports_turns_questions_submissions_and_latency(client, user):
    created = await create(client, user)
    iid = created["id"]
    r = await client.get(f"{BASE}/{iid}/state", headers=user.headers)
    empty = r.json()
    assert empty["turn_count"] == 0 and empty["phase"] == "greeting" and empty["latency"] is None
    assert empty["conversation_history"] == [] and empty["current_problem"] is None
    for seq, (role, total) in enumerate(
        [("agent", 400), ("candidate", None), ("agent", 800), ("agent", 1200)]
    ):
        await TranscriptMessage.create(
            interview_id=iid,
            seq=seq,
            role=role,
            text=f"turn {seq}",
            phase="resume",
            latency={"total_ms": total, "llm_ms": 10} if total else None,
        )
    await QuestionAsked.create(
        interview_id=iid, question_key="q1", text="Tell me about X", phase="resume", source="resume"
    )
    await CodeSubmission.create(
        interview_id=iid,
        language="python",
        code="print(1)",
        stdout="1\n",
        exit_code=0,
        status="ok",
        tests_passed=2,
        tests_total=3,
    )
    await Interview.filter(id=iid).update(brain_state={"phase": "technical"})
    state = (await client.get(f"{BASE}/{iid}/state", headers=user.headers)).json()
    assert state["turn_count"] == 4 and state["phase"] == "technical" and state["status"] == "pending"
    assert [m["role"] for m in state["conversation_history"]] == ["agent", "candidate", "agent", "agent"]
    assert state["conversation_history"][1] == {
        "role": "candidate",
        "text": "turn 1",
        "phase": "resume",
        "at": state["conversation_history"][1]["at"],
    }
    assert state["questions_asked"][0]["id"] == "q1" and state["questions_asked"][0]["source"] == "resume"
    sub = state["code_submissions"][0]
    assert (sub["language"], sub["exit_code"], sub["tests_passed"], sub["tests_total"]) == ("python", 0, 2, 3)
    assert state["latency"] == {"turns": 3, "p50_ms": 800.0, "p95_ms": 1200.0}


@pytest.mark.asyncio
async def test_transcript_seq_is_unique_per_interview(client, user):
    from tortoise.exceptions import IntegrityError

    created = await create(client, user)
    await TranscriptMessage.create(
        interview_id=created["id"], seq=0, role="agent", text="a", phase="greeting"
    )
    with pytest.raises(IntegrityError):
        await TranscriptMessage.create(
            interview_id=created["id"], seq=0, role="agent", text="b", phase="greeting"
        )
