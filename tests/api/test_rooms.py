"""LiveKit room calls against a fake Twirp server (the network edge), and their best-effort failure."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web
from livekit import api as lk
from livekit.protocol import room as room_proto

from api.rooms import (
    LiveKitConfig,
    delete_room,
    interview_id_from_room,
    mint_candidate_token,
    publish_to_room,
    room_name_for,
)

KEY, SECRET = "devkey", "secret-devsecret-devsecret-devsecret"


@pytest_asyncio.fixture
async def fake_livekit() -> AsyncIterator[tuple[str, list[tuple[str, str, bytes]]]]:
    """A Twirp endpoint recording (method, authorization, body); answers with empty protobuf messages."""
    seen: list[tuple[str, str, bytes]] = []

    async def twirp(request: web.Request) -> web.Response:
        seen.append(
            (request.match_info["method"], request.headers.get("Authorization", ""), await request.read())
        )
        return web.Response(body=b"", content_type="application/protobuf")

    app = web.Application()
    app.router.add_post("/twirp/livekit.RoomService/{method}", twirp)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"ws://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


@pytest.mark.asyncio
async def test_publish_to_room_sends_reliable_json_on_topic(fake_livekit):
    url, seen = fake_livekit
    config = LiveKitConfig(url=url, api_key=KEY, api_secret=SECRET)
    ok = await publish_to_room(
        "interview-7", "code-submission", {"submission_id": 3, "ok": True}, config=config
    )
    assert ok is True
    [(method, auth, body)] = seen
    assert method == "SendData"
    request = room_proto.SendDataRequest()
    request.ParseFromString(body)
    assert request.room == "interview-7" and request.topic == "code-submission"
    assert json.loads(request.data) == {"submission_id": 3, "ok": True}
    claims = lk.TokenVerifier(KEY, SECRET).verify(auth.removeprefix("Bearer "))
    assert claims.video.room_admin and claims.video.room == "interview-7"


@pytest.mark.asyncio
async def test_delete_room_calls_the_room_service(fake_livekit):
    url, seen = fake_livekit
    assert await delete_room("interview-9", config=LiveKitConfig(url=url, api_key=KEY, api_secret=SECRET))
    request = room_proto.DeleteRoomRequest()
    request.ParseFromString(seen[0][2])
    assert seen[0][0] == "DeleteRoom" and request.room == "interview-9"


@pytest.mark.asyncio
async def test_unreachable_livekit_is_false_and_quick():
    config = LiveKitConfig(url="ws://127.0.0.1:9", api_key=KEY, api_secret=SECRET, timeout_s=0.5)
    started = time.monotonic()
    assert await publish_to_room("interview-1", "t", {"a": 1}, config=config) is False
    assert await delete_room("interview-1", config=config) is False
    assert (
        time.monotonic() - started < 5
    )  # bounded by the timeout, not a hang (a sanity bound, not a benchmark)
    assert (
        await publish_to_room(
            "interview-1", "t", {}, config=LiveKitConfig(url="", api_key=KEY, api_secret=SECRET)
        )
        is False
    )


def test_room_names_round_trip_and_reject_other_shapes():
    assert room_name_for(42) == "interview-42"
    assert interview_id_from_room("interview-42") == 42
    for bad in ("interview-", "interview-042", "interview--1", "interview-4x", "room-42", "interview-٤٢"):
        assert interview_id_from_room(bad) is None, bad


def test_token_ttl_is_capped_at_one_hour():
    config = LiveKitConfig(url="ws://x", api_key=KEY, api_secret=SECRET, token_ttl_s=86_400)
    token = mint_candidate_token(config, interview_id=5, user_id=2, display_name="A")
    import jwt

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["nbf"] <= 3600
    assert claims["sub"] == "candidate-2" and claims["video"]["room"] == "interview-5"
