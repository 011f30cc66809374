"""Carry out the console's typed commands (`agent.console_commands`) for one running interview.

`/problem` shows the current exercise. `/submit PATH` reads the file and submits it through the domain
function the API's submit-code route uses (`api.sandbox.submissions.submit_code`: the real sandbox, a stored
`CodeSubmission`), shows the candidate a result line, then hands the submission to the interviewer as a
room's code event would (`SubmissionRelay.on_stored`: claimed once, so no later turn delivers it again).
Anything that stops a command is one line for the candidate; the interview goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from agent.console_commands import (
    ConsoleCommand,
    ConsoleCommandError,
    ShowProblem,
    SubmitFile,
    language_for_file,
    parse_console_command,
    problem_text,
    result_line,
)
from agent.runtime import InterviewRuntime
from api.sandbox.interface import SandboxUnavailable
from api.sandbox.problems import Problem, get_problem
from api.sandbox.service import UnknownLanguage
from api.sandbox.submissions import SubmissionError, submit_code

Show = Callable[[str], None]


class ConsoleCommandRunner:
    """`intercept(line)` is the runtime session's `typed_commands`; `show` prints a line for the candidate.

    `echo_grace_seconds`: livekit's console echoes a typed line from its own thread only after handing it to
    the session, so a command waits that long before showing anything (its lines then follow the echo)."""

    def __init__(self, runtime: InterviewRuntime, show: Show, *, cwd: Path | None = None,
                 echo_grace_seconds: float = 0.0) -> None:
        self.runtime = runtime
        self.show = show
        self.cwd = cwd
        self.echo_grace_seconds = echo_grace_seconds

    def intercept(self, line: str) -> Awaitable[None] | None:
        """The work a typed command asks for; None when the line is an answer for the interviewer."""
        try:
            command: ConsoleCommand | ConsoleCommandError | None = parse_console_command(line)
        except ConsoleCommandError as exc:
            command = exc
        return None if command is None else self.run(command)

    async def run(self, command: ConsoleCommand | ConsoleCommandError) -> None:
        """Carry out one command; whatever stops it (a malformed command included) is shown as one line."""
        await asyncio.sleep(self.echo_grace_seconds)
        try:
            if isinstance(command, ConsoleCommandError):
                raise command
            if isinstance(command, ShowProblem):
                self.show(problem_text(self.current_problem(), command.language))
            else:
                await self.submit(command)
        except ConsoleCommandError as exc:
            self.show(str(exc))

    def current_problem(self) -> Problem:
        brief = self.runtime.interviewer.current_problem
        problem = get_problem(brief.id) if brief is not None else None
        if problem is None:
            raise ConsoleCommandError("There is no coding exercise yet: the interviewer will give you one.")
        return problem

    async def submit(self, command: SubmitFile) -> None:
        problem = self.current_problem()
        language = language_for_file(command.path, command.language)
        code = self.read_code(command.path)
        try:
            stored = await submit_code(self.runtime.interview_id, code, language, problem_id=problem.id)
        except (SubmissionError, UnknownLanguage, SandboxUnavailable) as exc:
            raise ConsoleCommandError(f"Not submitted: {exc}") from exc
        row = stored.submission
        self.show(result_line(status=row.status, tests_passed=row.tests_passed, tests_total=row.tests_total,
                              stderr=row.stderr, tests=row.tests))
        await self.runtime.relay.on_stored(row.id)

    def read_code(self, typed_path: str) -> str:
        path = Path(typed_path).expanduser()
        if self.cwd is not None and not path.is_absolute():
            path = self.cwd / path
        try:
            code = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise ConsoleCommandError(f"No such file: {typed_path}") from exc
        except UnicodeDecodeError as exc:
            raise ConsoleCommandError(f"{typed_path} is not UTF-8 text") from exc
        except OSError as exc:
            raise ConsoleCommandError(f"Cannot read {typed_path}: {exc.strerror or exc}") from exc
        if not code.strip():
            raise ConsoleCommandError(f"{typed_path} is empty")
        return code
