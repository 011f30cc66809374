"""The scorecard: four dimension scores, the per-skill breakdown, the overall score and the narrative.

`score_interview` is the deterministic judge. `api.feedback.judgement.merge_judgements` folds verified LLM
judgements into the same shape, so both judges produce one result type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.feedback.coverage import skill_breakdown
from api.feedback.evidence import DimensionScore, InterviewRecord
from api.feedback.narrative import load_templates, write_narrative
from api.feedback.rubric import DIMENSIONS, Rubric, load_rubric
from api.feedback.scoring import (
    overall_score,
    score_code_quality,
    score_communication,
    score_problem_solving,
    score_technical,
)
from api.resumes.taxonomy import SkillTaxonomy, load_taxonomy

RUBRIC_JUDGE = "rubric"


@dataclass(frozen=True)
class Scorecard:
    dimensions: dict[str, DimensionScore]
    skills: dict[str, DimensionScore]
    overall: float | None
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    summary: str
    rubric_version: str
    prompt_version: str
    judge: str = RUBRIC_JUDGE
    dropped_judgements: int = field(default=0)

    def score(self, dimension: str) -> float | None:
        return self.dimensions[dimension].score

    def breakdown(self) -> dict[str, dict[str, Any]]:
        entries = {name: result.to_dict() for name, result in self.dimensions.items()}
        for skill, result in self.skills.items():
            key = skill if skill not in entries else f"{skill} (skill)"
            entries[key] = result.to_dict()
        return entries

    def to_feedback(self) -> dict[str, Any]:
        """The API's `feedback` object (plus `prompt_version` and `judge`).

        `skill_breakdown` holds the evidence of the four dimension scores under their own names
        ("communication", "technical", "problem_solving", "code_quality") next to one entry per plan skill, so
        every number in the object can be traced from the object itself.
        """

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "overall_score": rounded(self.overall),
            "communication_score": rounded(self.score("communication")),
            "technical_score": rounded(self.score("technical")),
            "problem_solving_score": rounded(self.score("problem_solving")),
            "code_quality_score": rounded(self.score("code_quality")),
            "skill_breakdown": self.breakdown(),
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "summary": self.summary,
            "rubric_version": self.rubric_version,
            "prompt_version": self.prompt_version,
            "judge": self.judge,
        }


def score_dimensions(record: InterviewRecord, rubric: Rubric) -> dict[str, DimensionScore]:
    return {
        "communication": score_communication(record, rubric),
        "technical": score_technical(record, rubric),
        "problem_solving": score_problem_solving(record, rubric),
        "code_quality": score_code_quality(record, rubric),
    }


def assemble_scorecard(
    record: InterviewRecord,
    dimensions: dict[str, DimensionScore],
    skills: dict[str, DimensionScore],
    rubric: Rubric,
    *,
    prompt_version: str,
    judge: str = RUBRIC_JUDGE,
    dropped_judgements: int = 0,
) -> Scorecard:
    """Overall score and narrative from already computed dimension and skill scores."""
    if set(dimensions) != set(DIMENSIONS):
        raise ValueError(f"dimensions must be exactly {DIMENSIONS}")
    overall = overall_score({k: v.score for k, v in dimensions.items()}, rubric.overall_weights)
    narrative = write_narrative(record, dimensions, skills, overall, rubric)
    return Scorecard(
        dimensions=dimensions,
        skills=skills,
        overall=overall,
        strengths=narrative.strengths,
        improvements=narrative.improvements,
        summary=narrative.summary,
        rubric_version=rubric.version,
        prompt_version=prompt_version,
        judge=judge,
        dropped_judgements=dropped_judgements,
    )


def score_interview(
    record: InterviewRecord, rubric: Rubric | None = None, taxonomy: SkillTaxonomy | None = None
) -> Scorecard:
    """The deterministic rubric judge: works offline, same input → same scorecard."""
    rubric = rubric or load_rubric()
    return assemble_scorecard(
        record,
        score_dimensions(record, rubric),
        skill_breakdown(record, rubric, taxonomy or load_taxonomy()),
        rubric,
        prompt_version=str(load_templates()["version"]),
    )
