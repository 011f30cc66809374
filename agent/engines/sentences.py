"""Cut streamed reply text into sentences as soon as each one is complete.

A sentence is complete once its end mark (. ! ? or a line break) is followed by white space,
so "3.5" or "e.g.x" never split and the first sentence, however short ("Thanks."), is spoken
without waiting for the next one.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")


class SentenceBuffer:
    """Collects text pieces; `push` returns the sentences completed so far."""

    def __init__(self) -> None:
        self._pending = ""

    def push(self, text: str) -> list[str]:
        self._pending += text
        sentences: list[str] = []
        start = 0
        for match in _SENTENCE_END.finditer(self._pending):
            sentence = self._pending[start : match.end()].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
        self._pending = self._pending[start:]
        return sentences

    def flush(self) -> str:
        """The unfinished rest (the end of the reply), emptied."""
        rest, self._pending = self._pending.strip(), ""
        return rest
