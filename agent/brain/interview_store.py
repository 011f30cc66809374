"""What the interviewer persists as the interview happens, as a protocol the runtime implements.

`agent.store.DatabaseInterviewStore` is the database implementation; `InMemoryInterviewStore` keeps
everything in lists (tests, demos). Completion is not here: the runtime marks the interview completed when
the interviewer reports `done` (`agent.interviewer.Interviewer.on_done`), after the last words were spoken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from agent.brain.coding import SubmissionOutcome


class SubmissionLike(Protocol):
    """Any stored submission with the fields the brain reads (a `SubmissionOutcome`, a database record)."""

    @property
    def submission_id(self) -> Any: ...
    @property
    def language(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def exit_code(self) -> int | None: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def compile_error(self) -> bool: ...
    @property
    def stderr_excerpt(self) -> str: ...
    @property
    def tests_passed(self) -> int | None: ...
    @property
    def tests_total(self) -> int | None: ...


def outcome_from(submission: SubmissionLike) -> SubmissionOutcome:
    """The brain's typed view of a stored submission."""
    return SubmissionOutcome(
        submission_id=str(submission.submission_id),
        language=submission.language,
        status=submission.status,
        exit_code=submission.exit_code,
        timed_out=bool(submission.timed_out),
        compile_error=bool(submission.compile_error),
        stderr_excerpt=submission.stderr_excerpt or "",
        tests_passed=submission.tests_passed or 0,
        tests_total=submission.tests_total or 0,
    )


class InterviewStore(Protocol):
    async def record_turn(
        self, role: str, text: str, phase: str, started_at: datetime | None, ended_at: datetime | None
    ) -> int:
        """Append one transcript turn ("user" or "assistant"); returns its id."""
        ...

    async def save_state(self, state: dict[str, Any], *, prompt_version: str | None = None) -> None:
        """Persist the serialised brain state (and the prompt version the interview runs on)."""
        ...

    async def record_question(self, key: str, text: str, phase: str, source: str) -> bool:
        """Record a primary question as spoken; False when that key was already recorded."""
        ...

    async def set_current_problem(self, problem_id: str | None, language: str | None = None) -> None:
        """The coding problem shown to the candidate (None clears it)."""
        ...

    async def take_undelivered_submissions(self) -> Sequence[SubmissionLike]:
        """Claim (mark delivered) and return every submission not yet delivered, oldest first."""
        ...


@dataclass
class StoredTurn:
    id: int
    role: str
    text: str
    phase: str
    started_at: datetime | None
    ended_at: datetime | None


@dataclass
class InMemoryInterviewStore:
    """An `InterviewStore` in memory. `submit` queues a submission for the next turn to pick up."""

    turns: list[StoredTurn] = field(default_factory=list)
    questions: list[dict[str, str]] = field(default_factory=list)
    states: list[dict[str, Any]] = field(default_factory=list)
    prompt_version: str | None = None
    current_problem_id: str | None = None
    pending: list[SubmissionOutcome] = field(default_factory=list)

    async def record_turn(
        self, role: str, text: str, phase: str, started_at: datetime | None, ended_at: datetime | None
    ) -> int:
        turn = StoredTurn(len(self.turns) + 1, role, text, phase, started_at, ended_at)
        self.turns.append(turn)
        return turn.id

    async def save_state(self, state: dict[str, Any], *, prompt_version: str | None = None) -> None:
        self.states.append(state)
        if prompt_version is not None:
            self.prompt_version = prompt_version

    async def record_question(self, key: str, text: str, phase: str, source: str) -> bool:
        if any(q["key"] == key for q in self.questions):
            return False
        self.questions.append({"key": key, "text": text, "phase": phase, "source": source})
        return True

    async def set_current_problem(self, problem_id: str | None, language: str | None = None) -> None:
        self.current_problem_id = problem_id

    async def take_undelivered_submissions(self) -> Sequence[SubmissionLike]:
        taken, self.pending = self.pending, []
        return taken

    def submit(self, outcome: SubmissionOutcome) -> None:
        self.pending.append(outcome)

    @property
    def latest_state(self) -> dict[str, Any] | None:
        return self.states[-1] if self.states else None
