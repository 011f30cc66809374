import numpy as np

from agent.engines.factory import EmbeddedModels
from agent.engines.transcriber import collapse_repeats, compression_ratio
from agent.engines.wer import word_error_rate


def test_spoken_sentences_come_back_as_text(models: EmbeddedModels, speak):
    said = "My name is Dana and I have five years of Python experience."
    result = models.transcriber.transcribe(speak(said))
    assert word_error_rate(said, result.text) <= 0.1, result.text
    assert result.language == "en"
    assert 3000 < result.duration_ms < 6000


def test_vocabulary_hints_fix_domain_words(models: EmbeddedModels, speak):
    said = "The hardest bug I fixed was a race condition in our Kafka consumer."
    hinted = models.transcriber.transcribe(speak(said), prompt="Kafka, Redis, PostgreSQL.")
    assert "Kafka" in hinted.text


def test_silence_transcribes_to_nothing(models: EmbeddedModels):
    assert models.transcriber.transcribe(np.zeros(16000, np.float32)).text == ""
    assert models.transcriber.transcribe(np.zeros(0, np.float32)).duration_ms == 0


def test_audio_past_the_short_window_is_transcribed_in_full(models: EmbeddedModels, speak):
    said = "I would use a hash map to count the words, then sort them by frequency."
    clip = speak(said)
    long_audio = np.concatenate([clip, np.zeros(16000 * 22, np.float32), clip])
    assert len(long_audio) / 16000 > 25
    text = models.transcriber.transcribe(long_audio).text
    assert word_error_rate(f"{said} {said}", text) <= 0.15, text


def test_a_looped_decode_is_collapsed():
    assert collapse_repeats("Mostly on backend. Mostly on backend. Mostly on") == "Mostly on backend."
    assert collapse_repeats("I agree. Then we ship.") == "I agree. Then we ship."
    assert compression_ratio("yes " * 50) > 2.4
