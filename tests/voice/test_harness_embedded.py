"""The no-room harness end to end on the embedded engines and the offline interviewer brain."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from agent.brain.interview_store import InMemoryInterviewStore
from agent.engines import make_engines
from agent.engines.factory import EmbeddedModels
from agent.engines.wer import word_error_rate
from agent.harness import NoRoomHarness, render_speech
from agent.interviewer_setup import build_interviewer
from agent.offline_llm import OfflineInterviewerLLM
from api.settings import Settings


@pytest.mark.asyncio
async def test_a_spoken_answer_is_transcribed_and_answered_with_audio(models: EmbeddedModels):
    engines = make_engines(Settings(), phase="greeting")
    store = InMemoryInterviewStore()
    record = SimpleNamespace(candidate_name="Dana", question_plan=None, resume_analysis=None,
                             job_description=None, brain_state=None)
    llm = OfflineInterviewerLLM()
    interviewer = build_interviewer(record, store=store, llm=llm, problems=[])
    harness = NoRoomHarness(interviewer, stt=engines.stt, tts=engines.tts, vad=engines.vad, llm=llm,
                            turn_handling=engines.turn_handling,
                            input_sample_rate=models.synthesizer.sample_rate)
    await harness.start()
    try:
        assert harness.speaker.segments and harness.speaker.segments[0] > 1.0  # the greeting was spoken
        said = "Yes, I am ready to start the interview."
        turn = await harness.say(render_speech(models.synthesizer, [said]), models.synthesizer.sample_rate)
    finally:
        await harness.aclose()
    assert word_error_rate(said, turn.transcript) <= 0.2, turn.transcript
    assert not turn.cut_early
    assert turn.agent_audio_seconds > 1.0
    assert turn.latency is not None
    record_json = turn.latency.to_json()
    assert record_json["total_ms"] > 0 and record_json["endpointing_ms"] > 0
    assert set(record_json) >= {"endpointing_ms", "stt_ms", "llm_ttft_ms", "tts_ttfb_ms", "overhead_ms"}
    assert [t.role for t in store.turns][:3] == ["assistant", "user", "assistant"]
