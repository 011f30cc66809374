"""The brain's whole memory of an interview, serialisable so a restarted worker continues where it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.brain.phases import QUESTION_PHASES, InterviewBudgets, Phase, as_phase
from agent.brain.speech import short_topic

STATE_VERSION = 1


@dataclass
class AskedQuestion:
    """A primary question that was put to the candidate, and what the answers to it covered or lacked."""

    key: str
    phase: Phase
    source: str
    topic: str
    follow_ups: int = 0
    covered: list[str] = field(default_factory=list)
    lacked: list[str] = field(default_factory=list)
    quality: str | None = None
    skipped: bool = False  # the candidate asked to move on, or did not know
    on_topic: bool = False  # an answer talked about this question's own subject (its skill or topic words)
    detail: str | None = None  # a technology the candidate named in a substantive answer, in their spelling

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "phase": self.phase,
            "source": self.source,
            "topic": self.topic,
            "follow_ups": self.follow_ups,
            "covered": list(self.covered),
            "lacked": list(self.lacked),
            "quality": self.quality,
            "skipped": self.skipped,
            "on_topic": self.on_topic,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AskedQuestion:
        return cls(
            key=data["key"],
            phase=as_phase(data["phase"]),
            source=data["source"],
            topic=data["topic"],
            follow_ups=int(data.get("follow_ups", 0)),
            covered=list(data.get("covered", [])),
            lacked=list(data.get("lacked", [])),
            quality=data.get("quality"),
            skipped=bool(data.get("skipped", False)),
            on_topic=bool(data.get("on_topic", False)),
            detail=data.get("detail"),
        )


@dataclass
class CodingProgress:
    problem_id: str | None = None
    presented_at: float | None = None
    last_submission_at: float | None = None
    last_hint_at: float | None = None
    hints_given: int = 0
    failures_in_row: int = 0
    submissions_seen: list[str] = field(default_factory=list)
    solved: bool = False
    debrief_asked: bool = False  # after a solve: the complexity/approach question
    best_tests_passed: int = 0  # the most tests any run passed so far
    improved: bool = False  # the latest run passed more tests than any run before it
    approach_explained: bool = False  # the candidate talked through a reasoned approach to the problem
    complexity_stated: bool = False  # they already said how the solution scales ("O(n) time")

    @property
    def shows_progress(self) -> bool:
        """Evidence that would back saying "you're making progress": a better run, or a reasoned approach."""
        return self.improved or self.approach_explained

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__, submissions_seen=list(self.submissions_seen))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CodingProgress:
        return cls(**{k: data[k] for k in cls().__dict__ if k in data})


@dataclass
class BrainState:
    phase: Phase = "greeting"
    turn: int = 0  # agent turns (moves) so far
    started_at: float | None = None
    phase_started_at: float | None = None
    phase_seconds: dict[str, float] = field(default_factory=dict)  # time spent in finished phases
    phase_questions: dict[str, int] = field(default_factory=dict)  # primary questions asked per phase
    asked: list[AskedQuestion] = field(default_factory=list)
    current_key: str | None = None  # the question on the table
    covered_keys: list[str] = field(default_factory=list)  # planned questions the candidate already answered
    visited: list[str] = field(default_factory=list)
    coding: CodingProgress = field(default_factory=CodingProgress)
    thinking_since: float | None = None
    silence_nudges: int = 0
    off_topic_turns: int = 0
    abusive_turns: int = 0
    name_last_turn: int | None = None
    close_reason: str | None = None
    last_question: dict[str, Any] | None = None  # the serialised move that last put a question into words
    budgets: InterviewBudgets = field(default_factory=InterviewBudgets)

    def question(self, key: str | None) -> AskedQuestion | None:
        return next((q for q in self.asked if q.key == key), None) if key else None

    def asked_keys(self) -> set[str]:
        return {q.key for q in self.asked}

    def recap(self) -> dict[str, str]:
        """What the closing thanks may cite: only what the candidate actually talked about. A topic whose
        answer was substantive and about that topic; else a technology they named in a substantive answer;
        else nothing, and the thanks claims nothing."""
        # `on_topic` and `detail` are only ever set from a substantive answer (the machine's `_answer`).
        asked = [q for q in self.asked if q.phase in QUESTION_PHASES]
        topic = next((q.topic for q in asked if q.on_topic and not q.skipped), None)
        if topic:
            return {"recap_topic": short_topic(topic)}
        detail = next((q.detail for q in asked if q.detail), None)
        return {"recap_detail": detail} if detail else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "phase": self.phase,
            "turn": self.turn,
            "started_at": self.started_at,
            "phase_started_at": self.phase_started_at,
            "phase_seconds": dict(self.phase_seconds),
            "phase_questions": dict(self.phase_questions),
            "asked": [q.to_dict() for q in self.asked],
            "current_key": self.current_key,
            "covered_keys": list(self.covered_keys),
            "visited": list(self.visited),
            "coding": self.coding.to_dict(),
            "thinking_since": self.thinking_since,
            "silence_nudges": self.silence_nudges,
            "off_topic_turns": self.off_topic_turns,
            "abusive_turns": self.abusive_turns,
            "name_last_turn": self.name_last_turn,
            "close_reason": self.close_reason,
            "last_question": self.last_question,
            "budgets": self.budgets.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BrainState:
        if int(data.get("version", STATE_VERSION)) != STATE_VERSION:
            raise ValueError(f"unsupported brain state version {data.get('version')}")
        return cls(
            phase=as_phase(data["phase"]),
            turn=int(data["turn"]),
            started_at=data.get("started_at"),
            phase_started_at=data.get("phase_started_at"),
            phase_seconds=dict(data.get("phase_seconds", {})),
            phase_questions={k: int(v) for k, v in data.get("phase_questions", {}).items()},
            asked=[AskedQuestion.from_dict(q) for q in data.get("asked", [])],
            current_key=data.get("current_key"),
            covered_keys=list(data.get("covered_keys", [])),
            visited=list(data.get("visited", [])),
            coding=CodingProgress.from_dict(data.get("coding", {})),
            thinking_since=data.get("thinking_since"),
            silence_nudges=int(data.get("silence_nudges", 0)),
            off_topic_turns=int(data.get("off_topic_turns", 0)),
            abusive_turns=int(data.get("abusive_turns", 0)),
            name_last_turn=data.get("name_last_turn"),
            close_reason=data.get("close_reason"),
            last_question=data.get("last_question"),
            budgets=InterviewBudgets.from_dict(data.get("budgets")),
        )
