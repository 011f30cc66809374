import io
import wave

import numpy as np
import pytest

from agent.engines.audio import AudioFormatError, decode_wav, encode_wav, resample


def _wav(frames: bytes, *, channels: int = 1, width: int = 2, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(frames)
    return buffer.getvalue()


def test_encode_then_decode_keeps_samples_and_rate():
    pcm = (np.sin(np.arange(2205) / 10) * 20000).astype(np.int16)
    data = encode_wav(pcm, 22050)
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    decoded = decode_wav(data)
    assert decoded.sample_rate == 22050
    assert decoded.duration_ms == 100
    assert np.allclose(decoded.samples * 32768, pcm, atol=1)


def test_stereo_is_mixed_down_to_mono():
    left = np.full(100, 10000, np.int16)
    right = np.full(100, -10000, np.int16)
    frames = np.stack([left, right], axis=1).astype("<i2").tobytes()
    decoded = decode_wav(_wav(frames, channels=2))
    assert len(decoded.samples) == 100
    assert np.allclose(decoded.samples, 0.0)


def test_8_and_24_bit_pcm_are_read():
    eight = decode_wav(_wav(bytes([128, 255, 0]), width=1))
    assert eight.samples[0] == 0.0 and eight.samples[1] > 0.99 and eight.samples[2] == -1.0
    value = 1 << 22  # half of full scale, little-endian 24-bit
    twenty_four = decode_wav(_wav(value.to_bytes(3, "little", signed=True) * 2, width=3))
    assert np.allclose(twenty_four.samples, 0.5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a WAV"),
        (b"ID3\x04" + b"\x00" * 64, "not a WAV"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "unreadable"),
        (_wav(b""), "no audio"),
    ],
)
def test_bad_audio_is_refused_with_a_reason(data: bytes, message: str):
    with pytest.raises(AudioFormatError, match=message):
        decode_wav(data)


def test_float_wav_is_refused():
    data = bytearray(_wav(np.zeros(10, np.int16).tobytes()))
    data[20:22] = (3).to_bytes(2, "little")  # WAVE_FORMAT_IEEE_FLOAT
    with pytest.raises(AudioFormatError):
        decode_wav(bytes(data))


def test_resample_changes_length_by_the_rate_ratio():
    samples = np.random.default_rng(1).standard_normal(22050).astype(np.float32)
    assert len(resample(samples, 22050, 16000)) == 16000
    assert resample(samples, 16000, 16000) is not None
