"""Engine fixtures: the embedded models load once per test session (they are process-cached)."""

from __future__ import annotations

import numpy as np
import pytest

from agent.engines.audio import WHISPER_SAMPLE_RATE, int16_to_float32, resample
from agent.engines.factory import EmbeddedModels, load_embedded_models


@pytest.fixture(scope="session")
def models() -> EmbeddedModels:
    return load_embedded_models()


@pytest.fixture(scope="session")
def speak(models: EmbeddedModels):
    """Text → float32 16 kHz speech rendered by Piper (the candidate's voice in tests), the same samples for
    the same text in every run: Piper's random voice noise made tests of pause handling flaky."""

    def render(text: str) -> np.ndarray:
        pcm = models.synthesizer.pcm(text, deterministic=True)
        return resample(int16_to_float32(pcm), models.synthesizer.sample_rate, WHISPER_SAMPLE_RATE)

    return render
