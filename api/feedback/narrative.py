"""Strengths, improvements and the summary, worded from templates and driven only by the scores and evidence.

A dimension is praised only when its score is in the rubric's top band and criticised only when it is
below the top band, so the words can never contradict the numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from api.feedback.answers import carries_substance
from api.feedback.code_metrics import analyze_code
from api.feedback.evidence import DimensionScore, Evidence, InterviewRecord, Submission, normalise_for_match
from api.feedback.rubric import DIMENSIONS, PROMPTS_DIR, Rubric
from api.feedback.signals import count_phrases

DEFAULT_NARRATIVE_FILE = "narrative_v2.json"
MAX_SKILL_LINES = 2


@lru_cache(maxsize=4)
def load_templates(filename: str = DEFAULT_NARRATIVE_FILE) -> dict[str, Any]:
    with (PROMPTS_DIR / filename).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass(frozen=True)
class Narrative:
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    summary: str


def _first(evidence: tuple[Evidence, ...], kind: str) -> Evidence | None:
    return next((e for e in evidence if e.kind == kind), None)


def _last(evidence: tuple[Evidence, ...], kind: str) -> Evidence | None:
    """The weakest turn in the evidence: scorers list best first, then worst."""
    turns = [e for e in evidence if e.kind == kind]
    return turns[1] if len(turns) > 1 else (turns[0] if turns else None)


def code_findings(
    submission: Submission, rubric: Rubric, templates: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """(problems, merits) of a submission, each a short clause naming a measured fact."""
    cfg, words = rubric.section("code_quality"), templates["code_findings"]
    metrics = analyze_code(submission.code, submission.language)
    problems: list[str] = []
    merits: list[str] = []
    if submission.tests_total and submission.tests_passed < submission.tests_total:
        problems.append(words["tests"].format(passed=submission.tests_passed, total=submission.tests_total))
    elif submission.tests_total:
        merits.append(words["all_tests_pass"].format(total=submission.tests_total))
    if not submission.ran_cleanly:
        timeout = ", timed out" if submission.timed_out else ""
        problems.append(words["crashed"].format(exit_code=submission.exit_code, timeout=timeout))
    if metrics.max_ccn > cfg["ccn_good"]:
        problems.append(words["complexity"].format(ccn=metrics.max_ccn))
    else:
        merits.append(words["clean_structure"].format(ccn=metrics.max_ccn))
    if metrics.max_function_nloc > cfg["function_nloc_good"]:
        problems.append(words["function_size"].format(nloc=metrics.max_function_nloc))
    allow = frozenset(cfg["short_name_allowlist"])
    vague = [n for n in metrics.identifiers if len(n) < 3 and n not in allow]
    if vague:
        problems.append(words["naming"].format(names=", ".join(f"'{n}'" for n in vague[:4])))
    if not metrics.has_error_handling:
        problems.append(words["error_handling"])
    return problems, merits


def _dimension_lines(
    name: str, result: DimensionScore, record: InterviewRecord, rubric: Rubric, templates: dict[str, Any]
) -> tuple[str | None, str | None]:
    if result.score is None:
        return None, None
    band = rubric.band_of(result.score)
    if name == "code_quality":
        final = next(s for s in reversed(record.submissions) if any(e.ref == s.id for e in result.evidence))
        problems, merits = code_findings(final, rubric, templates)
        if band == "high":
            return templates["strength"][name].format(ref=final.id, detail="".join(merits)), None
        detail = "; ".join(problems) or "its structure and naming can be tightened"
        return None, templates["improvement"][name].format(ref=final.id, detail=detail)
    if band == "high":
        best = _first(result.evidence, "turn")
        return (templates["strength"][name].format(quote=best.quote, ref=best.ref) if best else None), None
    worst = _last(result.evidence, "turn")
    if worst is None:
        return None, templates["improvement"].get(f"{name}_no_talk")
    return None, templates["improvement"][name].format(quote=worst.quote, ref=worst.ref)


def _summary(
    scores: Mapping[str, float | None], overall: float | None, rubric: Rubric, t: dict[str, Any]
) -> str:
    words = t["summary"]
    if overall is None:
        return str(words["no_scores"])
    groups: dict[str, list[str]] = {"high": [], "mid": [], "low": []}
    missing = [t["labels"][d] for d in DIMENSIONS if scores.get(d) is None]
    for dim in DIMENSIONS:
        score = scores.get(dim)
        if score is not None:
            groups[rubric.band_of(score)].append(t["labels"][dim])
    # Both the number and the verdict are read from the value as stored (rounded to 3 decimals), and the
    # number is shown to 2 decimals rounding half up on its decimal digits: a stored 0.685 reads "0.69" and
    # 0.125 reads "0.13" (binary floats and round-half-even would say 0.68 / 0.12), and a computed 0.3996,
    # stored as 0.4, gets the verdict of 0.4's band.
    stored = round(overall, 3)
    verdict = words["verdict"][rubric.band_of(stored)]
    opening = words["opening_partial"] if missing else words["opening"]
    shown = str(Decimal(str(stored)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    parts = [opening.format(overall=shown, verdict=verdict, scored=len(DIMENSIONS) - len(missing))]
    for band, key in (("high", "strong"), ("mid", "adequate"), ("low", "weak")):
        if groups[band]:
            parts.append(words[key].format(dims=", ".join(groups[band])))
    if missing:
        parts.append(
            words["missing"].format(dims=", ".join(missing), it_or_they="it" if len(missing) == 1 else "they")
        )
    return " ".join(parts)


def write_narrative(
    record: InterviewRecord,
    dimensions: Mapping[str, DimensionScore],
    skills: Mapping[str, DimensionScore],
    overall: float | None,
    rubric: Rubric,
    templates: dict[str, Any] | None = None,
) -> Narrative:
    t = templates or load_templates()
    strengths: list[str] = []
    improvements: list[str] = []
    for name in DIMENSIONS:
        good, bad = _dimension_lines(name, dimensions[name], record, rubric, t)
        strengths += [good] if good else []
        improvements += [bad] if bad else []
    ranked = sorted(((s.score, k, s) for k, s in skills.items() if s.score is not None), key=lambda x: -x[0])
    for score, skill, result in ranked[:MAX_SKILL_LINES]:
        best = _first(result.evidence, "turn")
        if best and rubric.band_of(score) == "high":
            strengths.append(t["skill_strength"].format(skill=skill, quote=best.quote, ref=best.ref))
    for score, skill, result in ranked[::-1][:MAX_SKILL_LINES]:
        worst = _last(result.evidence, "turn")
        if worst and rubric.band_of(score) == "low":
            # An answer that is essentially "I don't know" did not lack specifics: it said the skill is new to
            # them. One that says "I don't remember the exact numbers, but we sharded ..." did lack them.
            unknown = count_phrases(
                normalise_for_match(worst.quote), rubric.lexicon["non_answer"]
            ) > 0 and not carries_substance(worst.quote, rubric)
            line = t["skill_unknown" if unknown else "skill_improvement"]
            improvements.append(line.format(skill=skill, quote=worst.quote, ref=worst.ref))
    scores = {k: v.score for k, v in dimensions.items()}
    return Narrative(tuple(strengths), tuple(improvements), _summary(scores, overall, rubric, t))
