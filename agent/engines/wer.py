"""Word error rate, for checking transcripts against what was said (tests and the latency benchmark)."""

from __future__ import annotations

import re

_NUMBER_WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
                 "8": "eight", "9": "nine", "10": "ten"}


_CONTRACTIONS = {
    "i'm": "i am", "it's": "it is", "that's": "that is", "don't": "do not", "didn't": "did not",
    "i've": "i have", "we're": "we are", "you're": "you are", "let's": "let us", "i'd": "i would",
    "i'll": "i will", "we've": "we have", "can't": "cannot", "isn't": "is not", "wasn't": "was not",
}


def words(text: str) -> list[str]:
    """Lower-case words with numbers spelled out and contractions expanded (so "I'm" = "I am")."""
    tokens = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'").replace("-", " "))
    spelled = [_NUMBER_WORDS.get(token, _CONTRACTIONS.get(token, token)) for token in tokens]
    return " ".join(spelled).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = words(reference), words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
        previous = current
    return previous[-1] / max(1, len(ref))
