"""Plain audio helpers: WAV in and out, sample format conversion, resampling.

No livekit here, so the API and the worker share the same, directly tested code.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np

WHISPER_SAMPLE_RATE = 16_000


class AudioFormatError(ValueError):
    """The bytes are not audio we can read (not a PCM WAV, empty, or malformed)."""


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int

    @property
    def duration_ms(self) -> int:
        return round(1000 * len(self.samples) / self.sample_rate)


def int16_to_float32(pcm: np.ndarray) -> np.ndarray:
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


def float32_to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Linear-interpolation resampling of float32 mono audio (enough for speech recognition)."""
    if from_rate == to_rate or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    count = int(len(samples) * to_rate / from_rate)
    positions = np.arange(count, dtype=np.float64) * (from_rate / to_rate)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def encode_wav(pcm: np.ndarray, sample_rate: int) -> bytes:
    """A mono 16-bit PCM RIFF/WAVE file from int16 samples."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(pcm.astype("<i2", copy=False).tobytes())
    return buffer.getvalue()


_SAMPLE_DTYPES: dict[int, np.dtype] = {1: np.dtype(np.uint8), 2: np.dtype("<i2"), 4: np.dtype("<i4")}


def decode_wav(data: bytes) -> DecodedAudio:
    """Read a PCM WAV (8/16/24/32-bit, any channel count) into float32 mono samples."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioFormatError("not a WAV file (expected a RIFF/WAVE header)")
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            raw = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioFormatError(f"unreadable WAV file: {exc}") from None
    if rate <= 0 or channels <= 0:
        raise AudioFormatError("WAV header has no sample rate or no channels")
    samples = _pcm_to_float(raw, width)
    usable = len(samples) - len(samples) % channels
    if usable == 0:
        raise AudioFormatError("WAV file holds no audio samples")
    mono = samples[:usable].reshape(-1, channels).mean(axis=1).astype(np.float32)
    return DecodedAudio(samples=mono, sample_rate=rate)


def _pcm_to_float(raw: bytes, width: int) -> np.ndarray:
    if width == 3:
        triples = np.frombuffer(raw[: len(raw) - len(raw) % 3], dtype=np.uint8).reshape(-1, 3)
        widened = (
            triples[:, 0].astype(np.int32)
            | (triples[:, 1].astype(np.int32) << 8)
            | (triples[:, 2].astype(np.int32) << 16)
        )
        signed = np.where(widened & 0x800000, widened - (1 << 24), widened)
        return (signed / float(1 << 23)).astype(np.float32)
    dtype = _SAMPLE_DTYPES.get(width)
    if dtype is None:
        raise AudioFormatError(f"unsupported WAV sample width: {width * 8} bits")
    values = np.frombuffer(raw[: len(raw) - len(raw) % width], dtype=dtype)
    if width == 1:
        return ((values.astype(np.float32) - 128.0) / 128.0).astype(np.float32)
    return (values.astype(np.float32) / float(1 << (8 * width - 1))).astype(np.float32)
