"""The questions an interview can ask, per phase: the question plan's items first, then the default bank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from agent.brain.phases import Phase, as_phase
from api.resumes.plan import PlanItem, PlanPhase, QuestionPlan


@dataclass(frozen=True)
class QuestionSpec:
    """One primary question. `key` is unique in an interview; `source` is where it came from
    ("resume", "job_description" or "default"); `kind` is the plan item kind or "general"/"closing"."""

    key: str
    phase: Phase
    kind: str
    topic: str
    source: str
    skill: str | None = None
    citation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "phase": self.phase,
            "kind": self.kind,
            "topic": self.topic,
            "source": self.source,
            "skill": self.skill,
            "citation": self.citation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionSpec:
        return cls(
            key=str(data["key"]),
            phase=as_phase(data["phase"]),
            kind=str(data["kind"]),
            topic=str(data["topic"]),
            source=str(data["source"]),
            skill=data.get("skill"),
            citation=data.get("citation"),
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """Words that, said by the candidate, show this question's subject already came up."""
        return tuple(t for t in (self.skill,) if t)


def from_plan_item(item: PlanItem) -> QuestionSpec:
    return QuestionSpec(
        key=f"plan:{item.id}",
        phase=item.phase,
        kind=item.kind,
        topic=item.topic,
        source=item.source,
        skill=item.skill,
        citation=item.citation,
    )


def build_question_bank(
    plan: QuestionPlan, defaults: dict[str, list[dict[str, Any]]], min_per_phase: dict[Phase, int]
) -> dict[Phase, list[QuestionSpec]]:
    """Plan items in plan order, topped up from the default bank to one more than each phase's budget
    (one spare, for when a planned question turns out to be already answered)."""
    bank: dict[Phase, list[QuestionSpec]] = {}
    for phase_name in ("resume", "technical", "behavioral", "closing"):
        phase = as_phase(phase_name)
        questions = (
            [from_plan_item(i) for i in plan.for_phase(cast(PlanPhase, phase_name))]
            if phase_name != "closing"
            else []
        )
        for raw in defaults.get(phase_name, []):
            if len(questions) > max(min_per_phase.get(phase, 0), 1) and phase_name != "closing":
                break
            questions.append(
                QuestionSpec(
                    key=f"default:{raw['id']}",
                    phase=phase,
                    kind=str(raw.get("kind", "general")),
                    topic=str(raw["topic"]),
                    source="default",
                )
            )
        bank[phase] = questions
    return bank
