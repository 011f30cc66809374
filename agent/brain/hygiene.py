"""The speech-hygiene guard: every interviewer utterance passes through it, in both voices.

Spoken text must not carry markdown, code fences, bullet lists, raw URLs, JSON, internal phase names or
promises the product cannot keep; it asks at most one question, and names the candidate at most once every few
turns. Violations are repaired where possible (or the sentence is dropped) and always counted. The guard works
on a stream: it releases whole sentences as soon as they are complete, so speech can start early.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_FENCE = "```"
_FENCED_BLOCK = re.compile(r"```.*?```", re.DOTALL)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_JSON = re.compile(r"[\[{]\s*\"[^\"]*\"\s*:.*?[}\]]|\{\s*\}|\[\s*\]", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+", re.MULTILINE)
_HEADING = re.compile(r"^\s*#{1,6}\s*", re.MULTILINE)
_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_INLINE_CODE = re.compile(r"`([^`]*)`")
_TABLE = re.compile(r"\|")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass
class HygieneRules:
    phase_names: list[tuple[re.Pattern[str], str]]  # (pattern, replacement), applied in order
    internal_terms: re.Pattern[str]
    promises: list[re.Pattern[str]]
    fallback: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HygieneRules:
        return cls(
            phase_names=[
                (re.compile(rule["pattern"], re.IGNORECASE), str(rule["replacement"]))
                for rule in data["phase_names"]
            ],
            internal_terms=re.compile(data["internal_terms"], re.IGNORECASE),
            promises=[re.compile(p, re.IGNORECASE) for p in data["promises"]],
            fallback=str(data["fallback"]),
        )


class SpeechHygiene:
    """One per interview: holds the rules, the candidate's name policy and the running violation counts."""

    def __init__(
        self,
        rules: HygieneRules,
        *,
        candidate_name: str | None = None,
        name_every_turns: int = 4,
        name_last_turn: int | None = None,
    ) -> None:
        self.rules = rules
        first = (candidate_name or "").split()[0] if candidate_name and candidate_name.strip() else ""
        self._name = re.compile(r",?\s*\b" + re.escape(first) + r"\b,?", re.IGNORECASE) if first else None
        self.name_every_turns = name_every_turns
        self.name_last_turn = name_last_turn
        self.counts: Counter[str] = Counter()
        self.utterances = 0

    @property
    def total_violations(self) -> int:
        return sum(self.counts.values())

    def begin(self, turn: int) -> UtteranceGuard:
        self.utterances += 1
        return UtteranceGuard(self, turn)

    def clean(self, text: str, turn: int) -> str:
        """Repair one whole utterance at once (non-streaming use)."""
        guard = self.begin(turn)
        guard.feed(text)
        guard.finish()
        return guard.text

    def _name_allowed(self, turn: int) -> bool:
        return self.name_last_turn is None or turn - self.name_last_turn >= self.name_every_turns


@dataclass
class UtteranceGuard:
    """Repairs one utterance as its text streams in; `feed` and `finish` return the sentences to speak."""

    hygiene: SpeechHygiene
    turn: int
    violations: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)
    _buffer: str = ""
    _asked: bool = False
    _named: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.spoken)

    def feed(self, chunk: str) -> list[str]:
        self._buffer += chunk
        while _FENCED_BLOCK.search(self._buffer):
            self._violation("code_fence")
            self._buffer = _FENCED_BLOCK.sub(" ", self._buffer, count=1)
        ready: list[str] = []
        while True:
            # Never split inside a code fence that has not closed yet: the whole block goes at once.
            fence_at = self._buffer.find(_FENCE)
            searchable = self._buffer if fence_at < 0 else self._buffer[:fence_at]
            match = _SENTENCE_END.search(searchable)
            if match is None:
                return ready
            sentence, self._buffer = self._buffer[: match.end()], self._buffer[match.end() :]
            ready += self._repair(sentence)

    def finish(self) -> list[str]:
        rest, self._buffer = self._buffer, ""
        ready = self._repair(rest) if rest.strip() else []
        if not self.spoken:
            self._violation("rejected")
            ready.append(self.hygiene.rules.fallback)
            self.spoken.append(self.hygiene.rules.fallback)
        return ready

    def _violation(self, name: str) -> None:
        self.violations.append(name)
        self.hygiene.counts[name] += 1

    def _repair(self, raw: str) -> list[str]:
        text = self._strip_formatting(raw)
        rules = self.hygiene.rules
        for pattern, replacement in rules.phase_names:
            if pattern.search(text):
                self._violation("phase_name")
                text = pattern.sub(replacement, text)
        if rules.internal_terms.search(text):
            self._violation("internal_term")
            return []
        if any(p.search(text) for p in rules.promises):
            self._violation("promise")
            return []
        named_before = text
        text = self._apply_name_policy(text)
        text = " ".join(text.split())
        text = re.sub(r"\s+([,.!?;:])", r"\1", text).strip(" ,;")
        if not text or not re.search(r"\w", text):
            return []
        if "?" in text:
            if self._asked:
                self._violation("extra_question")
                return []
            self._asked = True
        if text != named_before.strip() and text[0].islower():  # the name was cut from the sentence start
            text = text[0].upper() + text[1:]
        self.spoken.append(text)
        return [text]

    def _strip_formatting(self, text: str) -> str:
        checks: list[tuple[str, re.Pattern[str], str]] = [
            ("code_fence", _FENCED_BLOCK, " "),
            ("json", _JSON, " "),
            ("url", _URL, "the link"),
            ("bullet_list", _BULLET, ""),
            ("markdown", _HEADING, ""),
            ("markdown", _QUOTE, ""),
            ("markdown", _INLINE_CODE, r"\1"),
            ("markdown", _EMPHASIS, r"\2"),
            ("markdown", _TABLE, " "),
        ]
        for name, pattern, replacement in checks:
            if pattern.search(text):
                self._violation(name)
                text = pattern.sub(replacement, text)
        if _FENCE in text:
            self._violation("code_fence")
            text = text.replace(_FENCE, " ")
        return text

    def _apply_name_policy(self, text: str) -> str:
        name_re = self.hygiene._name
        if name_re is None or not name_re.search(text):
            return text
        keep_first = not self._named and self.hygiene._name_allowed(self.turn)
        kept = False

        def repair(match: re.Match[str]) -> str:
            nonlocal kept
            if keep_first and not kept:
                kept = True
                return match.group(0)
            self._violation("name_overuse")
            return " "

        text = name_re.sub(repair, text)
        if kept:
            self._named = True
            self.hygiene.name_last_turn = self.turn
        return text
