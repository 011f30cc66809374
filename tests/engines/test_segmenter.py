import numpy as np

from agent.engines.segmenter import SAMPLE_RATE, UtteranceSegmenter

WINDOW = 512


def _push(segmenter: UtteranceSegmenter, pattern: str) -> list[np.ndarray]:
    """'s' = one speech window, '.' = one silence window."""
    out: list[np.ndarray] = []
    for mark in pattern:
        out += segmenter.push(np.full(WINDOW, 0.1 if mark == "s" else 0.0, np.float32), [mark == "s"])
    return out


def test_a_clause_is_cut_at_a_pause_while_the_speaker_goes_on():
    segmenter = UtteranceSegmenter(window_samples=WINDOW)
    segments = _push(segmenter, "s" * 40 + "." * 6)  # 1.28 s of speech, 0.19 s pause
    assert len(segments) == 1
    assert 1.2 < len(segments[0]) / SAMPLE_RATE < 1.6
    assert not segmenter.has_uncut_speech


def test_short_gaps_between_words_do_not_cut():
    segmenter = UtteranceSegmenter(window_samples=WINDOW)
    assert _push(segmenter, ("s" * 10 + "..") * 5) == []
    assert segmenter.has_uncut_speech


def test_the_rest_is_cut_on_demand_and_silence_is_counted():
    segmenter = UtteranceSegmenter(window_samples=WINDOW)
    _push(segmenter, "s" * 10)
    rest = segmenter.cut_rest()
    assert rest is not None and len(rest) == 10 * WINDOW
    assert segmenter.cut_rest() is None
    _push(segmenter, "." * 20)
    assert segmenter.silence_samples == 20 * WINDOW


def test_silence_before_speech_is_trimmed_to_the_preroll():
    segmenter = UtteranceSegmenter(window_samples=WINDOW, preroll_seconds=0.3)
    _push(segmenter, "." * 100 + "s" * 20)
    rest = segmenter.cut_rest()
    assert rest is not None
    assert len(rest) <= int(0.3 * SAMPLE_RATE) + 20 * WINDOW + WINDOW
