import math

import numpy as np

from agent.engines.transcriber import (
    closing_punctuation_index,
    last_word_span,
    others_probability,
    token_logprob,
)


def test_the_closing_punctuation_of_the_kept_text_is_found():
    pieces = [" I", " would", " start", " with", "."]
    assert closing_punctuation_index(pieces, "I would start with.") == 4
    assert closing_punctuation_index([" Then", " sort", ".", " Then", " sort", "."], "Then sort.") == 2
    assert closing_punctuation_index([" I", "'m"], "I'm") is None  # no closing mark
    assert closing_punctuation_index([" The", " end", "..."], "The end...") == 2


def test_the_last_word_spans_its_word_pieces():
    assert list(last_word_span([" to", " Post", "greSQL"])) == [1, 2]
    assert list(last_word_span([" I", " would"])) == [1]
    assert list(last_word_span([])) == []


def test_token_logprob_is_a_log_softmax():
    logits = np.array([2.0, 1.0, 0.0], np.float32)
    expected = 2.0 - math.log(math.exp(2.0) + math.exp(1.0) + 1.0)
    assert math.isclose(token_logprob(logits, 0), expected, rel_tol=1e-6)


def test_others_probability_leaves_out_the_chosen_token():
    logits = np.log(np.array([0.5, 0.3, 0.2], np.float64))
    assert math.isclose(others_probability(logits, frozenset({0, 1}), chosen=0), 0.3, rel_tol=1e-6)
    assert math.isclose(others_probability(logits, frozenset({1, 2}), chosen=0), 0.5, rel_tol=1e-6)
