"""The problem bank: its data is well-formed and private, every reference solution passes its
problem's tests in every language, and every deliberately wrong solution fails."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from api.sandbox.harness import TestReport
from api.sandbox.problems import Problem, get_problem, load_problems
from api.sandbox.service import run_problem_tests

LANGUAGES = ("python", "javascript", "cpp", "java")
REQUIRED_TAGS = {"strings", "arrays", "hash maps", "two pointers", "intervals", "graphs", "bfs",
                 "dynamic programming", "design"}


def test_bank_has_at_least_eight_problems_from_easy_to_hard() -> None:
    problems = load_problems()
    assert len(problems) >= 8
    assert {p.difficulty for p in problems} == {"easy", "medium", "hard"}
    assert {tag for p in problems for tag in p.tags} >= REQUIRED_TAGS
    assert len({p.id for p in problems}) == len(problems)


@pytest.mark.parametrize("problem", load_problems(), ids=lambda p: p.id)
def test_problem_is_complete_and_its_public_view_hides_tests(problem: Problem) -> None:
    assert len(problem.hints) == 3 and all(h.strip() for h in problem.hints)
    assert problem.examples and len(problem.tests) >= 5
    assert set(problem.starter_code) == set(LANGUAGES)
    for language in LANGUAGES:
        assert problem.solution(language), f"no reference solution in {language}"
    assert problem.solution("python", wrong=True), "needs a deliberately wrong solution"
    public = problem.public_dict()
    assert {"id", "title", "difficulty", "prompt", "starter_code", "examples"} <= set(public)
    text = json.dumps(public)
    assert "tests" not in public and "hints" not in public and "solutions" not in text
    for case in problem.tests:
        # the hidden inputs do not leak through the public view (skip ones that equal a visible example)
        if all(case.input != ex["input"] for ex in problem.examples) and len(json.dumps(case.input)) > 12:
            assert json.dumps(case.input) not in text


def test_get_problem_by_id() -> None:
    first = load_problems()[0]
    assert get_problem(first.id) is first
    assert get_problem("no-such-problem") is None


Reports = dict[tuple[str, str, bool], TestReport]


def _all_runs() -> list[tuple[str, str, bool]]:
    runs = []
    for problem in load_problems():
        for language in LANGUAGES:
            runs.append((problem.id, language, False))
            if problem.solution(language, wrong=True) is not None:
                runs.append((problem.id, language, True))
    return runs


@pytest.fixture(scope="module")
def reports() -> Iterator[dict[tuple[str, str, bool], TestReport]]:
    """Every solution run once, concurrently behind the sandbox's own cap (one per core)."""

    async def run_all() -> dict[tuple[str, str, bool], TestReport]:
        async def one(key: tuple[str, str, bool]) -> tuple[tuple[str, str, bool], TestReport]:
            problem = get_problem(key[0])
            assert problem is not None
            source = problem.solution(key[1], wrong=key[2])
            assert source is not None
            return key, await run_problem_tests(problem, source, key[1])

        return dict(await asyncio.gather(*(one(k) for k in _all_runs())))

    yield asyncio.run(run_all())


@pytest.mark.parametrize("key", [k for k in _all_runs() if not k[2]], ids=lambda k: f"{k[0]}-{k[1]}")
def test_reference_solution_passes_every_case(key: tuple[str, str, bool], reports: Reports) -> None:
    report = reports[key]
    failing = [(c.name, c.verdict, c.error, c.actual) for c in report.cases if c.verdict != "passed"]
    assert report.all_passed, (failing, report.execution.status, report.execution.compile_output[-500:],
                               report.execution.stderr[-500:])
    assert report.total == len(get_problem(key[0]).all_cases())  # type: ignore[union-attr]


@pytest.mark.parametrize("key", [k for k in _all_runs() if k[2]], ids=lambda k: f"{k[0]}-{k[1]}-wrong")
def test_wrong_solution_fails_some_case(key: tuple[str, str, bool], reports: Reports) -> None:
    report = reports[key]
    assert report.execution.status.value == "ok", "the wrong solution should run, just answer wrongly"
    assert not report.all_passed
    assert any(c.verdict == "failed" for c in report.cases)
