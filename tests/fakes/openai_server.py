"""A local fake of the OpenAI HTTP API, for driving the real `livekit-plugins-openai` classes offline.

Import it as `from fakes.openai_server import FakeOpenAIServer, ToolCall` (`tests/` is on
`sys.path` under pytest). It runs uvicorn in a background thread on 127.0.0.1 and a free port:

    with FakeOpenAIServer() as server:
        server.script_chat("Hello there.", ["Let me check.", ToolCall("lookup", {"q": "x"})])
        server.script_transcripts("my name is Dana")
        llm = openai.LLM(model="fake", api_key="x", base_url=server.base_url)
        ...
        server.chat_requests[-1]["messages"]     # what the plugin sent
        server.requests                          # every request: RecordedRequest(path, body)

Endpoints:
- `GET /v1/models`.
- `POST /v1/chat/completions`: streamed (SSE, with `include_usage`) or not. Each request takes the next
  scripted reply (`script_chat`); with none left it asks `responder(body)` (default `echo_responder`). A
  reply is a string, or a list of steps, each a string (streamed word by word) or a `ToolCall` (streamed
  as tool-call deltas: id and name first, then the arguments).
- `POST /v1/audio/speech`: a sine tone as long as the text, as a WAV file for `response_format="wav"` and
  as raw 24 kHz s16le PCM for anything else (so use "pcm" or "wav" with the plugin: there is no mp3/opus
  encoder here); `stream_format="sse"` sends it as `speech.audio.delta` events then `speech.audio.done`.
  `speech_seconds_per_char` sets the length.
- `POST /v1/audio/transcriptions` (multipart `file`, `model`): the next scripted transcript
  (`script_transcripts`), else `transcript_default`, else "fake transcript of N.N seconds".
"""

from __future__ import annotations

import base64
import io
import json
import math
import socket
import threading
import time
import uuid
import wave
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

SAMPLE_RATE = 24000


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


Step = str | ToolCall
Reply = str | list[Step]
Responder = Callable[[dict[str, Any]], Reply]


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    body: dict[str, Any]


def message_text(message: dict[str, Any]) -> str:
    """The text of a chat message whether `content` is a string or a list of parts."""
    content = message.get("content") or ""
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content)


def echo_responder(body: dict[str, Any]) -> Reply:
    """Echo the last user message (or the last tool output)."""
    messages = body.get("messages", [])
    if messages and messages[-1].get("role") == "tool":
        return f"Tool said: {message_text(messages[-1])}"
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    return f"Echo: {message_text(last_user)}" if last_user else "Hello from the fake server."


def sine_pcm(seconds: float, freq: float = 330.0) -> bytes:
    n = int(SAMPLE_RATE * seconds)
    wave_ = 0.3 * 32767 * np.sin(2 * math.pi * freq * np.arange(n) / SAMPLE_RATE)
    return bytes(wave_.astype("<i2").tobytes())


class FakeOpenAIServer:
    def __init__(
        self,
        *,
        responder: Responder = echo_responder,
        transcript_default: str | None = None,
        speech_seconds_per_char: float = 0.03,
    ) -> None:
        self.responder = responder
        self.transcript_default = transcript_default
        self.speech_seconds_per_char = speech_seconds_per_char
        self.requests: list[RecordedRequest] = []
        self._chat_script: deque[Reply] = deque()
        self._transcripts: deque[str] = deque()
        self._lock = threading.Lock()
        self.app = Starlette(
            routes=[
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/audio/speech", self._speech, methods=["POST"]),
                Route("/v1/audio/transcriptions", self._transcriptions, methods=["POST"]),
            ]
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="fake-openai", daemon=True)

    # ------------------------------------------------------------------ control
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake OpenAI server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script_chat(self, *replies: Reply) -> None:
        """Queue replies for the next chat requests, in order (before the responder is asked)."""
        with self._lock:
            self._chat_script.extend(replies)

    def script_transcripts(self, *texts: str) -> None:
        with self._lock:
            self._transcripts.extend(texts)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r.body for r in self.requests if r.path == "/v1/chat/completions"]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # ------------------------------------------------------------------ endpoints
    async def _models(self, _: Request) -> Response:
        model = {"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}
        return JSONResponse({"object": "list", "data": [model]})

    def _next_reply(self, body: dict[str, Any]) -> list[Step]:
        with self._lock:
            scripted = self._chat_script.popleft() if self._chat_script else None
        reply = scripted if scripted is not None else self.responder(body)
        return [reply] if isinstance(reply, str) else list(reply)

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(RecordedRequest("/v1/chat/completions", body))
        steps = self._next_reply(body)
        completion_id = "chatcmpl-" + uuid.uuid4().hex[:12]
        model = str(body.get("model", "fake-model"))
        if not body.get("stream"):
            return JSONResponse(_completion(completion_id, model, steps))
        return StreamingResponse(_stream(completion_id, model, steps), media_type="text/event-stream")

    async def _speech(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(RecordedRequest("/v1/audio/speech", body))
        pcm = sine_pcm(max(0.2, self.speech_seconds_per_char * len(str(body.get("input", "")))))
        wav = body.get("response_format") == "wav"
        audio = _wav_bytes(pcm) if wav else pcm
        if body.get("stream_format") == "sse":
            return StreamingResponse(_speech_events(audio), media_type="text/event-stream")
        return Response(audio, media_type="audio/wav" if wav else "audio/pcm")

    async def _transcriptions(self, request: Request) -> Response:
        async with request.form() as form:  # closes the uploaded file's spool
            upload = form.get("file")
            data = await upload.read() if upload is not None and not isinstance(upload, str) else b""
            model = form.get("model")
        seconds = _wav_seconds(data)
        self.requests.append(
            RecordedRequest(
                "/v1/audio/transcriptions",
                {"model": model, "seconds": seconds, "bytes": len(data)},
            )
        )
        with self._lock:
            scripted = self._transcripts.popleft() if self._transcripts else None
        text = scripted or self.transcript_default or f"fake transcript of {seconds:.1f} seconds"
        return JSONResponse({"text": text})


def _wav_bytes(pcm: bytes) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return buffer.getvalue()


def _wav_seconds(data: bytes) -> float:
    try:
        with wave.open(io.BytesIO(data)) as audio:
            return audio.getnframes() / float(audio.getframerate())
    except (wave.Error, EOFError):
        return 0.0


def _chunk(
    completion_id: str,
    model: str,
    delta: dict[str, Any] | None,
    finish: str | None = None,
    usage: dict[str, int] | None = None,
) -> str:
    payload: dict[str, Any] = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage is not None:
        payload["usage"] = usage
    return "data: " + json.dumps(payload) + "\n\n"


async def _stream(completion_id: str, model: str, steps: list[Step]) -> AsyncIterator[str]:
    yield _chunk(completion_id, model, {"role": "assistant", "content": ""})
    finish, tool_index, words = "stop", 0, 0
    for step in steps:
        if isinstance(step, ToolCall):
            finish = "tool_calls"
            call = {
                "index": tool_index,
                "id": "call_" + uuid.uuid4().hex[:8],
                "type": "function",
                "function": {"name": step.name, "arguments": ""},
            }
            yield _chunk(completion_id, model, {"tool_calls": [call]})
            arguments = {"index": tool_index, "function": {"arguments": json.dumps(step.arguments)}}
            yield _chunk(completion_id, model, {"tool_calls": [arguments]})
            tool_index += 1
            continue
        for i, word in enumerate(step.split(" ")):
            words += 1
            yield _chunk(completion_id, model, {"content": (" " if i else "") + word})
    yield _chunk(completion_id, model, {}, finish=finish)
    usage = {"prompt_tokens": 10, "completion_tokens": max(words, 1), "total_tokens": 10 + max(words, 1)}
    yield _chunk(completion_id, model, None, usage=usage)
    yield "data: [DONE]\n\n"


def _completion(completion_id: str, model: str, steps: list[Step]) -> dict[str, Any]:
    text = " ".join(s for s in steps if isinstance(s, str))
    calls = [
        {
            "id": "call_" + uuid.uuid4().hex[:8],
            "type": "function",
            "function": {"name": s.name, "arguments": json.dumps(s.arguments)},
        }
        for s in steps
        if isinstance(s, ToolCall)
    ]
    message: dict[str, Any] = {"role": "assistant", "content": text or None}
    if calls:
        message["tool_calls"] = calls
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


async def _speech_events(audio: bytes) -> AsyncIterator[str]:
    step = SAMPLE_RATE // 5 * 2  # 200 ms of s16le
    for start in range(0, len(audio), step):
        delta = {
            "type": "speech.audio.delta",
            "audio": base64.b64encode(audio[start : start + step]).decode(),
        }
        yield "data: " + json.dumps(delta) + "\n\n"
    done = {"type": "speech.audio.done", "usage": {"input_tokens": 3, "output_tokens": 7, "total_tokens": 10}}
    yield "data: " + json.dumps(done) + "\n\n"
