"""Turning resume lines into short speakable topics for the question plan.

The brain speaks a topic inside a template ("Your resume mentions {topic}."), trimmed to twelve words, so a
topic is a noun phrase: "Led migration of the billing service from MySQL to PostgreSQL, cutting latency 40%"
becomes "leading migration of the billing service from MySQL to PostgreSQL".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

PLAN_DATA_PATH = Path(__file__).with_name("resources") / "plan.json"
TOPIC_MAX_WORDS = 12
_CLAUSE_END = re.compile(r"\s*(?:,(?!\d{3})|[;:(]|\s[—–-]\s|\.\s|\.$)")  # "1,200 jobs" is one clause
_DANGLING = {
    "a", "an", "the", "and", "or", "to", "of", "for", "with", "by", "in", "on", "at", "from", "into", "via",
    "that", "which", "while", "across", "using", "over", "per", "as",
}  # fmt: skip


@lru_cache(maxsize=1)
def plan_data() -> dict[str, Any]:
    with PLAN_DATA_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def first_clause(text: str, max_words: int) -> str:
    """The text up to its first comma, colon, dash or full stop, at most `max_words`, no dangling 'of'."""
    clause = _CLAUSE_END.split(text.strip(), maxsplit=1)[0].strip()
    words = clause.split()[:max_words]
    while words and words[-1].lower().strip(".,") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(".,;:")


def _leading_verb(words: list[str]) -> tuple[str, int] | None:
    """The gerund of the highlight's opening verb ("Led" -> "leading") and how many words it spans."""
    verbs: dict[str, str] = plan_data()["highlight_verbs"]
    for span in (3, 2, 1):
        phrase = " ".join(words[:span]).lower()
        if phrase in verbs:
            return verbs[phrase], span
    return None


def highlight_topic(highlight: str) -> str:
    """A noun phrase for a deep-dive question about one resume highlight."""
    words = highlight.split()
    verb = _leading_verb(words)
    if verb is None:
        return first_clause(highlight, TOPIC_MAX_WORDS)
    gerund, span = verb
    rest = first_clause(" ".join(words[span:]), TOPIC_MAX_WORDS - 1)
    return f"{gerund} {rest}".strip()


def past_tense_clause(highlight: str, max_words: int) -> str | None:
    """'Mentored 4 engineers, ...' -> 'mentored 4 engineers' (for "the time you ..."); None without a verb."""
    words = highlight.split()
    verb = _leading_verb(words)
    if verb is None:
        return None
    clause = first_clause(highlight, max_words)
    return clause[:1].lower() + clause[1:] if clause else None


def skill_topic(skill: str, category: str | None) -> str:
    """What to talk about for a skill: its own topic when the data has one, else its category's."""
    own: dict[str, str] = plan_data()["skill_topics"]
    if skill in own:
        return own[skill]
    templates: dict[str, str] = plan_data()["skill_topic_by_category"]
    template = templates.get(category or "", "{skill} in practice")
    return template.format(skill=skill)
