"""How complete a candidate's answer is: which expected aspects it covered and which it lacked.

Deterministic cue matching (data: `answer_cues.json`). It is deliberately modest: it decides whether to probe
for specifics, the candidate's own part, the outcome or the reasoning, never whether the answer is right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from agent.brain.phases import Phase

AnswerQuality = Literal["empty", "vague", "partial", "complete", "rambling"]


@dataclass(frozen=True)
class AnswerAssessment:
    quality: AnswerQuality
    covered: tuple[str, ...]
    lacked: tuple[str, ...]
    word_count: int

    @property
    def needs_follow_up(self) -> bool:
        return self.quality in ("empty", "vague", "partial") and bool(self.lacked)


class AnswerCues:
    def __init__(self, data: dict[str, Any]) -> None:
        self.min_words = int(data.get("min_words", 8))
        self.rambling_words = int(data.get("rambling_words", 170))
        self.expected: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["expected"].items()}
        self.aspects: dict[str, list[re.Pattern[str]]] = {
            name: [re.compile(p, re.IGNORECASE) for p in pats] for name, pats in data["aspects"].items()
        }

    def notable_detail(self, text: str) -> str | None:
        """A named technology the candidate mentioned (as they capitalised it), to refer back to."""
        for pattern in self.aspects.get("specifics", []):
            for match in pattern.finditer(text):
                word = match.group(0)
                if word[:1].isupper() and len(word) > 2:
                    return word
        return None

    def covers(self, text: str, aspect: str) -> bool:
        return any(p.search(text) for p in self.aspects.get(aspect, []))

    def assess(self, text: str, phase: Phase) -> AnswerAssessment:
        words = len(text.split())
        expected = self.expected.get(phase, ())
        covered = tuple(a for a in expected if self.covers(text, a))
        lacked = tuple(a for a in expected if a not in covered)
        quality: AnswerQuality
        if words == 0:
            quality = "empty"
        elif words >= self.rambling_words:
            quality = "rambling"
        elif words < self.min_words:
            quality = "vague"
            lacked = lacked or ("depth",)
        elif not lacked:
            quality = "complete"
        elif len(lacked) == 1 and len(expected) > 1:
            quality = "partial"
        else:
            quality = "vague"
        return AnswerAssessment(quality=quality, covered=covered, lacked=lacked, word_count=words)


def mentioned_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The terms (skills, topics) named in `text` as whole words, case-insensitively."""
    found = []
    for term in terms:
        if term and re.search(r"(?<![\w+#])" + re.escape(term) + r"(?![\w+#])", text, re.IGNORECASE):
            found.append(term)
    return found
