"""Countable signals in what a candidate said: fillers, reasons, examples, technical terms, numbers.

Phrase lists come from the rubric; matching is on word boundaries over lower-cased text, so "index" does not
fire inside "indexing" unless the rubric lists it, and "um" does not fire inside "umbrella".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from api.feedback.evidence import normalise_for_match, sentences

_WORD = re.compile(r"[a-z0-9][a-z0-9'+#.\-]*")
_QUANTITY = re.compile(
    r"(?<![a-z(])\d+(?:[.,]\d+)?\s*(?:%|percent|ms|milliseconds|seconds|minutes|hours|days|weeks|x\b|k\b|gb|mb|tb"
    r"|users|requests|rps|qps|million|thousand|times|engineers|people|services|rows|nodes)?"
)


@lru_cache(maxsize=256)
def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of `phrases` on word boundaries, longest first (so "event loop" wins over
    "loop" at the same place). A trailing "s"/"es" also matches ("rollout" finds "rollouts")."""

    def alternative(phrase: str) -> str:
        return re.escape(phrase) + (r"(?:s|es)?" if phrase[-1:].isalnum() else "")

    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(alternative, ordered)) + r")(?![a-z0-9])")


def count_phrases(text: str, phrases: tuple[str, ...]) -> int:
    """Non-overlapping occurrences of any of `phrases` in already-normalised `text`."""
    return len(_alternation(phrases).findall(text)) if phrases else 0


def distinct_phrases(text: str, phrases: tuple[str, ...]) -> frozenset[str]:
    """Which of `phrases` occur (a plural occurrence counts for its singular phrase)."""
    if not phrases:
        return frozenset()
    known = set(phrases)
    found = set()
    for match in _alternation(phrases).finditer(text):
        word = match.group(0)
        for candidate in (word, word[:-1], word[:-2]):
            if candidate in known:
                found.add(candidate)
                break
    return frozenset(found)


def outermost(terms: frozenset[str]) -> frozenset[str]:
    """Drop terms contained in a longer matched term: "event loop" counts once, not also as "loop"."""
    return frozenset(t for t in terms if not any(t != other and t in other for other in terms))


def word_count(text: str) -> int:
    return len(_WORD.findall(normalise_for_match(text)))


@dataclass(frozen=True)
class AnswerSignals:
    words: int  # content words (fillers removed)
    spoken_words: int  # every word as spoken, fillers included
    fillers: int
    vague: int
    non_answers: int
    reasoning: int
    examples: int
    structure: int
    approach: int
    edge_cases: int
    complexity: int
    testing: int
    debugging: int
    quantities: int
    technical_hits: int
    technical_terms: frozenset[str]
    longest_sentence_words: int
    mean_sentence_words: float

    @property
    def filler_rate(self) -> float:
        return self.fillers / self.spoken_words if self.spoken_words else 0.0

    @property
    def vague_rate(self) -> float:
        return self.vague / self.words if self.words else 0.0

    @property
    def term_density(self) -> float:
        """Technical-term hits per 100 words."""
        return 100.0 * self.technical_hits / self.words if self.words else 0.0


def without_fillers(norm: str, fillers: tuple[str, ...]) -> str:
    """The content of normalised text: fillers and commas removed, so "I, uh, ran" reads as "i ran"."""
    content = _alternation(fillers).sub(" ", norm) if fillers else norm
    return " ".join(content.replace(",", " ").split())


def read_signals(
    text: str, lexicon: dict[str, tuple[str, ...]], extra_terms: Iterable[str] = ()
) -> AnswerSignals:
    """Signals of one answer. Fillers are counted on the words as spoken; everything else is read from the
    content without fillers, so hesitation costs communication but not technical substance."""
    norm = normalise_for_match(text)
    content = without_fillers(norm, lexicon["filler"])
    terms = tuple(lexicon["technical"]) + tuple(t.lower() for t in extra_terms)
    lengths = [len(_WORD.findall(sentence)) for sentence in sentences(content)]
    spoken_words = len(_WORD.findall(norm))
    return AnswerSignals(
        words=len(_WORD.findall(content)),
        spoken_words=spoken_words,
        fillers=count_phrases(norm, lexicon["filler"]),
        vague=count_phrases(content, lexicon["vague"]),
        non_answers=count_phrases(content, lexicon["non_answer"]),
        reasoning=count_phrases(content, lexicon["reasoning"]),
        examples=count_phrases(content, lexicon["example"]),
        structure=count_phrases(content, lexicon["structure"]),
        approach=count_phrases(content, lexicon["approach"]),
        edge_cases=count_phrases(content, lexicon["edge_case"]),
        complexity=count_phrases(content, lexicon["complexity"]),
        testing=count_phrases(content, lexicon["testing"]),
        debugging=count_phrases(content, lexicon["debugging"]),
        quantities=len(_QUANTITY.findall(content)),
        technical_hits=count_phrases(content, terms),
        technical_terms=outermost(distinct_phrases(content, terms)),
        longest_sentence_words=max(lengths, default=0),
        mean_sentence_words=sum(lengths) / len(lengths) if lengths else 0.0,
    )


def saturate(value: float, at: float) -> float:
    """value/at clipped to [0, 1]: how far towards 'enough' a count has come."""
    return max(0.0, min(1.0, value / at)) if at > 0 else 0.0
