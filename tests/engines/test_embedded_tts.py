import asyncio

import numpy as np
import pytest

from agent.engines.embedded_tts import EmbeddedTTS
from agent.engines.factory import EmbeddedModels


@pytest.mark.asyncio
async def test_synthesize_returns_piper_audio(models: EmbeddedModels):
    engine = EmbeddedTTS(models.synthesizer)
    frame = await engine.synthesize("Hello, and welcome to the interview.").collect()
    assert frame.sample_rate == 22050
    assert 1.0 < frame.duration < 5.0
    assert np.abs(np.frombuffer(frame.data, np.int16)).max() > 1000


@pytest.mark.asyncio
async def test_the_first_sentence_is_heard_before_the_reply_is_finished(models: EmbeddedModels):
    engine = EmbeddedTTS(models.synthesizer)
    stream = engine.stream()
    stream.push_text("Thanks. ")
    stream.push_text("Now tell me about")
    first = await asyncio.wait_for(anext(stream.__aiter__()), timeout=10)
    assert first.frame.duration > 0  # audio for "Thanks." while the reply is still being written
    stream.push_text(" the hardest bug you fixed.")
    stream.end_input()
    seconds = first.frame.duration + sum([audio.frame.duration async for audio in stream])
    await stream.aclose()
    assert seconds > 2.0
