"""The question plan: what the interviewer should talk about with *this* candidate for *this* job.

Built from the resume analysis and the job description (see `planner.py`), stored with the interview when it
starts, and consumed by the agent's brain. Pure data: no I/O, JSON-serialisable both ways.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PlanItemKind = Literal["resume_deep_dive", "matched_skill", "missing_skill", "general"]
PlanPhase = Literal["resume", "technical", "behavioral"]
PlanSource = Literal["resume", "job_description", "default"]
Level = Literal["junior", "mid", "senior"]
Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True)
class PlanItem:
    """One thing to probe. The brain words the question; the plan says what and why.

    `citation` is the verbatim resume line or job-description phrase the item came from (None for defaults).
    `skill` is the canonical taxonomy name (e.g. "PostgreSQL") when the item is about a skill.
    `topic` is a short noun phrase the question is about (a project, a highlight, a skill area).
    """

    id: str
    kind: PlanItemKind
    phase: PlanPhase
    topic: str
    source: PlanSource
    skill: str | None = None
    citation: str | None = None
    priority: int = 0  # lower first within a phase

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanItem:
        return cls(
            id=str(data["id"]),
            kind=data["kind"],
            phase=data["phase"],
            topic=str(data["topic"]),
            source=data["source"],
            skill=data.get("skill"),
            citation=data.get("citation"),
            priority=int(data.get("priority", 0)),
        )


@dataclass(frozen=True)
class QuestionPlan:
    """An ordered plan. `items` are sorted by phase order, then priority."""

    level: Level
    role: str | None
    candidate_name: str | None
    items: tuple[PlanItem, ...]
    problem_difficulty: Difficulty
    problem_tags: tuple[str, ...] = ()
    skills_matched: tuple[str, ...] = ()
    skills_missing: tuple[str, ...] = ()
    version: int = 1
    notes: tuple[str, ...] = field(default=())

    def for_phase(self, phase: PlanPhase) -> list[PlanItem]:
        return sorted((i for i in self.items if i.phase == phase), key=lambda i: i.priority)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["items"] = [asdict(i) for i in self.items]
        for key in ("problem_tags", "skills_matched", "skills_missing", "notes"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionPlan:
        return cls(
            level=data["level"],
            role=data.get("role"),
            candidate_name=data.get("candidate_name"),
            items=tuple(PlanItem.from_dict(i) for i in data.get("items", [])),
            problem_difficulty=data.get("problem_difficulty", "medium"),
            problem_tags=tuple(data.get("problem_tags", ())),
            skills_matched=tuple(data.get("skills_matched", ())),
            skills_missing=tuple(data.get("skills_missing", ())),
            version=int(data.get("version", 1)),
            notes=tuple(data.get("notes", ())),
        )
