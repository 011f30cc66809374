"""The coding exercise's bookkeeping, as pure functions over `CodingProgress`: recording a sandbox run, when a
hint is due, handing one out, and the debrief question asked after a solve. The machine decides when to call
them and what move follows."""

from __future__ import annotations

from typing import Any

from agent.brain.coding import ProblemBrief, SubmissionOutcome
from agent.brain.questions import QuestionSpec
from agent.brain.state import CodingProgress

DEBRIEF_TOPIC = "the time and space complexity of the solution, and how they would test it"
DEBRIEF_TESTS_TOPIC = "how they would test the solution further: the edge cases, and why those"


def record_run(progress: CodingProgress, outcome: SubmissionOutcome, now: float) -> bool:
    """Note a finished run; False when this submission was already seen (runs are reported at least once)."""
    if outcome.submission_id in progress.submissions_seen:
        return False
    progress.submissions_seen.append(outcome.submission_id)
    progress.last_submission_at = now
    progress.improved = outcome.tests_passed > progress.best_tests_passed
    progress.best_tests_passed = max(progress.best_tests_passed, outcome.tests_passed)
    return True


def hint_due(
    progress: CodingProgress, problem: ProblemBrief | None, now: float, after_seconds: float
) -> bool:
    """Due when hints are left and nothing happened (presented, run, hint) for `after_seconds`."""
    if problem is None or progress.solved or progress.hints_given >= len(problem.hints):
        return False
    since = max(
        t
        for t in (progress.presented_at, progress.last_submission_at, progress.last_hint_at, 0.0)
        if t is not None
    )
    return now - since >= after_seconds


def take_hint(progress: CodingProgress, problem: ProblemBrief | None, now: float) -> dict[str, Any]:
    """The next graded hint as move fields (vaguest first), or {} when none is left."""
    if problem is None or progress.hints_given >= len(problem.hints):
        return {}
    progress.hints_given += 1
    progress.last_hint_at = now
    return {
        "hint": problem.hints[progress.hints_given - 1],
        "hint_level": progress.hints_given,
        "hints_total": len(problem.hints),
        "progress": progress.shows_progress,
    }


def debrief_question(problem_id: str | None, *, complexity_stated: bool = False) -> QuestionSpec:
    """The question put after a solve: complexity and testing of the candidate's own solution, or testing
    alone when they already said how it scales (asking again would show the interviewer was not listening)."""
    return QuestionSpec(
        key=f"coding:{problem_id or 'problem'}:debrief",
        phase="coding",
        kind="coding_debrief_tests" if complexity_stated else "coding_debrief",
        topic=DEBRIEF_TESTS_TOPIC if complexity_stated else DEBRIEF_TOPIC,
        source="problem",
    )
