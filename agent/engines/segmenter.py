"""Cut one candidate utterance into segments at their pauses, while they are still talking.

Whisper's cost per call is mostly fixed, so transcribing each finished clause as soon as the
candidate pauses leaves only the last clause to decode once they stop. Pure: samples in,
segments out; time is counted in samples, so behaviour does not depend on the machine's speed.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16_000


class UtteranceSegmenter:
    def __init__(
        self,
        *,
        pause_seconds: float = 0.12,
        min_segment_seconds: float = 0.6,
        preroll_seconds: float = 0.3,
        tail_seconds: float = 0.12,
        window_samples: int = 512,
    ) -> None:
        self._window = window_samples
        self._pause = int(pause_seconds * SAMPLE_RATE)
        self._min_segment = int(min_segment_seconds * SAMPLE_RATE)
        self._preroll = int(preroll_seconds * SAMPLE_RATE)
        self._tail = int(tail_seconds * SAMPLE_RATE)
        self._buffer = np.zeros(0, np.float32)
        self._buffer_has_speech = False
        self.silence_samples = 0  # silence since the last speech window (grows without bound)

    def push(self, samples: np.ndarray, speech_windows: list[bool]) -> list[np.ndarray]:
        """Add audio and the speech decision of each detector window it completed;
        return the segments completed by a pause."""
        self._buffer = np.concatenate([self._buffer, samples.astype(np.float32, copy=False)])
        ready: list[np.ndarray] = []
        for is_speech in speech_windows:
            if is_speech:
                self.silence_samples = 0
                self._buffer_has_speech = True
            else:
                self.silence_samples += self._window
            if (
                self._buffer_has_speech
                and self.silence_samples >= self._pause
                and len(self._buffer) >= self._min_segment
            ):
                ready.append(self._cut(len(self._buffer) - self.silence_samples + self._tail))
        if not self._buffer_has_speech and len(self._buffer) > self._preroll:
            self._buffer = self._buffer[-self._preroll :]
        return ready

    def cut_rest(self) -> np.ndarray | None:
        """The audio not yet handed out, if it holds speech (at the end of an utterance)."""
        if not self._buffer_has_speech:
            return None
        return self._cut(len(self._buffer))

    def _cut(self, at: int) -> np.ndarray:
        at = max(0, min(at, len(self._buffer)))
        segment, self._buffer = self._buffer[:at], self._buffer[at:]
        self._buffer_has_speech = False
        return segment

    @property
    def has_uncut_speech(self) -> bool:
        return self._buffer_has_speech
