"""The coding exercise as the brain sees it: problem briefs, submission outcomes, and choosing a problem.

The brain never depends on the sandbox's own types: callers map `api.sandbox.problems.Problem` to
`ProblemBrief` and a sandbox run to `SubmissionOutcome`. Hidden-test details never appear here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

SubmissionVerdict = Literal["solved", "partial", "failed", "error", "compile_error", "timeout"]
_DIFFICULTY_RANK = {"easy": 0, "medium": 1, "hard": 2}
_ERROR_NAME = re.compile(r"\b([A-Z][A-Za-z]*(?:Error|Exception))\b")


@dataclass(frozen=True)
class ProblemBrief:
    """What the interviewer needs to present a problem and hint at it. `hints` are graded, vaguest first."""

    id: str
    title: str
    difficulty: str
    tags: tuple[str, ...]
    prompt: str
    hints: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "prompt": self.prompt,
            "hints": list(self.hints),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProblemBrief:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            difficulty=str(data["difficulty"]),
            tags=tuple(data.get("tags", ())),
            prompt=str(data["prompt"]),
            hints=tuple(data.get("hints", ())),
        )


@dataclass(frozen=True)
class SubmissionOutcome:
    """One sandbox run of the candidate's code, as reported to the interviewer.

    `status` is the sandbox's word for the run (e.g. "passed", "failed", "error", "timeout"); the brain
    relies on the typed fields (`timed_out`, `compile_error`, tests counts) rather than on that word.
    """

    submission_id: str
    language: str
    status: str
    exit_code: int | None
    timed_out: bool
    compile_error: bool
    stderr_excerpt: str
    tests_passed: int
    tests_total: int

    @property
    def verdict(self) -> SubmissionVerdict:
        if self.timed_out:
            return "timeout"
        if self.compile_error:
            return "compile_error"
        if self.tests_total > 0 and self.tests_passed == self.tests_total:
            return "solved"
        if self.tests_passed > 0:
            return "partial"
        if self.exit_code not in (0, None) and self.tests_passed == 0 and self.stderr_excerpt.strip():
            return "error"
        return "failed"

    @property
    def error_name(self) -> str | None:
        """Only the exception class name (e.g. "IndexError"): never a message that could leak test inputs."""
        match = _ERROR_NAME.search(self.stderr_excerpt or "")
        return match.group(1) if match else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "submission_id": self.submission_id,
            "language": self.language,
            "status": self.status,
            "exit_code": self.exit_code,
            "timed_out": self.timed_out,
            "compile_error": self.compile_error,
            "stderr_excerpt": self.stderr_excerpt,
            "tests_passed": self.tests_passed,
            "tests_total": self.tests_total,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionOutcome:
        exit_code = data.get("exit_code")
        return cls(
            submission_id=str(data["submission_id"]),
            language=str(data.get("language", "python")),
            status=str(data.get("status", "")),
            exit_code=None if exit_code is None else int(exit_code),
            timed_out=bool(data.get("timed_out", False)),
            compile_error=bool(data.get("compile_error", False)),
            stderr_excerpt=str(data.get("stderr_excerpt", "")),
            tests_passed=int(data.get("tests_passed", 0)),
            tests_total=int(data.get("tests_total", 0)),
        )


def pick_problem(
    problems: Sequence[ProblemBrief],
    *,
    difficulty: str,
    tags: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> ProblemBrief | None:
    """The problem closest to the wanted difficulty, then sharing most tags with the job; ties by id."""
    wanted = _DIFFICULTY_RANK.get(difficulty, 1)
    wanted_tags = {t.lower() for t in tags}
    candidates = [p for p in problems if p.id not in exclude]
    if not candidates:
        return None

    def score(p: ProblemBrief) -> tuple[int, int, str]:
        distance = abs(_DIFFICULTY_RANK.get(p.difficulty, 1) - wanted)
        overlap = len(wanted_tags & {t.lower() for t in p.tags})
        return (distance, -overlap, p.id)

    return min(candidates, key=score)
