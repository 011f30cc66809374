"""The sandbox's pure parts: limits, exit classification, judging, literals, the bwrap command line."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import pytest

from api.sandbox.bwrap import BwrapBackend, bwrap_argv
from api.sandbox.harness import CaseVerdict, judge, values_match
from api.sandbox.interface import RunRequest, SandboxUnavailable, ToolchainMissing, classify_exit
from api.sandbox.languages import LANGUAGES, missing_toolchain, resolve_language
from api.sandbox.limits import Limits, clamp_timeout
from api.sandbox.problems import Problem, TestCase, get_problem
from api.sandbox.result import ExecutionResult, Status
from api.sandbox.seccomp import deny_filter_bpf
from api.sandbox.service import run_problem_tests
from api.sandbox.signature import Param, cpp_json_literal, java_literal, starter_code
from api.settings import Settings, set_settings


@pytest.mark.parametrize(("requested", "expected"),
                         [(None, 10.0), (0.01, 1.0), (-5, 1.0), (7.5, 7.5), (999, 30.0)])
def test_client_timeout_is_clamped_to_one_to_thirty_seconds(requested: float | None, expected: float) -> None:
    limits = clamp_timeout(requested, Limits())
    assert limits.wall_s == limits.cpu_s == expected


def test_operator_cap_lowers_the_client_ceiling(sandbox_settings: Settings) -> None:
    set_settings(dataclasses.replace(sandbox_settings, sandbox_max_timeout_s=4.0))
    assert clamp_timeout(25, Limits()).wall_s == 4.0


@pytest.mark.parametrize(("kwargs", "status", "exit_code"), [
    ({"returncode": 0}, Status.OK, 0),
    ({"returncode": 3}, Status.RUNTIME_ERROR, 3),
    ({"returncode": -9, "timed_out": True}, Status.TIMEOUT, 137),
    ({"returncode": 152}, Status.TIMEOUT, 152),  # SIGXCPU: the CPU rlimit
    ({"returncode": 137, "cpu_ms": 2000.0}, Status.TIMEOUT, 137),  # hard CPU limit
    ({"returncode": 137, "oom_killed": True}, Status.MEMORY_LIMIT, 137),
    ({"returncode": 1, "stderr": b"MemoryError\n"}, Status.MEMORY_LIMIT, 1),
    ({"returncode": 137, "output_limited": True}, Status.OUTPUT_LIMIT, 137),
    ({"returncode": 139}, Status.RUNTIME_ERROR, 139),  # segfault
])
def test_exit_classification(kwargs: dict[str, Any], status: Status, exit_code: int) -> None:
    args = {"returncode": None, "timed_out": False, "output_limited": False, "oom_killed": False,
            "stderr": b"", "cpu_ms": None, "cpu_limit_s": 1.0} | kwargs
    assert classify_exit(**args)[:2] == (status, exit_code)


def test_values_match_modes() -> None:
    assert values_match([[1, 2], [3]], [[3], [1, 2]], "unordered")
    assert not values_match([1, 2], [2, 1], "exact")
    assert values_match(0.1 + 0.2, 0.3, "float")
    assert not values_match(True, 1, "exact") and not values_match(1, True, "exact")
    assert values_match(2, 2.0, "exact")


PROBLEM = Problem(
    id="echo", title="Echo", difficulty="easy", tags=("strings",), prompt="Return s.",
    function_name="echo_text",
    params=(Param("s", "string"),), returns="string", compare="exact",
    starter_code=starter_code("echo_text", (Param("s", "string"),), "string"),
    examples=[{"input": {"s": "a"}, "output": "a"}], hints=("a", "b", "c"),
    tests=tuple(TestCase(f"hidden {i + 1}", {"s": s}, s, hidden=True) for i, s in enumerate(
        ['quote " back \\ slash', "new\nline\ttab", "café ü ß", "emoji 🙂 𝄞", "nul \u0000 byte",
         ")sbx\" */ //"])),
    time_limit_s=10,
)
ECHO = {
    "python": "def echo_text(s):\n    return s\n",
    "javascript": "function echoText(s) { return s; }\n",
    "cpp": "#include <string>\nstd::string echoText(std::string s) { return s; }\n",
    "java": "public class Solution { public String echoText(String s) { return s; } }\n",
}


def run_harness(problem: Problem, language: str, lines: list[str], status: Status) -> list[CaseVerdict]:
    stdout = "\n".join(lines).encode()
    result = ExecutionResult(status, 0, stdout, b"", False, 1.0, "test")
    return list(judge(problem, language, "@n", result).cases)


def test_judge_gives_timeout_to_the_running_case_and_those_never_started() -> None:
    problem = get_problem("two-sum")
    assert problem is not None
    lines = ["user print", "@n 0 start", "@n 0 ok [0,1]", "@n 1 start", "@n 1 ok [9,9]", "@n 2 start"]
    cases = run_harness(problem, "python", lines, Status.TIMEOUT)
    assert [c.verdict for c in cases[:3]] == ["passed", "failed", "timeout"]
    assert all(c.verdict == "timeout" and "not run" in (c.error or "") for c in cases[3:])


def test_judge_after_a_crash_marks_the_rest_as_errors_and_hides_hidden_details() -> None:
    problem = get_problem("two-sum")
    assert problem is not None
    lines = ["@n 0 start", '@n 0 error "ValueError: x"', "@n 1 start"]
    cases = run_harness(problem, "python", lines, Status.RUNTIME_ERROR)
    assert cases[0].verdict == "error" and cases[0].error == "ValueError: x"
    assert all(c.verdict == "error" for c in cases[1:])
    hidden = [c.api_dict() for c in cases if c.hidden]
    assert hidden and all(set(h) == {"name", "verdict"} for h in hidden)


def test_forged_or_garbled_lines_cannot_pass_a_case() -> None:
    problem = get_problem("two-sum")
    assert problem is not None
    lines = ["@other 0 ok [0,1]", "@n 0 ok not-json", "@n x ok [0,1]"]
    cases = run_harness(problem, "python", lines, Status.OK)
    assert cases[0].verdict == "error" and all(c.verdict != "passed" for c in cases)


def test_literals_escape_everything_that_could_break_out() -> None:
    text = 'a"b\\c\n\u00e9\U0001f642'
    assert json.loads(bytes(cpp_json_literal(text)[1:-1], "ascii").decode("unicode_escape")) == text
    java = java_literal(text, "string")
    assert "\n" not in java and '\\"' in java and "\\ud83d\\ude42" in java
    assert java_literal([[1, 2], [3]], "int[][]") == "new int[][]{new int[]{1, 2}, new int[]{3}}"


def test_tricky_strings_round_trip_through_every_language_harness() -> None:
    async def run_all() -> dict[str, list[str]]:
        reports = await asyncio.gather(*(run_problem_tests(PROBLEM, ECHO[lang], lang) for lang in ECHO))
        return {lang: [c.verdict for c in r.cases] for lang, r in zip(ECHO, reports, strict=True)}

    for language, verdicts in asyncio.run(run_all()).items():
        assert set(verdicts) == {"passed"}, (language, verdicts)


def test_starter_code_runs_in_every_language_and_fails_politely() -> None:
    problem = get_problem("two-sum")
    assert problem is not None

    async def run_all() -> list[tuple[str, set[str], Status]]:
        reports = await asyncio.gather(*(run_problem_tests(problem, problem.starter_code[lang], lang)
                                         for lang in LANGUAGES))
        return [(r.language, {c.verdict for c in r.cases}, r.execution.status) for r in reports]

    for language, verdicts, status in asyncio.run(run_all()):
        assert status is Status.OK, language
        assert verdicts <= {"failed", "error"} and verdicts, (language, verdicts)


def test_language_aliases() -> None:
    assert resolve_language("JS") is LANGUAGES["javascript"]
    assert resolve_language("c++") is LANGUAGES["cpp"]
    assert resolve_language("py") is LANGUAGES["python"]
    assert resolve_language("cobol") is None


def test_bwrap_command_line_isolates_by_default() -> None:
    argv = bwrap_argv(LANGUAGES["python"], Limits(), ["/usr/bin/python3", "main.py"], info_fd=3, block_fd=4,
                      seccomp_fd=5, source_fd=6, work_dir=None)
    for flag in ("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                 "--clearenv"):
        assert flag in argv
    assert argv[argv.index("--seccomp") + 1] == "5"
    assert "--share-net" not in argv and "--bind" not in argv
    binds = [argv[i + 1] for i, a in enumerate(argv) if a in ("--ro-bind", "--ro-bind-try")]
    assert binds == ["/usr", "/etc/ld.so.cache"]  # nothing else of the host is visible
    assert argv[argv.index("--remount-ro") + 1] == "/dev" and argv[-9:-7] == ["--remount-ro", "/"]


def test_seccomp_filter_compiles_to_bpf() -> None:
    bpf = deny_filter_bpf()
    assert len(bpf) > 100 and len(bpf) % 8 == 0  # whole sock_filter instructions


def test_a_missing_toolchain_is_named_instead_of_run() -> None:
    node_missing = dataclasses.replace(LANGUAGES["javascript"], run_argv=("/nonexistent/bin/node", "main.js"))
    javac_missing = dataclasses.replace(LANGUAGES["java"], compile_argv=("/nonexistent/javac", "Main.java"))
    assert missing_toolchain(node_missing) == "/nonexistent/bin/node"
    assert missing_toolchain(javac_missing) == "/nonexistent/javac"
    with pytest.raises(ToolchainMissing, match=r"javascript cannot run here.*/nonexistent/bin/node") as exc:
        BwrapBackend().run(RunRequest(node_missing, "console.log(1)"))
    assert isinstance(exc.value, SandboxUnavailable) and exc.value.language == "javascript"
