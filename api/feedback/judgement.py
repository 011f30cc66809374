"""LLM judgements: the prompt, parsing the reply, verifying quotes, and folding them into the scorecard.

Pure: no network here (the HTTP call is `api.feedback.llm_judge`). A judgement counts only if its quote is
found word for word in the candidate turn it names; anything else is dropped, never repaired.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from api.feedback.answers import answer_turns
from api.feedback.evidence import DimensionScore, Evidence, InterviewRecord, clip_quote, quote_occurs
from api.feedback.rubric import DIMENSIONS, PROMPTS_DIR, Rubric

JUDGE_PROMPT_FILE = "judge_v1.md"
JUDGE_PROMPT_VERSION = "judge-v1"
LLM_WEIGHT = 0.5  # share of a dimension score taken from verified LLM judgements when both judges have one
MAX_CODE_CHARS = 4000
_STRAIGHT_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


@dataclass(frozen=True)
class Judgement:
    dimension: str
    score: float
    turn_id: int
    quote: str
    rationale: str = ""


@lru_cache(maxsize=2)
def judge_template(filename: str = JUDGE_PROMPT_FILE) -> str:
    return (PROMPTS_DIR / filename).read_text(encoding="utf-8")


def build_judge_prompt(record: InterviewRecord) -> str:
    transcript = "\n".join(f"[turn {t.id}] {t.role} ({t.phase}): {t.text}" for t in record.turns)
    submissions = "\n\n".join(
        f"[submission {s.id}] {s.language}, tests {s.tests_passed}/{s.tests_total}, exit code {s.exit_code}"
        f"{', timed out' if s.timed_out else ''}\n{s.code[:MAX_CODE_CHARS]}"
        for s in record.submissions
    )
    skills = sorted({i.skill for i in record.plan.items if i.skill}) if record.plan else []
    return (
        judge_template()
        .replace("{skills}", ", ".join(skills) or "(none)")
        .replace("{transcript}", transcript or "(empty)")
        .replace("{submissions}", submissions or "(none)")
    )


def parse_judgements(reply: str) -> list[Judgement]:
    """Judgements from the model's reply; malformed items are skipped, a malformed reply yields none."""
    try:
        data = json.loads(_FENCE.sub("", reply.strip()))
    except json.JSONDecodeError:
        return []
    items = data.get("judgements") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return []
    found: list[Judgement] = []
    for item in items:
        parsed = _judgement_from(item)
        if parsed is not None:
            found.append(parsed)
    return found


def _judgement_from(item: Any) -> Judgement | None:
    if not isinstance(item, dict):
        return None
    try:
        return Judgement(
            dimension=str(item["dimension"]),
            score=float(item["score"]),
            turn_id=int(item["turn_id"]),
            quote=str(item["quote"]),
            rationale=str(item.get("rationale", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None


def verify_judgements(
    judgements: list[Judgement], record: InterviewRecord, rubric: Rubric
) -> tuple[list[Judgement], int]:
    """(kept, number dropped): kept ones name a dimension, score in [0, 1] and quote their turn verbatim,
    and that turn is an answer (a judgement on "Yes, ready." or a request to stop judges no skill)."""
    candidate_text = {t.id: t.text for t in answer_turns(record, rubric)}
    kept = [
        j
        for j in judgements
        if j.dimension in DIMENSIONS
        and 0.0 <= j.score <= 1.0
        and j.turn_id in candidate_text
        and quote_occurs(j.quote, candidate_text[j.turn_id])
    ]
    return kept, len(judgements) - len(kept)


def verbatim_span(quote: str, text: str) -> str:
    """The quote as the turn has it (original case and spacing): stored evidence is the turn's own words."""
    words = [re.escape(w) for w in quote.strip(" .,;:!?\"'").split()]
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    straight = text.translate(_STRAIGHT_QUOTES)  # same length, so match offsets index `text` too
    match = pattern.search(straight)
    return clip_quote(text[match.start() : match.end()]) if match else clip_quote(quote)


def merge_judgements(
    dimensions: dict[str, DimensionScore], kept: list[Judgement], record: InterviewRecord
) -> dict[str, DimensionScore]:
    """Blend verified LLM judgements into the rubric's scores; their quotes join the evidence."""
    text_of = {t.id: t.text for t in record.turns}
    merged = dict(dimensions)
    for name in DIMENSIONS:
        mine = [j for j in kept if j.dimension == name]
        if not mine:
            continue
        llm_score = sum(j.score for j in mine) / len(mine)
        base = dimensions[name]
        score = llm_score if base.score is None else (1 - LLM_WEIGHT) * base.score + LLM_WEIGHT * llm_score
        quotes = tuple(
            Evidence(kind="turn", ref=j.turn_id, quote=verbatim_span(j.quote, text_of[j.turn_id]))
            for j in mine
        )
        merged[name] = DimensionScore(score=score, evidence=base.evidence + quotes, notes=base.notes)
    return merged
