"""Function-call harnesses: run a candidate's function on every case of a problem, judge each case.

The harness is appended to the candidate's source and prints one line per case, tagged with a
per-run nonce: `<nonce> <i> start`, then `<nonce> <i> ok <json>` or `<nonce> <i> error <json message>`.
Expected outputs never enter the sandbox: the server compares the reported values.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.sandbox.problems import Problem, TestCase
from api.sandbox.result import ExecutionResult, Status
from api.sandbox.signature import (
    cpp_json_literal,
    cpp_type,
    function_name_in,
    java_literal,
    java_type,
    json_text,
)
from api.storable import storable_json, storable_text

TEMPLATES = Path(__file__).parent / "harness_templates"
VERDICTS = ("passed", "failed", "error", "timeout")
FLOAT_TOLERANCE = 1e-6


def _template(name: str) -> str:
    return (TEMPLATES / name).read_text()


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace(f"@@{key.upper()}@@", value)
    return template


def _positional(problem: Problem, case: TestCase) -> list[Any]:
    return [case.input[p.name] for p in problem.params]


def build_program(problem: Problem, code: str, language: str, nonce: str) -> str:
    """The candidate's code followed by the harness for `language`."""
    cases = problem.all_cases()
    fn = function_name_in(language, problem.function_name)
    if language == "python":
        payload = json_text([_positional(problem, c) for c in cases])
        return code + _fill(_template("python.py.tmpl"), cases=repr(payload), nonce=nonce, function=fn)
    if language == "javascript":
        payload = json_text([_positional(problem, c) for c in cases])
        return code + _fill(_template("javascript.js.tmpl"), cases=payload, nonce=nonce, function=fn)
    if language == "cpp":
        return code + _fill(_template("cpp.cpp.tmpl"), cases=_cpp_cases(problem, cases, fn, nonce))
    if language == "java":
        return _java_program(problem, code, cases, fn, nonce)
    raise ValueError(f"no harness for {language!r}")


def _cpp_cases(problem: Problem, cases: tuple[TestCase, ...], fn: str, nonce: str) -> str:
    blocks = []
    case_template = _template("cpp_case.tmpl")
    for index, case in enumerate(cases):
        args = "\n".join(f"        {cpp_type(p.type)} sbx_a{i} = "
                         f"sbx_json::parse<{cpp_type(p.type)}>({cpp_json_literal(case.input[p.name])});"
                         for i, p in enumerate(problem.params))
        call = ", ".join(f"sbx_a{i}" for i in range(len(problem.params)))
        blocks.append("    {\n" + _fill(case_template, nonce=nonce, index=str(index), args=args, function=fn,
                                         call=call) + "    }")
    return "\n".join(blocks)


def _java_program(problem: Problem, code: str, cases: tuple[TestCase, ...], fn: str, nonce: str) -> str:
    # The file is Main.java, so the candidate's class must not be public.
    code = re.sub(r"\bpublic\s+(final\s+)?class\s+Solution\b", r"\1class Solution", code)
    methods, dispatch = [], []
    for index, case in enumerate(cases):
        args = "\n".join(f"        {java_type(p.type)} a{i} = {java_literal(case.input[p.name], p.type)};"
                         for i, p in enumerate(problem.params))
        call = ", ".join(f"a{i}" for i in range(len(problem.params)))
        methods.append(f"    static Object case{index}() throws Throwable {{\n{args}\n"
                       f"        return new Solution().{fn}({call});\n    }}")
        dispatch.append(f"            case {index}: return case{index}();")
    return code + _fill(_template("java.java.tmpl"), case_methods="\n\n".join(methods),
                        dispatch="\n".join(dispatch), count=str(len(cases)), nonce=nonce)


def new_nonce() -> str:
    return "@sbx-" + secrets.token_hex(8)


# --- judging -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseVerdict:
    name: str
    verdict: str  # passed | failed | error | timeout
    hidden: bool
    expected: Any = None
    actual: Any = None
    error: str | None = None

    def api_dict(self) -> dict[str, Any]:
        if self.hidden:  # hidden cases show only their verdict
            return {"name": self.name, "verdict": self.verdict}
        body: dict[str, Any] = {"name": self.name, "verdict": self.verdict, "expected": self.expected}
        if self.verdict in ("passed", "failed"):
            body["actual"] = storable_json(self.actual)  # what the candidate's code returned may hold NUL
        if self.error:
            body["error"] = storable_text(self.error)
        return body


@dataclass(frozen=True)
class TestReport:
    __test__ = False  # not a pytest class

    problem_id: str
    language: str
    cases: tuple[CaseVerdict, ...]
    execution: ExecutionResult
    program_stdout: bytes = b""  # the candidate's own prints, harness lines removed
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(c.verdict == "passed" for c in self.cases)

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def all_passed(self) -> bool:
        return self.passed == self.total

    def api_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "cases": [c.api_dict() for c in self.cases]}


def values_match(expected: Any, actual: Any, mode: str) -> bool:
    if mode == "unordered":
        if not isinstance(expected, list) or not isinstance(actual, list):
            return False
        return sorted(map(json_text, expected)) == sorted(map(json_text, actual))
    return _equal(expected, actual, float_tolerance=mode == "float")


def _equal(expected: Any, actual: Any, *, float_tolerance: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if float_tolerance or isinstance(expected, float) or isinstance(actual, float):
            return math.isclose(expected, actual, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
        return expected == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _equal(e, a, float_tolerance=float_tolerance) for e, a in zip(expected, actual, strict=True))
    return bool(expected == actual)


def judge(problem: Problem, language: str, nonce: str, execution: ExecutionResult) -> TestReport:
    """Per-case verdicts from the harness lines; cases never reported get the run's fate."""
    started: set[int] = set()
    reported: dict[int, tuple[str, Any]] = {}
    own_lines = []
    for line in execution.stdout.split(b"\n"):
        if not line.startswith(nonce.encode() + b" "):
            own_lines.append(line)
            continue
        parts = line.decode("utf-8", errors="replace").split(" ", 3)
        if len(parts) < 3 or not parts[1].isdigit():
            continue
        index, kind = int(parts[1]), parts[2]
        if kind == "start":
            started.add(index)
        elif kind in ("ok", "error") and len(parts) == 4:
            try:
                reported[index] = (kind, json.loads(parts[3]))
            except ValueError:
                reported[index] = ("error", "the result could not be read as JSON")
    unreported = "timeout" if execution.status in (Status.TIMEOUT, Status.OUTPUT_LIMIT) else "error"
    cases = []
    for index, case in enumerate(problem.all_cases()):
        kind, value = reported.get(index, ("missing", None))
        if kind == "ok":
            verdict = "passed" if values_match(case.output, value, problem.compare) else "failed"
            cases.append(CaseVerdict(case.name, verdict, case.hidden, case.output, value))
        elif kind == "error":
            cases.append(CaseVerdict(case.name, "error", case.hidden, case.output, error=str(value)[:500]))
        else:
            reason = _unreported_reason(execution, started_here=index in started)
            cases.append(CaseVerdict(case.name, unreported, case.hidden, case.output, error=reason))
    return TestReport(problem.id, language, tuple(cases), execution, b"\n".join(own_lines))


def _unreported_reason(execution: ExecutionResult, *, started_here: bool) -> str:
    if execution.status is Status.COMPILE_ERROR:
        return "compile error"
    if not started_here:
        return f"not run: the program stopped earlier ({execution.status.value})"
    return f"the program stopped during this case ({execution.status.value})"
