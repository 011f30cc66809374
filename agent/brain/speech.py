"""Turning text written for reading (problem statements, hints, resume lines) into speakable sentences."""

from __future__ import annotations

import re

_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)
_INLINE_CODE = re.compile(r"`([^`]*)`")
_MARKUP = re.compile(r"[*_#>|]+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# A lone symbol in code (`#` for a wall, `.` for open ground) said as a word.
_SYMBOL_NAMES = {
    ".": "a dot",
    "#": "a hash sign",
    "-": "a minus sign",
    "+": "a plus sign",
    "*": "a star",
    "_": "an underscore",
    "/": "a slash",
    "|": "a bar",
    "@": "an at sign",
    "0": "zero",
    "1": "one",
}
_INDEXING = re.compile(r"(\w+)\[(\w+)\]")
_TIMES = re.compile(r"\s\*\s")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_EXAMPLE_LINE = re.compile(r"^\s*(?:example|input|output|constraints?)\b.*$", re.IGNORECASE | re.MULTILINE)


def speakable(text: str, *, max_sentences: int | None = None) -> str:
    """Plain sentences without code, markup, links, list markers or example blocks."""
    text = _CODE_BLOCK.sub(" ", text)
    text = _EXAMPLE_LINE.sub(" ", text)
    text = _INLINE_CODE.sub(lambda m: _SYMBOL_NAMES.get(m.group(1).strip(), m.group(1)), text)
    text = _INDEXING.sub(r"\1 at \2", text)  # heights[i] -> "heights at i"
    text = _TIMES.sub(" times ", text)
    text = _URL.sub(" ", text)
    text = re.sub(r"^\s*(?:[-•+]|\d{1,2}[.)])\s+", "", text, flags=re.MULTILINE)
    text = _MARKUP.sub(" ", text)
    text = text.replace("{", " ").replace("}", " ").replace("[", " ").replace("]", " ")
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    # A question mark inside data would count as a second question in the turn: make it a statement.
    sentences = [s[:-1] + "." if s.endswith("?") else s for s in sentences]
    if max_sentences is not None:
        sentences = sentences[:max_sentences]
    out = " ".join(sentences).strip()
    if out and out[-1] not in ".!":
        out += "."
    return out


# Where a long topic may be cut without leaving half a phrase: before one of these words, or after a comma.
# Conjunctions and relative words only: cutting before "for", "by" or "with" leaves "…the public API used".
_CLAUSE_STARTS = frozenset({"and", "but", "while", "which", "where", "who", "whose"})
_MIN_CUT_WORDS = 4


def short_topic(topic: str, max_words: int = 12) -> str:
    """A topic trimmed to a speakable noun phrase: a long one is cut at its last clause boundary within
    `max_words` ("…mentored three junior engineers and ran the team's weekly design review" keeps the first
    clause), never mid-phrase ("…ran the team's weekly")."""
    words = speakable(topic).rstrip(".").split()
    if len(words) <= max_words:
        return " ".join(words)
    for cut in range(max_words, _MIN_CUT_WORDS - 1, -1):
        if words[cut].lower() in _CLAUSE_STARTS or words[cut - 1].endswith((",", ";")):
            return " ".join(words[:cut]).rstrip(",;")
    return " ".join(words[:max_words]).rstrip(",;")
