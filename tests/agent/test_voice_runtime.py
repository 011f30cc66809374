"""A spoken turn through the worker's runtime: embedded STT/TTS/VAD, the offline interviewer, the real
database. The candidate's speech is synthesised by the embedded TTS and played in real time (no room)."""

from __future__ import annotations

import asyncio
import time

import pytest

from agent.harness import CapturingSpeaker, ScriptedMicrophone, TranscriptCapture, render_speech
from agent.runtime import InterviewRuntime
from agent.worker import load_runtime_engines
from api.models import TranscriptMessage
from api.settings import Settings
from tests.agent.interview_driver import make_interview

REPLY_TIMEOUT_SECONDS = 20.0
ANSWER = "Yes, I am ready. I have five years of backend experience with Python and PostgreSQL."


async def wait_quiet(runtime: InterviewRuntime, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    await asyncio.sleep(0.1)
    while time.perf_counter() < deadline:
        speech = runtime.session.current_speech
        if runtime.session.agent_state in ("listening", "idle") and (speech is None or speech.done()):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the agent was still {runtime.session.agent_state} after {timeout}s")


# One database only: this test is about the audio path (seconds of real-time speech); the store it writes
# through is run on both databases by test_store and test_runtime.
@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@pytest.mark.asyncio
async def test_a_spoken_answer_is_transcribed_answered_aloud_and_stored_with_its_latency(db: str) -> None:
    from agent.engines.factory import load_embedded_models

    synthesizer = load_embedded_models().synthesizer
    interview_id = await make_interview()
    runtime = await InterviewRuntime.open(interview_id, engines=load_runtime_engines(Settings()))
    assert runtime is not None and runtime.speech is not None
    microphone = ScriptedMicrophone(synthesizer.sample_rate)
    speaker = CapturingSpeaker()
    runtime.session.input.audio = microphone
    runtime.session.output.audio = speaker
    runtime.session.output.transcription = TranscriptCapture()
    try:
        await runtime.start()
        await wait_quiet(runtime, REPLY_TIMEOUT_SECONDS)
        assert speaker.frames, "the greeting was not spoken"
        speaker.reset()
        microphone.play(render_speech(synthesizer, [ANSWER]))
        await asyncio.wait_for(speaker.first_audio.wait(), REPLY_TIMEOUT_SECONDS)
        await wait_quiet(runtime, REPLY_TIMEOUT_SECONDS)
        for _ in range(100):  # the latency record is written just after the reply's message is added
            replies = TranscriptMessage.filter(interview_id=interview_id, role="agent")
            reply = await replies.order_by("-seq").first()
            if reply is not None and reply.latency is not None:
                break
            await asyncio.sleep(0.02)
    finally:
        await runtime.close()

    turns = await TranscriptMessage.filter(interview_id=interview_id).order_by("seq")
    assert [t.role for t in turns] == ["agent", "candidate", "agent"]
    heard = turns[1].text.lower()
    assert "python" in heard and "ready" in heard
    latency = turns[2].latency
    assert latency is not None
    assert latency["total_ms"] > 0
    parts = {"endpointing_ms", "stt_ms", "llm_ttft_ms", "tts_ttfb_ms", "overhead_ms", "total_ms"}
    assert set(latency) >= parts
    assert turns[0].latency is None  # the greeting answers nobody's speech
