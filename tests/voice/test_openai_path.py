"""The production path: the real livekit openai plugin classes against a local OpenAI-compatible fake,
through the same no-room harness (Silero VAD, batch transcription, streamed chat, speech)."""

from __future__ import annotations

import pytest
from fakes.openai_server import FakeOpenAIServer
from livekit.agents import Agent
from livekit.plugins import openai

from agent.engines import make_engines
from agent.engines.factory import EmbeddedModels
from agent.harness import NoRoomHarness, render_speech
from api.settings import Settings


class Greeter(Agent):
    def __init__(self) -> None:
        super().__init__(instructions="You are a technical interviewer.")

    async def on_enter(self) -> None:
        self.session.generate_reply(instructions="Greet the candidate.")


@pytest.mark.asyncio
async def test_openai_engines_run_a_spoken_turn(models: EmbeddedModels):
    with FakeOpenAIServer() as server:
        server.script_chat("Hello, welcome.", "Thanks Dana. Tell me about Redis.")
        server.script_transcripts("my name is Dana")
        settings = Settings(engines="openai", openai_base_url=server.base_url, openai_api_key="sk-local-fake",
                            llm_model="local-model", stt_model="whisper-1", tts_model="tts-1")
        engines = make_engines(settings)
        assert isinstance(engines.llm, openai.LLM)
        harness = NoRoomHarness(Greeter(), stt=engines.stt, tts=engines.tts, vad=engines.vad, llm=engines.llm,
                                turn_handling=engines.turn_handling,
                                input_sample_rate=models.synthesizer.sample_rate)
        await harness.start()
        try:
            speech = render_speech(models.synthesizer, ["My name is Dana."])
            turn = await harness.say(speech, models.synthesizer.sample_rate)
        finally:
            await harness.aclose()
            await engines.aclose()
        paths = server.paths()
    assert turn.transcript == "my name is Dana"
    assert turn.agent_audio_seconds > 0.5
    assert turn.latency is not None and turn.latency.total_ms > 0
    assert {"/v1/audio/transcriptions", "/v1/chat/completions", "/v1/audio/speech"} <= set(paths)
    assert paths.index("/v1/audio/transcriptions") < len(paths) - 1
