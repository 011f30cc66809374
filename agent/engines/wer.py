"""Word error rate, for checking transcripts against what was said (tests and the latency benchmark)."""

from __future__ import annotations

import re

_CONTRACTIONS = {
    "i'm": "i am", "it's": "it is", "that's": "that is", "don't": "do not", "didn't": "did not",
    "i've": "i have", "we're": "we are", "you're": "you are", "let's": "let us", "i'd": "i would",
    "i'll": "i will", "we've": "we have", "can't": "cannot", "isn't": "is not", "wasn't": "was not",
}


_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell_number(value: int) -> str:
    """English words for 0-999 999 ("2000" → "two thousand"), as a speaker says them."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        return _TENS[value // 10] + ("" if value % 10 == 0 else " " + _ONES[value % 10])
    if value < 1000:
        rest = value % 100
        return _ONES[value // 100] + " hundred" + ("" if rest == 0 else " " + spell_number(rest))
    rest = value % 1000
    return spell_number(value // 1000) + " thousand" + ("" if rest == 0 else " " + spell_number(rest))


def _spelled(token: str) -> str:
    digits = token.replace(",", "")
    if digits.isdigit() and len(digits) <= 6:
        return spell_number(int(digits))
    return _CONTRACTIONS.get(token, token)


# Hesitation sounds are not words: dropped from reference and transcript alike, as Whisper's own
# English normaliser does (the same list), so "I would start with, um, a hash map" is scored on its words.
_HESITATIONS = frozenset({"hmm", "mm", "mhm", "mmm", "uh", "um"})


def words(text: str) -> list[str]:
    """Lower-case words with numbers spelled out, contractions expanded (so "I'm" = "I am") and
    hesitations ("um", "uh") left out."""
    tokens = re.findall(r"\d[\d,]*\d|\d|[a-z']+", text.lower().replace("’", "'").replace("-", " "))
    spelled = [_spelled(token) for token in tokens if token not in _HESITATIONS]
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
