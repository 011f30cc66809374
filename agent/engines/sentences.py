"""Cut streamed reply text into sentences as soon as each one is complete.

A sentence is complete once its end mark (. ! ? or a line break) is followed by white space,
so "3.5" or "e.g.x" never split and the first sentence, however short ("Thanks."), is spoken
without waiting for the next one.

The first piece of a reply may be shorter than a sentence: with `first_phrase_words`, a long
first sentence is released at its first comma (or ; : —) once that many words precede it, so
Piper renders a few words, not a whole sentence, before the first audio. Later pieces are
whole sentences (rendered while the earlier ones play).
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")
_PHRASE_END = re.compile(r"(?:[,;:]|\s[—–-])\s+")
# A first phrase is split off only if the rest of its sentence is at least this long (words): a short
# tail is rendered fast enough anyway, and prosody is better in one piece.
_MIN_TAIL_WORDS = 3


class SentenceBuffer:
    """Collects text pieces; `push` returns the sentences completed so far."""

    def __init__(self, *, first_phrase_words: int = 0) -> None:
        self._pending = ""
        self._first_phrase_words = first_phrase_words
        self._released = False

    def push(self, text: str) -> list[str]:
        self._pending += text
        sentences: list[str] = []
        start = 0
        for match in _SENTENCE_END.finditer(self._pending):
            sentence = self._pending[start : match.end()].strip()
            if sentence:
                sentences.extend(self._first_cut(sentence, whole=True))
            start = match.end()
        self._pending = self._pending[start:]
        if not sentences and not self._released and self._first_phrase_words:
            sentences = self._first_cut(self._pending, whole=False)
            if sentences:
                self._pending = self._pending[self._pending.index(sentences[0]) + len(sentences[0]) :]
        self._released = self._released or bool(sentences)
        return sentences

    def _first_cut(self, text: str, *, whole: bool) -> list[str]:
        """`text` (a whole sentence, or the start of one still being written), split after its first
        phrase when it is the reply's first piece; [] for an unfinished one with no phrase yet."""
        if self._released or not self._first_phrase_words:
            return [text] if whole else []
        for match in _PHRASE_END.finditer(text):
            head, tail = text[: match.end()].strip(), text[match.end() :].strip()
            if len(head.split()) < self._first_phrase_words:
                continue
            if whole and len(tail.split()) < _MIN_TAIL_WORDS:
                break
            if not whole and len(tail.split()) < _MIN_TAIL_WORDS:
                return []  # wait: the tail may turn out too short to be worth a split
            self._released = True
            return [head, tail] if whole else [head]
        return [text] if whole else []

    def flush(self) -> str:
        """The unfinished rest (the end of the reply), emptied."""
        rest, self._pending = self._pending.strip(), ""
        return rest
