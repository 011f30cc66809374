"""`POST /voice/token`: a LiveKit token for the room of one of the user's live interviews.

(`/voice/tts` and `/voice/stt` belong to the voice engineer, in `api/routes/speech.py`.)
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from api import rooms
from api.auth import current_user, get_owned
from api.errors import ApiError
from api.models import Interview
from api.validation import accepts, parse_body

NAME_MAX = 200


class VoiceTokenBody(BaseModel):
    room_name: str = Field(min_length=1, max_length=100)
    participant_name: str | None = Field(default=None, max_length=NAME_MAX)
    can_publish: bool = True
    can_subscribe: bool = True

    @field_validator("participant_name")
    @classmethod
    def blank_is_none(cls, value: str | None) -> str | None:
        return (value.strip() or None) if value is not None else None


@accepts(VoiceTokenBody)
async def voice_token(request: Request) -> Response:
    """A join token for `interview-{id}`; the interview must be the user's (404) and in progress (409)."""
    user = current_user(request)
    body = await parse_body(request, VoiceTokenBody)
    interview_id = rooms.interview_id_from_room(body.room_name)
    if interview_id is None:
        raise ApiError(404, "Room not found")
    interview = await get_owned(Interview, interview_id, user, "Room")
    if interview.status != "in_progress":
        raise ApiError(409, f"Interview is {interview.status}; its room is not open")
    config = rooms.livekit_config(request.app.state.settings)
    token = rooms.mint_candidate_token(
        config,
        interview_id=interview.id,
        user_id=user.id,
        display_name=body.participant_name or user.full_name or user.email,
        can_publish=body.can_publish,
        can_subscribe=body.can_subscribe,
    )
    return JSONResponse({"token": token, "room_name": rooms.room_name_for(interview.id), "url": config.url})


routes: list[BaseRoute] = [Route("/voice/token", voice_token, methods=["POST"], name="voice_token")]
