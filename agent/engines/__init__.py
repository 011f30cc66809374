"""Speech engines: embedded (faster-whisper + Piper + Silero, offline) or OpenAI-compatible.

Import what you need from the submodules; `make_engines` is the entry point."""

from agent.engines.factory import (
    Engines,
    EngineSettings,
    apply_phase_endpointing,
    load_embedded_models,
    make_engines,
)

__all__ = ["EngineSettings", "Engines", "apply_phase_endpointing", "load_embedded_models", "make_engines"]
