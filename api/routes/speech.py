"""`POST /voice/tts` (text → WAV, base64) and `POST /voice/stt` (WAV upload → text). Spec: API.md, Voice.

Both use the same engines as the interviewer worker (`agent.engines.make_engines`): embedded Piper and
faster-whisper by default, the OpenAI plugins when `ENGINES=openai`. The engines load once per app, on first
use. Uploads stream to a temp file under a hard 25 MiB cap and the file is removed whatever happens.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, APIError
from livekit.plugins import openai
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from agent.engines.audio import AudioFormatError, decode_wav, encode_wav, float32_to_int16
from agent.engines.factory import Engines, make_engines
from api.errors import ApiError
from api.resumes.upload import MULTIPART_OVERHEAD_BYTES, UploadError, receive_file
from api.validation import accepts, accepts_file, parse_body

MAX_AUDIO_BYTES = 25 * 1024 * 1024
MAX_TTS_CHARS = 4096
UPLOAD_FIELD = "file"
_ENGINES_KEY = "speech_engines"
# How livekit-agents (1.8) reports a synthesis that produced no audio at all: the engine worked, the text gave
# it nothing to say. tests/voice/test_speech_routes.py pins this against the real engine.
NO_AUDIO = "no audio frames were pushed"


class TtsBody(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TTS_CHARS)
    voice: str = Field(default="alloy", min_length=1, max_length=64)
    model: str = Field(default="tts-1-hd", min_length=1, max_length=64)

    @field_validator("text")
    @classmethod
    def has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value


async def _engines(request: Request) -> Engines:
    """The app's speech engines, built on first use (loading the embedded models takes a few seconds)."""
    engines: Engines | None = getattr(request.app.state, _ENGINES_KEY, None)
    if engines is None:
        # Two first requests racing both build: harmless, the models themselves load once per process.
        engines = await run_in_threadpool(make_engines, request.app.state.settings)
        setattr(request.app.state, _ENGINES_KEY, engines)
    return engines


async def close_speech_engines(state: Any) -> None:
    """Release the engines the /voice routes built (the OpenAI ones hold an HTTP client); at app shutdown."""
    engines: Engines | None = getattr(state, _ENGINES_KEY, None)
    if engines is not None:
        setattr(state, _ENGINES_KEY, None)
        await engines.aclose()


def _engine_unavailable(exc: Exception) -> ApiError:
    return ApiError(503, f"The speech engine is unavailable: {type(exc).__name__}.")


@accepts(TtsBody)
async def text_to_speech(request: Request) -> Response:
    """Speak `text`: a mono 16-bit WAV, base64-encoded, with the voice and model that produced it."""
    body = await parse_body(request, TtsBody)
    engines = await _engines(request)
    engine: Any = engines.tts
    voice, model = body.voice, body.model
    options = DEFAULT_API_CONNECT_OPTIONS
    if engines.mode == "openai":
        engine = openai.TTS(model=model, voice=voice, client=engines.http_client)
    else:  # one embedded voice: say which one spoke; a local engine gains nothing from retrying
        voice, model = engines.tts.voice, engines.tts.model  # type: ignore[attr-defined]
        options = APIConnectOptions(max_retry=0)
    try:
        frame = await engine.synthesize(body.text, conn_options=options).collect()
    except APIError as exc:
        if str(exc).startswith(NO_AUDIO):  # the text's fault ("...", "¦"), not the engine's
            raise ApiError(422, "The text has nothing the voice can speak.") from None
        raise _engine_unavailable(exc) from None
    pcm = np.frombuffer(frame.data, dtype=np.int16)
    if frame.num_channels > 1:
        pcm = pcm.reshape(-1, frame.num_channels).mean(axis=1).astype(np.int16)
    wav = encode_wav(pcm, frame.sample_rate)
    audio_base64 = base64.b64encode(wav).decode("ascii")
    return JSONResponse({"audio_base64": audio_base64, "text": body.text, "voice": voice, "model": model})


async def _receive_audio(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_AUDIO_BYTES + MULTIPART_OVERHEAD_BYTES:
        raise ApiError(413, f"The file is larger than {MAX_AUDIO_BYTES // (1024 * 1024)} MiB.")
    handle, name = tempfile.mkstemp(prefix="voice-stt-", suffix=".upload")
    os.close(handle)
    path = Path(name)
    try:
        try:
            await receive_file(request.stream(), request.headers.get("content-type", ""), path,
                               field=UPLOAD_FIELD, max_bytes=MAX_AUDIO_BYTES)
        except UploadError as exc:
            message = exc.message
            if exc.status_code == 415:
                message = "Send the audio as multipart/form-data, the WAV file in a field named 'file'."
            elif exc.status_code == 400 and "No file" in message:
                message = "No file in the upload: send the WAV in a form field named 'file'."
            raise ApiError(exc.status_code, message) from None
        return await run_in_threadpool(path.read_bytes)
    finally:
        path.unlink(missing_ok=True)


@accepts_file(UPLOAD_FIELD, "audio/wav")
async def speech_to_text(request: Request) -> Response:
    """Transcribe an uploaded WAV (multipart field `file`, ≤ 25 MiB) to `{text, language, duration_ms}`."""
    data = await _receive_audio(request)
    try:
        audio = await run_in_threadpool(decode_wav, data)
    except AudioFormatError as exc:
        status = 415 if "not a WAV" in str(exc) else 422
        raise ApiError(status, f"Unreadable audio: {exc}. Send a PCM WAV file.") from None
    engines = await _engines(request)
    pcm = float32_to_int16(audio.samples)
    frame = rtc.AudioFrame(pcm.tobytes(), audio.sample_rate, 1, len(pcm))
    try:
        event = await engines.stt.recognize([frame])
    except APIError as exc:
        raise _engine_unavailable(exc) from None
    best = event.alternatives[0] if event.alternatives else None
    return JSONResponse({
        "text": best.text.strip() if best else "",
        "language": (best.language if best and best.language else "en"),
        "duration_ms": audio.duration_ms,
    })


routes: list[BaseRoute] = [
    Route("/voice/tts", text_to_speech, methods=["POST"], name="voice_tts"),
    Route("/voice/stt", speech_to_text, methods=["POST"], name="voice_stt"),
]
