"""Interview phases, their order, and the budgets that decide when a phase ends.

Every default budget lives here, once. An interview may override any of them (`InterviewBudgets.from_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

Phase = Literal["greeting", "resume", "technical", "coding", "behavioral", "closing", "done"]
PHASE_ORDER: tuple[Phase, ...] = (
    "greeting",
    "resume",
    "technical",
    "coding",
    "behavioral",
    "closing",
    "done",
)
# Phases whose questions come from the question plan (or the default question bank).
QUESTION_PHASES: tuple[Phase, ...] = ("resume", "technical", "behavioral")


def next_phase(phase: Phase) -> Phase:
    """The phase after `phase` in the fixed interview order (`done` stays `done`)."""
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[min(index + 1, len(PHASE_ORDER) - 1)]


def as_phase(value: str) -> Phase:
    if value not in PHASE_ORDER:
        raise ValueError(f"unknown phase {value!r}")
    return cast(Phase, value)


@dataclass(frozen=True)
class PhaseBudget:
    """How much of the interview one phase may take: primary questions (follow-ups excluded) and seconds."""

    max_questions: int
    max_seconds: float


def _default_phase_budgets() -> dict[Phase, PhaseBudget]:
    return {
        "greeting": PhaseBudget(max_questions=1, max_seconds=120),
        "resume": PhaseBudget(max_questions=3, max_seconds=8 * 60),
        "technical": PhaseBudget(max_questions=3, max_seconds=10 * 60),
        "coding": PhaseBudget(max_questions=1, max_seconds=20 * 60),
        "behavioral": PhaseBudget(max_questions=2, max_seconds=6 * 60),
        "closing": PhaseBudget(max_questions=1, max_seconds=3 * 60),
    }


@dataclass(frozen=True)
class InterviewBudgets:
    """All the numbers that bound an interview. Defaults are the product's; an interview may override them."""

    phases: dict[Phase, PhaseBudget] = field(default_factory=_default_phase_budgets)
    # A vague answer gets at most this many probes before the interview moves on.
    max_follow_ups_per_question: int = 1
    # Coding: a hint is offered after this long without a submission, or after this many failed runs in a row.
    hint_after_seconds: float = 4 * 60
    hint_after_failures: int = 2
    # After "let me think", silence shorter than this is left alone.
    think_grace_seconds: float = 90
    # Unanswered nudges after which the interviewer moves on from the question.
    max_silence_nudges: int = 2
    # Abusive turns after which the interview is closed early.
    max_abusive_turns: int = 3
    # The candidate's name is spoken at most once every this many agent turns.
    name_every_turns: int = 4

    def for_phase(self, phase: Phase) -> PhaseBudget:
        return self.phases.get(phase, PhaseBudget(max_questions=0, max_seconds=0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "phases": {
                p: {"max_questions": b.max_questions, "max_seconds": b.max_seconds}
                for p, b in self.phases.items()
            },
            "max_follow_ups_per_question": self.max_follow_ups_per_question,
            "hint_after_seconds": self.hint_after_seconds,
            "hint_after_failures": self.hint_after_failures,
            "think_grace_seconds": self.think_grace_seconds,
            "max_silence_nudges": self.max_silence_nudges,
            "max_abusive_turns": self.max_abusive_turns,
            "name_every_turns": self.name_every_turns,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> InterviewBudgets:
        """Defaults overridden by whatever `data` names; unknown phases or keys are rejected."""
        base = cls()
        if not data:
            return base
        phases = dict(base.phases)
        for name, raw in (data.get("phases") or {}).items():
            phase = as_phase(name)
            old = phases.get(phase, PhaseBudget(0, 0))
            phases[phase] = PhaseBudget(
                max_questions=int(raw.get("max_questions", old.max_questions)),
                max_seconds=float(raw.get("max_seconds", old.max_seconds)),
            )
        scalars = {k: v for k, v in data.items() if k != "phases"}
        known = set(base.to_dict()) - {"phases"}
        unknown = set(scalars) - known
        if unknown:
            raise ValueError(f"unknown budget keys: {sorted(unknown)}")
        typed: dict[str, Any] = {
            k: (int(v) if isinstance(getattr(base, k), int) else float(v)) for k, v in scalars.items()
        }
        return replace(base, phases=phases, **typed)
