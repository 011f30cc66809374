"""`/problem` and `/submit PATH` typed into a running interview (as the console types them): the real sandbox,
the real database (SQLite and PostgreSQL), and the interviewer's reaction in the same run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.console_command_runner import ConsoleCommandRunner
from agent.runtime import InterviewRuntime
from api.models import CodeSubmission, TranscriptMessage
from api.sandbox.problems import SOLUTION_FILES, get_problem
from api.settings import Settings, set_settings
from tests.agent.interview_driver import answer_until_phase, make_interview, open_runtime, say


@pytest.fixture(autouse=True)
def sandbox_settings(settings: Settings) -> Iterator[None]:
    """The sandbox reads the process-wide settings at call time: the test settings (no ./data secret)."""
    set_settings(settings)
    yield
    set_settings(None)


def solution_file(tmp_path: Path, problem_id: str, *, wrong: bool, language: str = "python") -> Path:
    """The problem bank's reference (or deliberately wrong) solution, saved as a candidate would."""
    problem = get_problem(problem_id)
    assert problem is not None
    code = problem.solution(language, wrong=wrong)
    assert code is not None
    path = tmp_path / f"{'wrong' if wrong else 'solution'}{Path(SOLUTION_FILES[language]).suffix}"
    path.write_text(code)
    return path


async def console_runtime(tmp_path: Path) -> tuple[InterviewRuntime, list[str]]:
    """A typed interview with the console's commands installed (files relative to `tmp_path`), and the list of
    what the commands show the candidate."""
    runtime = await open_runtime(await make_interview())
    shown: list[str] = []
    runtime.session.typed_commands = ConsoleCommandRunner(runtime, shown.append, cwd=tmp_path).intercept
    return runtime, shown


@pytest.mark.asyncio
async def test_submitting_the_reference_then_a_wrong_solution_stores_both_and_the_interviewer_reacts(
    db: str, tmp_path: Path
) -> None:
    runtime, shown = await console_runtime(tmp_path)
    try:
        await answer_until_phase(runtime, "coding")
        problem = runtime.interviewer.current_problem
        assert problem is not None
        turns_before = await TranscriptMessage.filter(interview_id=runtime.interview_id).count()

        wrong = solution_file(tmp_path, problem.id, wrong=True)
        wrong_reply = " ".join(await say(runtime, f"/submit {wrong.name}"))
        failed = await CodeSubmission.filter(interview_id=runtime.interview_id).order_by("-id").first()
        assert failed is not None and failed.problem_id == problem.id and failed.language == "python"
        assert failed.tests_total and failed.tests_passed is not None
        assert failed.tests_passed < failed.tests_total
        assert failed.delivered_to_agent_at is not None  # handed to the interviewer, never delivered twice
        assert shown[-1].startswith(f"Tests: {failed.tests_passed}/{failed.tests_total} passed")
        assert wrong_reply.strip(), "the interviewer said nothing about the failing run"

        right = solution_file(tmp_path, problem.id, wrong=False)
        right_reply = " ".join(await say(runtime, f"/submit {right}"))  # an absolute path works too
        solved = await CodeSubmission.filter(interview_id=runtime.interview_id).order_by("-id").first()
        assert solved is not None and solved.id != failed.id
        assert solved.tests_passed == solved.tests_total == failed.tests_total
        assert shown[-1] == f"Tests: {solved.tests_total}/{solved.tests_total} passed."
        assert str(solved.tests_total) in right_reply

        turns = await TranscriptMessage.filter(interview_id=runtime.interview_id).order_by("seq")
        new_turns = turns[turns_before:]
        assert [t.role for t in new_turns] == ["agent", "agent"]  # the commands are not candidate turns
        assert all(t.phase == "coding" for t in new_turns)
    finally:
        await runtime.close()


@pytest.mark.asyncio
async def test_problem_shows_the_exercise_and_bad_commands_are_one_line_each(db: str, tmp_path: Path) -> None:
    runtime, shown = await console_runtime(tmp_path)
    try:
        assert await say(runtime, "/problem") == []
        assert shown == ["There is no coding exercise yet: the interviewer will give you one."]
        await answer_until_phase(runtime, "coding")
        problem = get_problem(runtime.interviewer.current_problem.id)
        assert problem is not None

        shown.clear()
        (tmp_path / "notes.rb").write_text("puts 1\n")
        for line in ("/problem java", "/submit missing.py", "/submit notes.rb", "/submit", "/frobnicate"):
            assert await say(runtime, line) == []  # the interviewer hears none of these
        assert shown[0].startswith(f"{problem.title} ({problem.difficulty})")
        assert problem.starter_code["java"].strip() in shown[0]
        assert shown[1:] == [
            "No such file: missing.py",
            "Cannot tell the language of notes.rb from its extension: add --lang with one of python, "
            "javascript, cpp, java.",
            "/submit takes one file: /submit PATH [--lang LANG]. "
            "Commands: /problem [LANG], /submit PATH [--lang LANG]",
            "Unknown command /frobnicate. Commands: /problem [LANG], /submit PATH [--lang LANG]",
        ]
        assert await CodeSubmission.filter(interview_id=runtime.interview_id).count() == 0
        # The interview goes on: the next answer is the candidate's.
        assert await say(runtime, "I'm thinking about a dynamic programming table.")
    finally:
        await runtime.close()
