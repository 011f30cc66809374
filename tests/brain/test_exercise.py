"""The coding exercise's bookkeeping: runs recorded once, hints timed and graded, the debrief question."""

from __future__ import annotations

from agent.brain.coding import ProblemBrief, SubmissionOutcome
from agent.brain.exercise import debrief_question, hint_due, record_run, take_hint
from agent.brain.state import CodingProgress

PROBLEM = ProblemBrief(
    id="two-sum", title="Two Sum", difficulty="easy", tags=("arrays",), prompt="...", hints=("vague", "sharp")
)


def run(submission_id: str, passed: int) -> SubmissionOutcome:
    return SubmissionOutcome(
        submission_id=submission_id,
        language="python",
        status="failed",
        exit_code=1,
        timed_out=False,
        compile_error=False,
        stderr_excerpt="",
        tests_passed=passed,
        tests_total=5,
    )


def test_a_run_is_recorded_once_and_progress_means_more_tests_than_ever_before():
    progress = CodingProgress(problem_id="two-sum", presented_at=0.0)
    assert record_run(progress, run("a", 2), 10.0)
    assert (progress.improved, progress.best_tests_passed, progress.last_submission_at) == (True, 2, 10.0)
    assert not record_run(progress, run("a", 2), 11.0)  # the same report again changes nothing
    assert progress.submissions_seen == ["a"] and progress.last_submission_at == 10.0
    assert record_run(progress, run("b", 1), 20.0)
    assert (progress.improved, progress.best_tests_passed) == (False, 2)
    assert not progress.shows_progress


def test_a_hint_is_due_only_after_a_quiet_spell_and_while_hints_are_left():
    progress = CodingProgress(problem_id="two-sum", presented_at=100.0)
    assert not hint_due(progress, PROBLEM, 159.0, after_seconds=60)
    assert hint_due(progress, PROBLEM, 160.0, after_seconds=60)
    assert not hint_due(progress, None, 500.0, after_seconds=60)
    record_run(progress, run("a", 0), 150.0)  # a run restarts the quiet spell
    assert not hint_due(progress, PROBLEM, 200.0, after_seconds=60)
    progress.solved = True
    assert not hint_due(progress, PROBLEM, 1_000.0, after_seconds=60)


def test_hints_come_vaguest_first_and_run_out():
    progress = CodingProgress(problem_id="two-sum", presented_at=0.0)
    first = take_hint(progress, PROBLEM, 60.0)
    assert first == {"hint": "vague", "hint_level": 1, "hints_total": 2, "progress": False}
    assert not hint_due(progress, PROBLEM, 100.0, after_seconds=60)  # the hint restarts the quiet spell
    progress.approach_explained = True
    assert take_hint(progress, PROBLEM, 130.0)["hint"] == "sharp"
    assert take_hint(progress, PROBLEM, 200.0) == {}
    assert not hint_due(progress, PROBLEM, 1_000.0, after_seconds=60)
    assert (progress.hints_given, progress.last_hint_at) == (2, 130.0)


def test_the_debrief_question_is_keyed_by_the_problem():
    question = debrief_question("two-sum")
    assert (question.key, question.phase, question.kind) == (
        "coding:two-sum:debrief",
        "coding",
        "coding_debrief",
    )
    assert debrief_question(None).key == "coding:problem:debrief"
