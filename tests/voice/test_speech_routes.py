"""`POST /voice/tts` and `POST /voice/stt` on the embedded engines (real Piper, real faster-whisper)."""

from __future__ import annotations

import base64
import io
import wave

import numpy as np
import pytest

from agent.engines.audio import decode_wav, encode_wav
from agent.engines.wer import word_error_rate

TTS = "/api/v1/voice/tts"
STT = "/api/v1/voice/stt"


def _wav_upload(data: bytes, name: str = "answer.wav", field: str = "file") -> dict:
    return {field: (name, data, "audio/wav")}


@pytest.mark.asyncio
async def test_tts_speaks_a_wav_that_stt_transcribes_back(client, user):
    said = "I led the migration of our billing system last year."
    spoken = await client.post(TTS, json={"text": said}, headers=user.headers)
    assert spoken.status_code == 200, spoken.text
    body = spoken.json()
    assert body["text"] == said and body["voice"] == "en_US-joe-medium" and body["model"] == "piper"
    wav = base64.b64decode(body["audio_base64"])
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    with wave.open(io.BytesIO(wav)) as reader:
        assert reader.getnchannels() == 1 and reader.getsampwidth() == 2 and reader.getframerate() == 22050
        seconds = reader.getnframes() / reader.getframerate()
    assert 1.5 < seconds < 6

    heard = await client.post(STT, files=_wav_upload(wav), headers=user.headers)
    assert heard.status_code == 200, heard.text
    result = heard.json()
    assert word_error_rate(said, result["text"]) <= 0.2, result["text"]
    assert result["language"] == "en"
    assert abs(result["duration_ms"] - 1000 * seconds) < 50


@pytest.mark.asyncio
async def test_tts_refuses_blank_or_oversized_text(client, user, expect_error):
    expect_error(await client.post(TTS, json={"text": "   "}, headers=user.headers), 400)
    expect_error(await client.post(TTS, json={"text": "x" * 4097}, headers=user.headers), 400)
    expect_error(await client.post(TTS, json={}, headers=user.headers), 400)
    expect_error(await client.post(TTS, json={"text": "hi"}), 401)


@pytest.mark.asyncio
async def test_tts_text_with_nothing_to_speak_is_422_not_an_unavailable_engine(client, user, expect_error):
    # The engine works but makes no audio for these: the request's fault (422), not a 503.
    for text in ("...", "\u200b", "\U000bac54", "\u00a6"):
        body = expect_error(await client.post(TTS, json={"text": text}, headers=user.headers), 422)
        assert body["detail"] == "The text has nothing the voice can speak.", text
    body = expect_error(await client.post(TTS, json={"text": "a\u0000b"}, headers=user.headers), 400)
    assert body["errors"] == [{"field": "text", "message": "must not contain NUL"}]
    assert (await client.post(TTS, json={"text": "Ok."}, headers=user.headers)).status_code == 200


@pytest.mark.asyncio
async def test_stt_refuses_what_is_not_a_readable_wav(client, user, expect_error):
    mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" * 500
    body = expect_error(await client.post(STT, files=_wav_upload(mp3, "a.mp3"), headers=user.headers), 415)
    assert "WAV" in body["detail"]
    truncated = encode_wav(np.zeros(1600, "int16"), 16000)[:30]
    expect_error(await client.post(STT, files=_wav_upload(truncated), headers=user.headers), 422)
    empty = encode_wav(np.zeros(0, "int16"), 16000)
    expect_error(await client.post(STT, files=_wav_upload(empty), headers=user.headers), 422)
    no_file = await client.post(STT, files=_wav_upload(b"RIFF", field="audio"), headers=user.headers)
    assert "file" in expect_error(no_file, 400)["detail"]
    expect_error(await client.post(STT, json={"file": "x"}, headers=user.headers), 415)


@pytest.mark.asyncio
async def test_stt_refuses_uploads_over_25_mib(client, user, expect_error):
    big = b"RIFF" + b"\x00" * (25 * 1024 * 1024 + 1)
    expect_error(await client.post(STT, files=_wav_upload(big), headers=user.headers), 413)


@pytest.mark.asyncio
async def test_stt_of_silence_is_empty_text(client, user):
    silence = encode_wav(np.zeros(8000, "int16"), 8000)
    heard = await client.post(STT, files=_wav_upload(silence), headers=user.headers)
    assert heard.status_code == 200
    assert heard.json() == {"text": "", "language": "en", "duration_ms": 1000}
    assert decode_wav(silence).duration_ms == 1000


@pytest.mark.asyncio
async def test_tts_is_limited_to_30_requests_a_minute(client, user, real_rate_limits, expect_error):
    for _ in range(30):  # refused bodies count too: the limit is on requests
        r = await client.post(TTS, json={"text": ""}, headers=user.headers)
        assert r.status_code == 400 and r.headers["ratelimit-limit"] == "30"
    limited = expect_error(await client.post(TTS, json={"text": "Hello."}, headers=user.headers), 429)
    assert limited["status_code"] == 429
