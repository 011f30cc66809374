"""The scorecard as the console shows it when an interview ends: the scores, each with its strongest quote,
the skills with theirs, strengths, what to improve, and the summary. `scorecard_text` is pure (the API's
feedback object in, text out); `console_scorecard` reads the stored feedback for it."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from api.feedback.narrative import load_templates
from api.feedback.rubric import DIMENSIONS
from api.feedback.service import feedback_to_dict
from api.models import Feedback, Interview

QUOTE_CHARS = 100


@functools.cache
def _dimension_labels() -> dict[str, str]:
    """The narrative's names for the rubric's dimensions ("technical depth"), capitalised for a heading."""
    labels = load_templates()["labels"]
    return {name: labels[name][:1].upper() + labels[name][1:] for name in DIMENSIONS}


def _score(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else "no evidence"


def _first_quote(entry: Any) -> str | None:
    evidence = entry.get("evidence") if isinstance(entry, Mapping) else None
    item = evidence[0] if isinstance(evidence, list) and evidence else None
    if not isinstance(item, Mapping) or not item.get("quote"):
        return None
    quote = " ".join(str(item["quote"]).split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
    return f'"{quote}" ({item.get("kind", "turn")} {item.get("ref", "?")})'


def _scored_line(label: str, score: Any, entry: Any, width: int) -> list[str]:
    quote = _first_quote(entry) if isinstance(score, int | float) else None  # no score, nothing to back
    return [f"  {label:<{width}} {_score(score)}"] + ([f"      {quote}"] if quote else [])


def scorecard_text(feedback: Mapping[str, Any], interview_id: int) -> str:
    breakdown: Mapping[str, Any] = feedback.get("skill_breakdown") or {}
    rubric, judge = feedback.get("rubric_version"), feedback.get("judge")
    lines = [
        f"Scorecard for interview {interview_id} ({rubric}, judge: {judge})",
        f"  {'Overall':<16} {_score(feedback.get('overall_score'))}",
    ]
    for name, label in _dimension_labels().items():
        lines += _scored_line(label, feedback.get(f"{name}_score"), breakdown.get(name), 16)
    skills = {name: entry for name, entry in breakdown.items() if name not in DIMENSIONS}
    if skills:
        lines.append("Skills")
        width = max(16, *(len(name) for name in skills))
        for name, entry in skills.items():
            score = entry.get("score") if isinstance(entry, Mapping) else None
            lines += _scored_line(name, score, entry, width)
    for heading, key in (("Strengths", "strengths"), ("To improve", "improvements")):
        items = feedback.get(key) or []
        if items:
            lines += [heading, *(f"  - {item}" for item in items)]
    if feedback.get("summary"):
        lines += ["Summary", f"  {feedback['summary']}"]
    lines.append(f"The API serves it too: GET /api/v1/interviews/{interview_id}")
    return "\n".join(lines)


async def console_scorecard(interview_id: int) -> str:
    """The stored scorecard as text, or why there is none (generation failed: rescoring retries it)."""
    feedback = await Feedback.get_or_none(interview_id=interview_id)
    if feedback is not None:
        return scorecard_text(feedback_to_dict(feedback), interview_id)
    interview = await Interview.get_or_none(id=interview_id)
    reason = interview.feedback_error if interview and interview.feedback_error else "it was not generated"
    return (
        f"No scorecard for interview {interview_id}: {reason}. "
        f"POST /api/v1/interviews/{interview_id}/feedback/rescore writes it again."
    )
