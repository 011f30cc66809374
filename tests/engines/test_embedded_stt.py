import asyncio

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import stt

from agent.engines.audio import float32_to_int16
from agent.engines.embedded_stt import EmbeddedSTT
from agent.engines.endpointing import STANDARD
from agent.engines.factory import EmbeddedModels
from agent.engines.wer import word_error_rate


def _frames(samples: np.ndarray) -> list[rtc.AudioFrame]:
    pcm = float32_to_int16(samples)
    return [rtc.AudioFrame(pcm[i : i + 320].tobytes(), 16000, 1, len(pcm[i : i + 320]))
            for i in range(0, len(pcm), 320)]


async def _collect(stream, events: list[stt.SpeechEvent]) -> None:
    async for event in stream:
        events.append(event)


async def _until(condition, timeout: float = 60.0) -> None:
    """Wait for the worker thread to get somewhere (decoding runs off the event loop)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _interims(events: list[stt.SpeechEvent]) -> list[str]:
    return [e.alternatives[0].text for e in events if e.type == stt.SpeechEventType.INTERIM_TRANSCRIPT]


def engine_idle(stream) -> bool:
    return stream._pending == 0


def _finals(events: list[stt.SpeechEvent]) -> list[str]:
    return [e.alternatives[0].text for e in events if e.type == stt.SpeechEventType.FINAL_TRANSCRIPT]


@pytest.mark.asyncio
async def test_recognize_transcribes_a_buffer(models: EmbeddedModels, speak):
    engine = EmbeddedSTT(models.transcriber, models.vad_onnx_session)
    said = "I led the migration of our billing system."
    event = await engine.recognize(_frames(speak(said)))
    assert word_error_rate(said, event.alternatives[0].text) <= 0.15


@pytest.mark.asyncio
async def test_the_stream_sends_the_final_only_after_a_long_enough_silence(models: EmbeddedModels, speak):
    engine = EmbeddedSTT(models.transcriber, models.vad_onnx_session)
    engine.set_vocabulary(["Redis"])
    stream = engine.stream()
    events: list[stt.SpeechEvent] = []
    reader = asyncio.create_task(_collect(stream, events))
    for frame in _frames(np.concatenate([speak("I have used Redis for caching."),
                                         np.zeros(int(16000 * 0.2), np.float32)])):
        stream.push_frame(frame)
    await _until(lambda: _interims(events))
    assert _finals(events) == []  # 0.2 s of silence is a pause, not an end
    for frame in _frames(np.zeros(int(16000 * (STANDARD.complete_silence + 0.1)), np.float32)):
        stream.push_frame(frame)
    await _until(lambda: _finals(events))
    assert len(_finals(events)) == 1
    assert word_error_rate("I have used Redis for caching.", _finals(events)[0]) <= 0.2
    stream.end_input()
    await reader
    assert engine.last_timing.segments >= 1 and engine.last_timing.final_at > 0


@pytest.mark.asyncio
async def test_a_thinking_pause_after_an_unfinished_clause_does_not_end_the_turn(
    models: EmbeddedModels, speak
):
    engine = EmbeddedSTT(models.transcriber, models.vad_onnx_session)
    stream = engine.stream()
    events: list[stt.SpeechEvent] = []
    reader = asyncio.create_task(_collect(stream, events))
    pause = np.zeros(int(16000 * 0.9), np.float32)
    for frame in _frames(np.concatenate([speak("I would start with, um,"), pause])):
        stream.push_frame(frame)
    stream.flush()  # what the session does when its VAD ends speech at the pause
    await _until(lambda: _interims(events) and engine_idle(stream))
    assert _finals(events) == []
    trailing = np.zeros(int(16000 * (STANDARD.incomplete_silence + 0.1)), np.float32)
    for frame in _frames(np.concatenate([speak("a hash map to count the words."), trailing])):
        stream.push_frame(frame)
    stream.flush()
    await _until(lambda: _finals(events))
    finals = _finals(events)
    assert len(finals) == 1
    assert "count the words" in finals[0].lower() and "start with" in finals[0].lower()
    stream.end_input()
    await reader

