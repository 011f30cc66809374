import pytest
from livekit.plugins import openai, silero

from agent.engines import make_engines
from agent.engines.embedded_stt import EmbeddedSTT
from agent.engines.embedded_tts import EmbeddedTTS
from agent.engines.endpointing import PATIENT, QUICK
from api.settings import Settings


def test_embedded_engines_need_no_key_and_no_llm(models):
    engines = make_engines(Settings())
    assert engines.mode == "embedded"
    assert isinstance(engines.stt, EmbeddedSTT) and engines.stt.capabilities.streaming
    assert isinstance(engines.tts, EmbeddedTTS) and engines.tts.capabilities.streaming
    assert isinstance(engines.vad, silero.VAD)
    assert engines.llm is None
    assert engines.turn_handling["turn_detection"] == "vad"
    assert engines.turn_handling["interruption"] == {"mode": "vad"}


def test_each_session_gets_its_own_adapters_around_shared_models(models):
    first, second = make_engines(Settings()), make_engines(Settings())
    assert first.stt is not second.stt and first.vad is not second.vad
    assert isinstance(first.stt, EmbeddedSTT) and isinstance(second.stt, EmbeddedSTT)
    assert first.stt.transcriber is second.stt.transcriber


def test_set_phase_tunes_vad_and_recogniser(models):
    engines = make_engines(Settings(), phase="greeting")
    assert engines.profile is QUICK
    engines.set_phase("coding")
    assert engines.profile is PATIENT
    assert isinstance(engines.stt, EmbeddedSTT) and engines.stt.options.profile is PATIENT
    assert engines.vad._opts.min_silence_duration == PATIENT.vad_silence  # type: ignore[attr-defined]
    engines.set_vocabulary(["Redis", " Kafka ", ""])
    assert engines.stt.options.vocabulary == ["Redis", "Kafka"]


def test_openai_engines_use_the_plugins_and_the_base_url():
    engines = make_engines(Settings(engines="openai", openai_api_key="sk-test",
                                    openai_base_url="http://127.0.0.1:9/v1", tts_voice="nova"))
    assert isinstance(engines.stt, openai.STT)
    assert isinstance(engines.tts, openai.TTS)
    assert isinstance(engines.llm, openai.LLM)
    assert engines.llm.model == "gpt-4o-mini"
    assert "127.0.0.1:9" in engines.llm.provider


def test_unknown_engines_are_refused():
    with pytest.raises(ValueError, match="unknown engines"):
        make_engines(Settings(engines="cloud"))
