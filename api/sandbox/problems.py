"""The coding problem bank, loaded from data files under `problem_bank/<id>/`.

Each problem directory holds `problem.json` (prompt, signature, examples, hints, hidden tests) and
`solutions/` (a reference solution per language, plus `wrong.*` that must fail; `.txt` so linters and
type checkers leave these data files alone). Hidden tests and
solutions stay on the server: `public_dict()` is what the API shows.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.sandbox.signature import Param, starter_code

BANK_DIR = Path(__file__).parent / "problem_bank"
DIFFICULTIES = ("easy", "medium", "hard")
COMPARE_MODES = ("exact", "unordered", "float")
SOLUTION_FILES = {"python": "python.py", "javascript": "javascript.js", "cpp": "cpp.cpp", "java": "java.java"}


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class

    name: str
    input: dict[str, Any]
    output: Any
    hidden: bool


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    difficulty: str
    tags: tuple[str, ...]
    prompt: str
    function_name: str
    params: tuple[Param, ...]
    returns: str
    compare: str
    starter_code: dict[str, str]
    examples: list[dict[str, Any]]
    hints: tuple[str, ...]
    tests: tuple[TestCase, ...]
    time_limit_s: float

    def all_cases(self) -> tuple[TestCase, ...]:
        """Examples (visible) first, then the hidden tests."""
        visible = tuple(TestCase(f"example {i + 1}", ex["input"], ex["output"], hidden=False)
                        for i, ex in enumerate(self.examples))
        return visible + self.tests

    def public_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "prompt": self.prompt,
            "function_name": self.function_name,
            "starter_code": dict(self.starter_code),
            "examples": [dict(ex) for ex in self.examples],
        }

    def summary_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "difficulty": self.difficulty, "tags": list(self.tags)}

    def solution(self, language: str, *, wrong: bool = False) -> str | None:
        """A reference (or deliberately wrong) solution, for CI and benchmarks only."""
        name = SOLUTION_FILES[language]
        file_name = f"wrong.{name.split('.', 1)[1]}" if wrong else name
        path = BANK_DIR / self.id / "solutions" / f"{file_name}.txt"
        return path.read_text() if path.exists() else None


class ProblemDataError(ValueError):
    """A problem file in the bank is malformed (checked when the bank loads)."""


def _parse(directory: Path) -> Problem:
    raw = json.loads((directory / "problem.json").read_text())
    params = tuple(Param(p["name"], p["type"]) for p in raw["params"])
    problem = Problem(
        id=raw["id"],
        title=raw["title"],
        difficulty=raw["difficulty"],
        tags=tuple(raw["tags"]),
        prompt=raw["prompt"],
        function_name=raw["function_name"],
        params=params,
        returns=raw["returns"],
        compare=raw.get("compare", "exact"),
        starter_code=starter_code(raw["function_name"], params, raw["returns"]),
        examples=list(raw["examples"]),
        hints=tuple(raw["hints"]),
        tests=tuple(TestCase(t.get("name", f"hidden {i + 1}"), t["input"], t["output"], hidden=True)
                    for i, t in enumerate(raw["tests"])),
        time_limit_s=float(raw.get("time_limit_s", 5.0)),
    )
    _validate(problem, directory)
    return problem


def _validate(problem: Problem, directory: Path) -> None:
    problems = []
    if problem.id != directory.name:
        problems.append("id must match its directory name")
    if problem.difficulty not in DIFFICULTIES:
        problems.append(f"difficulty must be one of {DIFFICULTIES}")
    if problem.compare not in COMPARE_MODES:
        problems.append(f"compare must be one of {COMPARE_MODES}")
    if len(problem.hints) != 3:
        problems.append("exactly 3 hints, vaguest first")
    if not problem.examples or not problem.tests:
        problems.append("needs visible examples and hidden tests")
    names = [p.name for p in problem.params]
    for case in problem.all_cases():
        if sorted(case.input) != sorted(names):
            problems.append(f"case {case.name!r} inputs {sorted(case.input)} != params {names}")
    if problems:
        raise ProblemDataError(f"{directory.name}: " + "; ".join(problems))


@functools.cache
def _load_all() -> tuple[Problem, ...]:
    dirs = sorted(p for p in BANK_DIR.iterdir() if (p / "problem.json").exists())
    order = {d: i for i, d in enumerate(DIFFICULTIES)}
    return tuple(sorted((_parse(d) for d in dirs), key=lambda p: (order[p.difficulty], p.id)))


def load_problems() -> list[Problem]:
    return list(_load_all())


def get_problem(problem_id: str) -> Problem | None:
    return next((p for p in _load_all() if p.id == problem_id), None)
