"""LiveKit rooms: candidate tokens, best-effort room deletion, and best-effort data messages to a room.

Tokens are minted offline with `livekit-api` (no server needed). Room-service calls need a LiveKit server;
they are best effort with a short timeout and return False instead of failing when it is unreachable.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from livekit import api as lk

from api.settings import Settings, get_settings

log = logging.getLogger(__name__)

ROOM_PREFIX = "interview-"
ROOM_EMPTY_TIMEOUT_S = 300
ROOM_MAX_PARTICIPANTS = 3  # candidate, agent, and one observer at most
MAX_TOKEN_TTL_S = 3600


@dataclass(frozen=True)
class LiveKitConfig:
    url: str
    api_key: str
    api_secret: str
    agent_name: str = "interviewer"
    token_ttl_s: int = MAX_TOKEN_TTL_S
    timeout_s: float = 2.0


def room_name_for(interview_id: int) -> str:
    return f"{ROOM_PREFIX}{interview_id}"


def interview_id_from_room(room_name: str) -> int | None:
    """The interview id in `interview-{id}`, or None when the name has another shape."""
    if not room_name.startswith(ROOM_PREFIX):
        return None
    tail = room_name[len(ROOM_PREFIX) :]
    if not tail.isdigit() or tail != str(int(tail)):
        return None
    return int(tail)


def candidate_identity(user_id: int) -> str:
    return f"candidate-{user_id}"


def mint_candidate_token(
    config: LiveKitConfig,
    *,
    interview_id: int,
    user_id: int,
    display_name: str,
    can_publish: bool = True,
    can_subscribe: bool = True,
) -> str:
    """A join token for one room only, whose room configuration dispatches the interviewer agent."""
    room = room_name_for(interview_id)
    metadata = json.dumps({"interview_id": interview_id})
    ttl = datetime.timedelta(seconds=min(config.token_ttl_s, MAX_TOKEN_TTL_S))
    grants = lk.VideoGrants(
        room_join=True,
        room=room,
        can_publish=can_publish,
        can_subscribe=can_subscribe,
        can_publish_data=True,
    )
    room_config = lk.RoomConfiguration(
        empty_timeout=ROOM_EMPTY_TIMEOUT_S,
        max_participants=ROOM_MAX_PARTICIPANTS,
        metadata=metadata,
        agents=[lk.RoomAgentDispatch(agent_name=config.agent_name, metadata=metadata)],
    )
    return (
        lk.AccessToken(config.api_key, config.api_secret)
        .with_identity(candidate_identity(user_id))
        .with_name(display_name)
        .with_ttl(ttl)
        .with_grants(grants)
        .with_room_config(room_config)
        .to_jwt()
    )


def _http_url(url: str) -> str:
    if url.startswith("ws://"):
        return "http://" + url[len("ws://") :]
    if url.startswith("wss://"):
        return "https://" + url[len("wss://") :]
    return url


async def _room_call(config: LiveKitConfig, what: str, call: Any) -> bool:
    """Run `call(room_service)` against the server within the timeout; False on any failure."""
    if not config.url:
        return False
    timeout = aiohttp.ClientTimeout(total=config.timeout_s)
    try:
        async with lk.LiveKitAPI(
            _http_url(config.url), config.api_key, config.api_secret, timeout=timeout, failover=False
        ) as client:
            await asyncio.wait_for(call(client.room), timeout=config.timeout_s)
        return True
    except Exception as exc:  # network errors, Twirp errors, timeouts: all "not done"
        log.info("LiveKit %s skipped: %s", what, type(exc).__name__)
        return False


def livekit_config(settings: Settings | None = None) -> LiveKitConfig:
    """The LiveKit part of the settings (default: the process-wide settings)."""
    s = settings or get_settings()
    return LiveKitConfig(
        url=s.livekit_url,
        api_key=s.livekit_api_key,
        api_secret=s.livekit_api_secret,
        agent_name=s.livekit_agent_name,
        token_ttl_s=s.livekit_token_ttl,
        timeout_s=s.livekit_timeout,
    )


async def delete_room(room_name: str, *, config: LiveKitConfig | None = None) -> bool:
    """Delete a room (disconnecting everyone); False when LiveKit is unreachable or refuses."""
    config = config or livekit_config()
    return await _room_call(
        config,
        f"delete_room({room_name})",
        lambda room: room.delete_room(lk.DeleteRoomRequest(room=room_name)),
    )


async def publish_to_room(
    room_name: str, topic: str, payload: dict[str, Any], *, config: LiveKitConfig | None = None
) -> bool:
    """Send `payload` as JSON on `topic` to everyone in the room (reliable); False when it did not go out.

    Best effort with a short timeout (`LIVEKIT_TIMEOUT`): callers must not rely on delivery (store first).
    """
    config = config or livekit_config()
    data = json.dumps(payload, separators=(",", ":")).encode()
    request = lk.SendDataRequest(room=room_name, data=data, kind=lk.DataPacket.Kind.RELIABLE, topic=topic)
    return await _room_call(config, f"send_data({room_name}, {topic})", lambda room: room.send_data(request))
