"""What the candidate wants from a turn, when it is not simply an answer.

Recognised by patterns kept as data (`prompts/interviewer/<version>/intents.json`); the brain, not the LLM,
decides what each intent does to the interview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Intent(StrEnum):
    ANSWER = "answer"
    STOP = "stop"
    ABUSIVE = "abusive"
    REPEAT = "repeat"
    CLARIFY = "clarify"
    MOVE_ON = "move_on"
    HINT = "hint"
    THINK = "think"
    DONT_KNOW = "dont_know"
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True)
class DetectedIntent:
    intent: Intent
    term: str | None = None  # for CLARIFY: the word or phrase the candidate asked about


_FILLER_TERMS = {"that", "this", "it", "you", "the question", "your question"}


class IntentLexicon:
    """Compiled intent patterns; `detect` is deterministic and does no I/O."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.short_turn_words = int(data.get("short_turn_words", 22))
        self.precedence = [Intent(name) for name in data["precedence"]]
        self.short_only = {Intent(name) for name in data.get("short_only", [])}
        self.patterns: dict[Intent, list[re.Pattern[str]]] = {
            Intent(name): [re.compile(p, re.IGNORECASE) for p in pats]
            for name, pats in data["patterns"].items()
        }

    def detect(self, text: str) -> DetectedIntent:
        cleaned = " ".join(text.strip().split())
        if not cleaned:
            return DetectedIntent(Intent.ANSWER)
        short = len(cleaned.split()) <= self.short_turn_words
        for intent in self.precedence:
            if intent in self.short_only and not short:
                continue
            for pattern in self.patterns.get(intent, []):
                match = pattern.search(cleaned)
                if match is None:
                    continue
                return DetectedIntent(intent, _term(match) if intent is Intent.CLARIFY else None)
        return DetectedIntent(Intent.ANSWER)


def _term(match: re.Match[str]) -> str | None:
    term = match.groupdict().get("term")
    if not term:
        return None
    term = term.strip(" ?.!,").strip()
    if term.lower() in _FILLER_TERMS:
        return None
    return term or None
