"""Text to speech with Piper (voice en_US-joe-medium), one audio chunk per sentence."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from agent.engines.audio import encode_wav

# Piper's own loader gives onnxruntime its defaults: a thread per core that spins after each operator,
# holding a core the recogniser and the event loop need on a 2-core box. Measured on "Thank you."
# with the machine loaded: default 91-109 ms, 2 threads without spinning 54-77 ms, 1 thread 72-95 ms.
PIPER_THREADS = 2


def _inference_session(model_path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(
        str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
    )


class PiperSynthesizer:
    """One loaded Piper voice. Piper phonemises with a process-global espeak, so calls
    are serialised by a lock; the caller runs them off the event loop."""

    def __init__(self, model_path: Path, config_path: Path, *, threads: int = PIPER_THREADS) -> None:
        from piper import PiperVoice
        from piper.config import PiperConfig

        config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        self._voice = PiperVoice(config=config, session=_inference_session(model_path, threads))
        self._lock = threading.Lock()
        self.sample_rate: int = int(self._voice.config.sample_rate)
        self.voice_name = model_path.name.removesuffix(".onnx")

    def warm_up(self) -> np.ndarray:
        """Render a short phrase once: onnxruntime's first run is several times slower than the next."""
        return self.pcm("Hello there.")

    def sentences(self, text: str, *, deterministic: bool = False) -> Iterator[np.ndarray]:
        """int16 mono PCM, one array per sentence, each yielded as soon as it is rendered.

        Piper samples its voice's noise at random, so the same text never sounds quite the same;
        `deterministic` turns that off (the same text always gives the same samples), for test speech."""
        config = None
        if deterministic:
            from piper import SynthesisConfig

            config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        iterator = iter(self._voice.synthesize(text, syn_config=config))
        while True:
            with self._lock:
                chunk = next(iterator, None)
            if chunk is None:
                return
            yield np.asarray(chunk.audio_int16_array, dtype=np.int16).reshape(-1)

    def pcm(self, text: str, *, deterministic: bool = False) -> np.ndarray:
        parts = list(self.sentences(text, deterministic=deterministic))
        return np.concatenate(parts) if parts else np.zeros(0, np.int16)

    def wav_bytes(self, text: str) -> bytes:
        return encode_wav(self.pcm(text), self.sample_rate)
