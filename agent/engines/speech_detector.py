"""Frame-level speech detection with the bundled Silero model, for the recogniser's own use.

The recogniser needs to know, frame by frame, where the candidate paused (to cut segments it
can transcribe while they keep talking) and whether they resumed (to cancel a hold). The
session's VAD does not share that, so each recognise stream runs its own small Silero state
on the process's single ONNX session.
"""

from __future__ import annotations

import numpy as np

SPEECH_THRESHOLD = 0.5
SILENCE_THRESHOLD = 0.35


class SpeechDetector:
    """Feed 16 kHz float32 samples; get one is-speech decision per 32 ms window."""

    def __init__(self, onnx_session: object) -> None:
        from livekit.plugins.silero.onnx_model import OnnxModel

        self._model = OnnxModel(onnx_session=onnx_session, sample_rate=16_000)
        self._window = self._model.window_size_samples
        self._pending = np.zeros(0, np.float32)
        self._speaking = False

    @property
    def window_samples(self) -> int:
        return self._window

    def push(self, samples: np.ndarray) -> list[bool]:
        self._pending = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        decisions: list[bool] = []
        while len(self._pending) >= self._window:
            window, self._pending = self._pending[: self._window], self._pending[self._window :]
            probability = self._model(window)
            # hysteresis: enter speech above 0.5, leave it below 0.35
            if self._speaking:
                self._speaking = probability >= SILENCE_THRESHOLD
            else:
                self._speaking = probability >= SPEECH_THRESHOLD
            decisions.append(self._speaking)
        return decisions
