"""`POST /voice/token`: only for the user's own in-progress interview, grants limited to that room."""

from __future__ import annotations

import pytest
from livekit import api as lk

from api.models import Interview

TOKEN = "/api/v1/voice/token"


async def live_interview(user, status="in_progress") -> Interview:
    return await Interview.create(user_id=user.id, title="t", status=status)


def verify(settings, token: str):
    return lk.TokenVerifier(settings.livekit_api_key, settings.livekit_api_secret).verify(token)


@pytest.mark.asyncio
async def test_token_for_own_live_interview(client, user, settings):
    interview = await live_interview(user)
    room = f"interview-{interview.id}"
    r = await client.post(
        TOKEN,
        json={"room_name": room, "participant_name": "Ada L.", "can_publish": False},
        headers=user.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["room_name"] == room and body["url"] == settings.livekit_url
    claims = verify(settings, body["token"])
    assert claims.identity == f"candidate-{user.id}"  # derived by the server, never from the body
    assert claims.name == "Ada L."
    assert claims.video.room == room and claims.video.room_join
    assert claims.video.can_publish is False and claims.video.can_subscribe is True
    assert claims.room_config.agents[0].agent_name == "interviewer"


@pytest.mark.asyncio
async def test_token_for_one_room_cannot_join_another(client, user, settings):
    first, second = await live_interview(user), await live_interview(user)
    r = await client.post(TOKEN, json={"room_name": f"interview-{first.id}"}, headers=user.headers)
    claims = verify(settings, r.json()["token"])
    assert claims.video.room == f"interview-{first.id}" != f"interview-{second.id}"
    assert not claims.video.room_admin and not claims.video.room_list and not claims.video.room_create


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "name", ["lobby", "interview-", "interview-abc", "interview-007", "interview-1/../2", "interview-99999"]
)
async def test_unknown_room_names_are_404(client, user, expect_error, name):
    expect_error(await client.post(TOKEN, json={"room_name": name}, headers=user.headers), 404)


@pytest.mark.asyncio
async def test_other_users_room_is_404_and_not_live_is_409(client, user, other_user, expect_error):
    theirs = await live_interview(other_user)
    expect_error(
        await client.post(TOKEN, json={"room_name": f"interview-{theirs.id}"}, headers=user.headers), 404
    )
    for status in ("pending", "completed"):
        mine = await live_interview(user, status=status)
        expect_error(
            await client.post(TOKEN, json={"room_name": f"interview-{mine.id}"}, headers=user.headers), 409
        )


@pytest.mark.asyncio
async def test_validation_and_auth(client, user, expect_error):
    err = expect_error(await client.post(TOKEN, json={"can_publish": "maybe"}, headers=user.headers), 400)
    assert {e["field"] for e in err["errors"]} == {"room_name", "can_publish"}
    expect_error(await client.post(TOKEN, json={"room_name": "interview-1"}), 401)
