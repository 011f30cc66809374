"""Pick and build the speech engines: embedded (default, no key, no network) or OpenAI.

Models load once per process (`load_embedded_models`, also the worker's prewarm); each
`make_engines` call returns fresh per-session adapters (vocabulary, endpointing state, VAD
options) around the shared models. The worker and the API's `/voice` routes both use it.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from livekit.agents import llm, stt, tts, vad

# livekit plugins must register on the main thread: import them here, at import time, not lazily (the API
# builds engines in a worker thread).
from livekit.plugins import openai, silero

from agent.engines.endpointing import EndpointingProfile, profile_for_phase
from agent.engines.synthesizer import PiperSynthesizer
from agent.engines.transcriber import WhisperTranscriber
from api.settings import get_settings

EngineMode = Literal["embedded", "openai"]
# One CTranslate2 thread: on the 2-core box a clause decoded in 250-275 ms with 1 thread against 295-410 ms
# with 2 (interleaved, loaded and idle machine alike), and the other core stays free for Piper, the Silero
# VADs and the event loop. WHISPER_CPU_THREADS (a setting, default 1) overrides it (more cores: try 2-4).
# The session commits a turn no sooner than this after the VAD's end of speech; the
# embedded recogniser's own hold does the patient part (see endpointing.py).
EMBEDDED_MIN_ENDPOINTING_DELAY = 0.2


class EngineSettings(Protocol):
    """The fields of `api.settings.Settings` the engines read (read-only: Settings is frozen)."""

    @property
    def engines(self) -> str: ...
    @property
    def openai_api_key(self) -> str: ...
    @property
    def openai_base_url(self) -> str: ...
    @property
    def llm_model(self) -> str: ...
    @property
    def stt_model(self) -> str: ...
    @property
    def tts_model(self) -> str: ...
    @property
    def tts_voice(self) -> str: ...


@dataclass(frozen=True)
class EmbeddedModels:
    transcriber: WhisperTranscriber
    synthesizer: PiperSynthesizer
    vad_onnx_session: Any


_models: EmbeddedModels | None = None
_models_lock = threading.Lock()


def load_embedded_models() -> EmbeddedModels:
    """Load (once per process) tiny.en, the Piper voice and a Silero session, hash-checked.

    Afterwards `gc.freeze()` moves the ~150k objects of the imports and models out of the
    collector's sight: a full collection otherwise pauses the event loop 65-100 ms."""
    global _models
    with _models_lock:
        if _models is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from livekit.plugins.silero import onnx_model

            from agent.engines.weights import piper_voice_files, whisper_model_dir

            threads = get_settings().whisper_cpu_threads
            voice = piper_voice_files()
            _models = EmbeddedModels(
                transcriber=WhisperTranscriber(whisper_model_dir(), cpu_threads=threads),
                synthesizer=PiperSynthesizer(voice.model, voice.config),
                vad_onnx_session=onnx_model.new_inference_session(force_cpu=True),
            )
            _warm_up(_models)
            gc.collect()
            gc.freeze()
        return _models


def _warm_up(models: EmbeddedModels) -> None:
    """First calls into onnxruntime and CTranslate2 are slow (allocation, kernel selection): make them at
    load, not on the candidate's first answer. Piper speaks the phrase whisper then decodes."""
    from agent.engines.audio import WHISPER_SAMPLE_RATE, int16_to_float32, resample

    pcm = models.synthesizer.warm_up()
    speech = resample(int16_to_float32(pcm), models.synthesizer.sample_rate, WHISPER_SAMPLE_RATE)
    models.transcriber.warm_up(speech)


@dataclass
class Engines:
    """One session's speech engines. `llm` is the OpenAI-compatible LLM in openai mode and
    None in embedded mode (the offline interviewer brain supplies its own)."""

    mode: EngineMode
    stt: stt.STT
    tts: tts.TTS
    vad: vad.VAD
    llm: llm.LLM | None = None
    turn_handling: dict[str, Any] = field(default_factory=dict)
    profile: EndpointingProfile = field(default_factory=lambda: profile_for_phase(None))
    http_client: Any = None  # the OpenAI SDK client the plugins share (openai mode)

    def set_phase(self, phase: str | None) -> EndpointingProfile:
        """Tune endpointing for an interview phase: quick in small talk, patient in coding.
        Safe to call at any time; the next pause uses the new profile."""
        self.profile = apply_phase_endpointing(phase, stt=self.stt, vad=self.vad)
        return self.profile

    async def aclose(self) -> None:
        """Close the engines' clients (the OpenAI plugins hold HTTP connections)."""
        for engine in (self.stt, self.tts, self.llm):
            if engine is not None:
                await engine.aclose()
        if self.http_client is not None:
            # openai.STT.aclose() (plugin 1.8.9) leaves its HTTP client open: we own it instead
            await self.http_client.close()

    def set_vocabulary(self, words: list[str]) -> None:
        """Words to expect (the job's skills): improves "Redis", "Kafka", "PostgreSQL"."""
        from agent.engines.embedded_stt import EmbeddedSTT

        if isinstance(self.stt, EmbeddedSTT):
            self.stt.set_vocabulary(words)


def apply_phase_endpointing(
    phase: str | None, *, stt: stt.STT | None, vad: vad.VAD | None
) -> EndpointingProfile:
    """Endpointing for `phase` on a session's STT and VAD (for code that holds those, not `Engines`):
    the Silero VAD's silence window, and the embedded recogniser's silence rules."""
    from agent.engines.embedded_stt import EmbeddedSTT

    profile = profile_for_phase(phase)
    if isinstance(vad, silero.VAD):
        vad.update_options(min_silence_duration=profile.vad_silence)
    if isinstance(stt, EmbeddedSTT):
        stt.set_profile(profile)
    return profile


def engine_mode(settings: EngineSettings) -> EngineMode:
    mode = (getattr(settings, "engines", "") or "embedded").strip()
    if mode not in ("embedded", "openai"):
        raise ValueError(f"unknown engines {mode!r}: expected 'embedded' or 'openai'")
    return "openai" if mode == "openai" else "embedded"


def make_engines(settings: EngineSettings, *, phase: str | None = None) -> Engines:
    """Fresh per-session engines for `settings.engines` ("embedded" or "openai")."""
    profile = profile_for_phase(phase)
    session_vad = silero.VAD.load(min_silence_duration=profile.vad_silence)
    turn_handling: dict[str, Any] = {"turn_detection": "vad", "interruption": {"mode": "vad"}}
    if engine_mode(settings) == "openai":
        import openai as openai_sdk

        client = openai_sdk.AsyncClient(
            api_key=settings.openai_api_key or None,  # None: the SDK reads OPENAI_API_KEY itself
            base_url=settings.openai_base_url or None,
        )
        engines = Engines(
            mode="openai",
            stt=openai.STT(model=settings.stt_model, client=client),
            tts=openai.TTS(model=settings.tts_model, voice=settings.tts_voice, client=client),
            vad=session_vad,
            llm=openai.LLM(model=settings.llm_model, client=client),
            turn_handling=turn_handling,
            http_client=client,
        )
    else:
        from agent.engines.embedded_stt import EmbeddedSTT
        from agent.engines.embedded_tts import EmbeddedTTS

        models = load_embedded_models()
        turn_handling["endpointing"] = {"min_delay": EMBEDDED_MIN_ENDPOINTING_DELAY}
        engines = Engines(
            mode="embedded",
            stt=EmbeddedSTT(models.transcriber, models.vad_onnx_session),
            tts=EmbeddedTTS(models.synthesizer),
            vad=session_vad,
            turn_handling=turn_handling,
        )
    engines.set_phase(phase)
    return engines
