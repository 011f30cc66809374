"""Text to speech with Piper (voice en_US-joe-medium), one audio chunk per sentence."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from agent.engines.audio import encode_wav


class PiperSynthesizer:
    """One loaded Piper voice. Piper phonemises with a process-global espeak, so calls
    are serialised by a lock; the caller runs them off the event loop."""

    def __init__(self, model_path: Path, config_path: Path) -> None:
        from piper import PiperVoice

        self._voice = PiperVoice.load(model_path, config_path=config_path)
        self._lock = threading.Lock()
        self.sample_rate: int = int(self._voice.config.sample_rate)
        self.voice_name = model_path.name.removesuffix(".onnx")

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        """int16 mono PCM, one array per sentence, each yielded as soon as it is rendered."""
        iterator = iter(self._voice.synthesize(text))
        while True:
            with self._lock:
                chunk = next(iterator, None)
            if chunk is None:
                return
            yield np.asarray(chunk.audio_int16_array, dtype=np.int16).reshape(-1)

    def pcm(self, text: str) -> np.ndarray:
        parts = list(self.sentences(text))
        return np.concatenate(parts) if parts else np.zeros(0, np.int16)

    def wav_bytes(self, text: str) -> bytes:
        return encode_wav(self.pcm(text), self.sample_rate)
