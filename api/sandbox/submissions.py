"""Submitting code to an interview: run it (against the problem's tests when one is named), then store it.

One function for every door a submission comes through: the API's `POST /interviews/{id}/submit-code` and the
console's `/submit`. It raises domain errors; each door answers them its own way (an HTTP status, a console
line) and tells the interviewer its own way (a room message from the API, a direct hand-over in the console).
A run the sandbox itself could not start is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from api.models import CodeSubmission, Interview
from api.sandbox.harness import TestReport
from api.sandbox.languages import resolve_language
from api.sandbox.limits import MAX_CODE_BYTES
from api.sandbox.problems import get_problem
from api.sandbox.result import ExecutionResult, Status
from api.sandbox.service import UnknownLanguage, run_code, run_problem_tests
from api.storable import NUL, decoded_output


class SubmissionError(Exception):
    """A submission that cannot be run or stored (besides UnknownLanguage and SandboxUnavailable)."""


class InterviewNotInProgress(SubmissionError):
    def __init__(self, status: str) -> None:
        super().__init__(f"Code can only be submitted while the interview is in progress, not {status}")
        self.status = status


class UnknownProblem(SubmissionError):
    def __init__(self, problem_id: str) -> None:
        super().__init__(f"Unknown problem_id {problem_id!r}")
        self.problem_id = problem_id


class CodeTooLarge(SubmissionError):
    def __init__(self, size_bytes: int) -> None:
        super().__init__(f"The code is {size_bytes} bytes; at most {MAX_CODE_BYTES} bytes are accepted")
        self.size_bytes = size_bytes


class CodeHoldsNul(SubmissionError):
    """Source code with a NUL character: no compiler wants it, and PostgreSQL cannot store it."""

    def __init__(self) -> None:
        super().__init__("The code contains a NUL character; send the source text only")


class SandboxRunFailed(SubmissionError):
    """The sandbox failed to start the run (its own failure, not the program's)."""

    def __init__(self, execution: ExecutionResult) -> None:
        super().__init__("The code sandbox could not run the program")
        self.execution = execution


@dataclass(frozen=True)
class StoredSubmission:
    """The stored row, and the run as the candidate may see it (their own prints, no harness lines)."""

    submission: CodeSubmission
    execution: ExecutionResult
    report: TestReport | None


async def run_submission(code: str, language: str, problem_id: str | None,
                         backend: str | None = None) -> tuple[ExecutionResult, TestReport | None]:
    """Run the code: against the problem's tests when a problem is named, else as a plain program.

    Raises CodeTooLarge, CodeHoldsNul, UnknownLanguage, UnknownProblem, SandboxUnavailable (ToolchainMissing)
    or SandboxRunFailed."""
    size_bytes = len(code.encode())
    if size_bytes > MAX_CODE_BYTES:
        raise CodeTooLarge(size_bytes)
    if NUL in code:
        raise CodeHoldsNul()
    if resolve_language(language) is None:
        raise UnknownLanguage(language)
    if problem_id is None:
        return _started(await run_code(code, language, backend=backend)), None
    problem = get_problem(problem_id)
    if problem is None:
        raise UnknownProblem(problem_id)
    report = await run_problem_tests(problem, code, language, backend=backend)
    _started(report.execution)
    return replace(report.execution, stdout=report.program_stdout), report


def _started(execution: ExecutionResult) -> ExecutionResult:
    if execution.status is Status.INTERNAL_ERROR:
        raise SandboxRunFailed(execution)
    return execution


async def submit_code(interview_id: int, code: str, language: str, *, problem_id: str | None = None,
                      backend: str | None = None) -> StoredSubmission:
    """Run a submission for an in-progress interview and store it (undelivered: the agent claims it).

    Raises InterviewNotInProgress besides the errors of `run_submission`."""
    interview = await Interview.get(id=interview_id)
    if interview.status != "in_progress":
        raise InterviewNotInProgress(interview.status)
    result, report = await run_submission(code, language, problem_id, backend)
    resolved = resolve_language(language)
    assert resolved is not None  # run_submission refused unknown languages
    submission = await CodeSubmission.create(
        interview_id=interview_id,
        language=resolved.name,
        code=code,
        problem_id=problem_id,
        stdout=decoded_output(result.stdout),
        stderr=result.api_dict()["stderr"],
        exit_code=result.exit_code,
        execution_time_ms=round(result.wall_ms),
        timed_out=result.timed_out,
        truncated=result.truncated,
        status=result.status.value,
        tests=report.api_dict() if report else None,
        tests_passed=report.passed if report else None,
        tests_total=report.total if report else None,
    )
    return StoredSubmission(submission, result, report)
