"""The interview as the worker sees it in the database: loaded once per job, then written turn by turn.

`DatabaseInterviewStore` is the database implementation of the brain's `InterviewStore`: every turn, question,
problem choice and brain state is written as it happens, so a second job for the same interview (worker crash,
reconnect) picks up exactly where the first one stopped.

Two writers can touch one interview (the API and the worker, or an old job and its replacement), so:
- the brain state is compare-and-set on `Interview.state_version`; a job whose version is stale has lost the
  interview to a newer job and gets `StaleStateError` instead of overwriting it;
- turns are appended with a unique (interview, seq), retried on a collision;
- a submission reaches the brain through a conditional update of `delivered_to_agent_at`: claimed once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from api.models import CodeSubmission, Interview, QuestionAsked, Resume, TranscriptMessage, User
from api.storable import storable_text

logger = logging.getLogger(__name__)

APPEND_RETRIES = 5
# How much of a failed run's stderr reaches the brain: enough to name the error, never a wall of text.
STDERR_EXCERPT_CHARS = 600


class InterviewNotFoundError(LookupError):
    """The job names an interview that does not exist (deleted, or a wrong id in the dispatch metadata)."""


class StaleStateError(RuntimeError):
    """Another job saved a newer brain state: this job no longer owns the interview and must stop."""


@dataclass(frozen=True)
class InterviewRecord:
    """Everything the worker needs to (re)start the interviewer for one interview."""

    interview_id: int
    status: str
    title: str
    candidate_name: str | None
    resume_analysis: dict[str, Any] | None
    job_description: str | None
    question_plan: dict[str, Any] | None
    brain_state: dict[str, Any] | None
    state_version: int
    current_problem_id: str | None
    current_problem_language: str | None


@dataclass(frozen=True)
class SubmissionRecord:
    """A stored code submission, as much of it as the interviewer may talk about (no hidden test details)."""

    submission_id: int
    language: str
    problem_id: str | None
    status: str
    exit_code: int | None
    timed_out: bool
    stderr_excerpt: str
    tests_passed: int | None
    tests_total: int | None
    created_at: datetime

    @property
    def compile_error(self) -> bool:
        return self.status == "compile_error"


def utc_now() -> datetime:
    return datetime.now(UTC)


def _submission_record(row: CodeSubmission) -> SubmissionRecord:
    return SubmissionRecord(
        submission_id=row.id,
        language=row.language,
        problem_id=row.problem_id,
        status=row.status,
        exit_code=row.exit_code,
        timed_out=row.timed_out,
        stderr_excerpt=(row.stderr or "")[-STDERR_EXCERPT_CHARS:],
        tests_passed=row.tests_passed,
        tests_total=row.tests_total,
        created_at=row.created_at,
    )


async def load_interview(interview_id: int) -> InterviewRecord:
    """Read the interview with its candidate and resume analysis. Raises `InterviewNotFoundError`."""
    interview = await Interview.get_or_none(id=interview_id)
    if interview is None:
        raise InterviewNotFoundError(f"interview {interview_id} does not exist")
    resume = await Resume.get_or_none(id=interview.resume_id) if interview.resume_id else None
    user = await User.get_or_none(id=interview.user_id)
    analysis = resume.analysis if resume is not None else None
    return InterviewRecord(
        interview_id=interview.id,
        status=interview.status,
        title=interview.title,
        candidate_name=_candidate_name(user, analysis),
        resume_analysis=analysis,
        job_description=interview.job_description,
        question_plan=interview.question_plan,
        brain_state=interview.brain_state,
        state_version=interview.state_version,
        current_problem_id=interview.current_problem_id,
        current_problem_language=interview.current_problem_language,
    )


def _candidate_name(user: User | None, analysis: dict[str, Any] | None) -> str | None:
    """The account's full name first (the candidate typed it), else the name found on the resume."""
    if user is not None and user.full_name and user.full_name.strip():
        return user.full_name.strip()
    if analysis:
        name = analysis.get("name") or (analysis.get("contact") or {}).get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


async def mark_in_progress(interview_id: int) -> bool:
    """pending → in_progress (the API normally does it; a dispatched job for a pending interview does too)."""
    updated = await Interview.filter(id=interview_id, status="pending").update(
        status="in_progress", started_at=utc_now()
    )
    return updated == 1


# The brain speaks livekit's chat roles; the transcript table speaks the interview's.
TRANSCRIPT_ROLE = {"user": "candidate", "assistant": "agent", "candidate": "candidate", "agent": "agent"}


class DatabaseInterviewStore:
    """The brain's `InterviewStore` on the real database, for one interview and one job.

    `state_version` is the version this job loaded; each successful `save_state` bumps it.
    """

    def __init__(self, interview_id: int, *, state_version: int) -> None:
        self.interview_id = interview_id
        self.state_version = state_version
        self._next_seq: int | None = None
        # One job can save from two tasks at once (a reply and a silence nudge): serialise them, so only a
        # *different* job's write can make this one stale.
        self._state_lock = asyncio.Lock()

    async def record_turn(
        self,
        role: str,
        text: str,
        phase: str,
        started_at: datetime | None,
        ended_at: datetime | None,
        latency: dict[str, Any] | None = None,
    ) -> int:
        """Append one turn to the transcript and return its id. `role`: user/candidate or assistant/agent."""
        role = TRANSCRIPT_ROLE[role]
        for _ in range(APPEND_RETRIES):
            seq = await self._allocate_seq()
            try:
                row = await TranscriptMessage.create(
                    interview_id=self.interview_id, seq=seq, role=role, text=storable_text(text), phase=phase,
                    started_at=started_at, ended_at=ended_at, latency=latency,
                )
            except IntegrityError:
                self._next_seq = None  # someone else appended: re-read the tail
                continue
            self._next_seq = seq + 1
            return row.id
        raise RuntimeError(f"could not append a turn to interview {self.interview_id}")

    async def _allocate_seq(self) -> int:
        if self._next_seq is None:
            last = await TranscriptMessage.filter(interview_id=self.interview_id).order_by("-seq").first()
            self._next_seq = 0 if last is None else last.seq + 1
        return self._next_seq

    async def set_latest_agent_latency(self, latency: dict[str, Any]) -> bool:
        """Attach a latency record to the newest agent turn (measured once its first audio left, which is
        after the interviewer wrote the turn's text). False when there is no agent turn without one."""
        latest = await TranscriptMessage.filter(
            interview_id=self.interview_id, role="agent"
        ).order_by("-seq").first()
        if latest is None or latest.latency is not None:
            return False
        await TranscriptMessage.filter(id=latest.id).update(latency=latency)
        return True

    async def save_state(self, state: dict[str, Any], *, prompt_version: str | None = None) -> None:
        """Compare-and-set the brain state. Raises `StaleStateError` when a newer job owns the interview."""
        async with self._state_lock:
            values: dict[str, Any] = {"brain_state": state, "state_version": self.state_version + 1}
            if prompt_version is not None:
                values["prompt_version"] = prompt_version
            current = Interview.filter(id=self.interview_id, state_version=self.state_version)
            updated = await current.update(**values)
            if updated != 1:
                raise StaleStateError(
                    f"interview {self.interview_id}: brain state version {self.state_version} is stale"
                )
            self.state_version += 1

    async def record_question(self, key: str, text: str, phase: str, source: str) -> bool:
        """Record a question asked; False when that key was already asked (a resumed job never re-adds it)."""
        if await QuestionAsked.exists(interview_id=self.interview_id, question_key=key):
            return False
        try:
            await QuestionAsked.create(
                interview_id=self.interview_id, question_key=key, text=text, phase=phase, source=source
            )
        except IntegrityError:
            return False
        return True

    async def asked_question_keys(self) -> set[str]:
        asked = QuestionAsked.filter(interview_id=self.interview_id)
        keys = await asked.values_list("question_key", flat=True)
        return {str(k) for k in keys}

    async def set_current_problem(self, problem_id: str | None, language: str | None = None) -> None:
        await Interview.filter(id=self.interview_id).update(
            current_problem_id=problem_id, current_problem_language=language
        )

    async def claim_submission(self, submission_id: int) -> SubmissionRecord | None:
        """Mark one submission delivered and return it; None if already delivered or not this interview's."""
        claimed = await CodeSubmission.filter(
            id=submission_id, interview_id=self.interview_id, delivered_to_agent_at__isnull=True
        ).update(delivered_to_agent_at=utc_now())
        if claimed != 1:
            return None
        row = await CodeSubmission.get(id=submission_id)
        return _submission_record(row)

    async def take_undelivered_submissions(self) -> list[SubmissionRecord]:
        """Claim every submission not yet delivered, oldest first."""
        pending = await CodeSubmission.filter(
            interview_id=self.interview_id, delivered_to_agent_at__isnull=True
        ).order_by("created_at", "id")
        records = []
        for row in pending:
            record = await self.claim_submission(row.id)
            if record is not None:
                records.append(record)
        return records

    async def mark_completed(self) -> bool:
        """in_progress → completed, once. False when it was already completed (or cancelled)."""
        updated = await Interview.filter(
            id=self.interview_id, status__in=("pending", "in_progress")
        ).update(status="completed", completed_at=utc_now())
        return updated == 1
