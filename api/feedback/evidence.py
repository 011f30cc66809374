"""What the scorer reads and what it writes: plain, typed records with no ORM or web types.

Inputs (`Turn`, `Submission`, `InterviewRecord`) are built by the service from database rows (or by tests and
the gold set from JSON). Outputs (`Evidence`, `DimensionScore`) carry, for every number, the turn ids with
verbatim quotes and the submission ids it was computed from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from api.resumes.plan import QuestionPlan

Role = Literal["candidate", "agent"]
EvidenceKind = Literal["turn", "submission"]
Verdict = Literal["passed", "failed", "error", "timeout"]

MAX_QUOTE_CHARS = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Turn:
    """One utterance. `plan_item_id` (agent turns only): the plan item the question was about, if known."""

    id: int
    role: Role
    text: str
    phase: str
    at: float = 0.0
    plan_item_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        return cls(
            id=int(data["id"]),
            role=data["role"],
            text=str(data["text"]),
            phase=str(data.get("phase") or "technical"),
            at=float(data.get("at") or 0.0),
            plan_item_id=data.get("plan_item_id"),
        )


@dataclass(frozen=True)
class TestCaseResult:
    name: str
    verdict: Verdict


@dataclass(frozen=True)
class Submission:
    """A code submission with what running it produced. `tests_total` is 0 when the problem had no tests."""

    id: int
    language: str
    code: str
    exit_code: int | None = None
    timed_out: bool = False
    tests_passed: int = 0
    tests_total: int = 0
    cases: tuple[TestCaseResult, ...] = ()
    at: float = 0.0

    @property
    def pass_rate(self) -> float | None:
        return self.tests_passed / self.tests_total if self.tests_total else None

    @property
    def ran_cleanly(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Submission:
        tests = data.get("tests") or {}
        cases = tuple(
            TestCaseResult(name=str(c.get("name", "")), verdict=c.get("verdict", "error"))
            for c in tests.get("cases", [])
        )
        return cls(
            id=int(data["id"]),
            language=str(data.get("language", "python")),
            code=str(data.get("code", "")),
            exit_code=data.get("exit_code"),
            timed_out=bool(data.get("timed_out", False)),
            tests_passed=int(data.get("tests_passed", tests.get("passed", 0)) or 0),
            tests_total=int(data.get("tests_total", tests.get("total", 0)) or 0),
            cases=cases,
            at=float(data.get("at") or 0.0),
        )


@dataclass(frozen=True)
class InterviewRecord:
    """Everything the scorer may look at for one interview, already in submission/turn order."""

    turns: tuple[Turn, ...]
    submissions: tuple[Submission, ...] = ()
    plan: QuestionPlan | None = None

    def candidate_turns(self, phases: frozenset[str] | None = None) -> list[Turn]:
        return [
            t
            for t in self.turns
            if t.role == "candidate" and has_words(t.text) and (phases is None or t.phase in phases)
        ]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InterviewRecord:
        plan = QuestionPlan.from_dict(data["plan"]) if data.get("plan") else None
        return cls(
            turns=tuple(Turn.from_dict(t) for t in data.get("turns", [])),
            submissions=tuple(Submission.from_dict(s) for s in data.get("submissions", [])),
            plan=plan,
        )


@dataclass(frozen=True)
class Evidence:
    """A pointer at what was said (`turn`, ref = turn id) or written (`submission`, ref = submission id).

    `quote` is always a verbatim substring of that turn's text or that submission's code.
    """

    kind: EvidenceKind
    ref: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "quote": self.quote}


@dataclass(frozen=True)
class DimensionScore:
    """A score in [0, 1] with the evidence it was computed from; `score` is None when there is no evidence."""

    score: float | None
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.score is not None and not self.evidence:
            raise ValueError("a score without evidence must be None")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": None if self.score is None else round(self.score, 3),
            "evidence": [e.to_dict() for e in self.evidence],
        }


NO_EVIDENCE = DimensionScore(score=None)


def has_words(text: str) -> bool:
    """False for empty, whitespace or punctuation-only text ("...", "?"): nothing there to score or quote."""
    return any(ch.isalnum() for ch in text)


def sentences(text: str) -> list[str]:
    """Sentences of `text`, each a verbatim substring of it."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def clip_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """A prefix of `text` (so still verbatim) no longer than `limit`, cut at a word boundary."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def normalise_for_match(text: str) -> str:
    """Whitespace-collapsed, straight-quoted, lower-cased: what 'verbatim' tolerates, nothing more."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).lower()


def quote_occurs(quote: str, source: str) -> bool:
    """True when `quote` appears word for word in `source` (ignoring case, spacing and curly quotes)."""
    needle = normalise_for_match(quote).strip(" .,;:!?\"'")
    return len(needle) >= 3 and needle in normalise_for_match(source)
