"""Two writers at once: conditional transitions and unique constraints keep exactly one winner."""

from __future__ import annotations

import asyncio

import pytest

from api.models import Interview, TranscriptMessage, User


@pytest.mark.asyncio
async def test_concurrent_starts_transition_once_and_both_get_a_token(client, user):
    created = await client.post("/api/v1/interviews/", json={"title": "race"}, headers=user.headers)
    iid = created.json()["id"]
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/interviews/{iid}/start", headers=user.headers) for _ in range(5))
    )
    assert [r.status_code for r in responses] == [200] * 5
    interview = await Interview.get(id=iid)
    assert interview.status == "in_progress" and interview.question_plan is not None


@pytest.mark.asyncio
async def test_concurrent_registrations_of_one_email_create_one_user(client):
    body = {"email": "twin@example.com", "password": "password123"}
    responses = await asyncio.gather(*(client.post("/api/v1/auth/register", json=body) for _ in range(3)))
    assert sorted(r.status_code for r in responses) == [201, 409, 409]
    assert await User.filter(email="twin@example.com").count() == 1


@pytest.mark.asyncio
async def test_completed_interview_is_not_moved_back_by_a_late_start(client, user, expect_error):
    created = await client.post("/api/v1/interviews/", json={"title": "done"}, headers=user.headers)
    iid = created.json()["id"]
    await client.post(f"/api/v1/interviews/{iid}/start", headers=user.headers)
    moved = await Interview.filter(id=iid, status="in_progress").update(status="completed")
    assert moved == 1
    expect_error(await client.post(f"/api/v1/interviews/{iid}/start", headers=user.headers), 409)
    assert (await Interview.get(id=iid)).status == "completed"


@pytest.mark.asyncio
async def test_brain_state_compare_and_set_rejects_a_stale_writer(user, db):
    interview = await Interview.create(user_id=user.id, title="cas")
    # Two writers read version 0; the first write wins, the second sees 0 rows updated and must re-read.
    first = await Interview.filter(id=interview.id, state_version=0).update(
        brain_state={"phase": "resume"}, state_version=1
    )
    second = await Interview.filter(id=interview.id, state_version=0).update(
        brain_state={"phase": "greeting"}, state_version=1
    )
    assert (first, second) == (1, 0)
    stored = await Interview.get(id=interview.id)
    assert stored.brain_state == {"phase": "resume"} and stored.state_version == 1


@pytest.mark.asyncio
async def test_turns_from_two_writers_never_share_a_seq(user, db):
    from tortoise.exceptions import IntegrityError

    interview = await Interview.create(user_id=user.id, title="turns")

    async def append(role: str, text: str) -> int:
        for _ in range(20):
            last = await TranscriptMessage.filter(interview_id=interview.id).order_by("-seq").first()
            seq = last.seq + 1 if last else 0
            try:
                await TranscriptMessage.create(
                    interview_id=interview.id, seq=seq, role=role, text=text, phase="resume"
                )
                return seq
            except IntegrityError:
                continue
        raise AssertionError("no free seq after 20 tries")

    seqs = await asyncio.gather(*(append("agent" if i % 2 else "candidate", f"t{i}") for i in range(8)))
    assert sorted(seqs) == list(range(8))
