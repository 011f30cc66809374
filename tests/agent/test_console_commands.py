"""The console's typed commands as plain functions: parsing, choosing the language, the lines shown back."""

from __future__ import annotations

import pytest

from agent.console_commands import (
    ConsoleCommandError,
    ShowProblem,
    SubmitFile,
    first_error_line,
    language_for_file,
    parse_console_command,
    problem_text,
    result_line,
)
from api.sandbox.problems import get_problem


@pytest.mark.parametrize("line", [
    "Yes, I'm ready.",
    "I'd use a hash map here",
    "",
    "   ",
    "/usr/bin/python3 is what we ran in production",
    "/ submit is not a command",
])
def test_answers_are_not_commands(line: str) -> None:
    assert parse_console_command(line) is None


@pytest.mark.parametrize(("line", "command"), [
    ("/problem", ShowProblem("python")),
    ("  /problem  ", ShowProblem("python")),
    ("/problem java", ShowProblem("java")),
    ("/problem js", ShowProblem("javascript")),
    ("/problem --lang c++", ShowProblem("cpp")),
    ("/PROBLEM", ShowProblem("python")),
    ("/submit solution.py", SubmitFile("solution.py", None)),
    ("/submit ~/work/main.cpp", SubmitFile("~/work/main.cpp", None)),
    ("/submit 'my solution.py'", SubmitFile("my solution.py", None)),
    ("/submit answer.txt --lang py", SubmitFile("answer.txt", "python")),
    ("/submit --lang=node answer", SubmitFile("answer", "javascript")),
])
def test_commands_are_parsed_with_languages_resolved(line: str, command: object) -> None:
    assert parse_console_command(line) == command


@pytest.mark.parametrize(("line", "message"), [
    ("/submit", "/submit takes one file"),
    ("/submit a.py b.py", "/submit takes one file"),
    ("/submit a.py --lang", "--lang needs a language"),
    ("/submit a.py --lang cobol", "Unknown language 'cobol': use one of python, javascript, cpp, java."),
    ("/problem ruby", "Unknown language 'ruby'"),
    ("/problem java cpp", "/problem takes one language at most"),
    ("/submit 'unclosed.py", "Could not read that command"),
    ("/sumbit a.py", "Unknown command /sumbit. Commands: /problem [LANG], /submit PATH [--lang LANG]"),
])
def test_malformed_commands_raise_one_line_for_the_candidate(line: str, message: str) -> None:
    with pytest.raises(ConsoleCommandError, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        parse_console_command(line)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("path", "language"), [
    ("solution.py", "python"),
    ("dir.v2/Solution.JAVA", "java"),
    ("a.js", "javascript"),
    ("a.mjs", "javascript"),
    ("a.cpp", "cpp"),
    ("a.cc", "cpp"),
])
def test_the_language_comes_from_the_extension(path: str, language: str) -> None:
    assert language_for_file(path, None) == language


def test_an_explicit_language_wins_and_an_unknown_extension_says_what_to_do() -> None:
    assert language_for_file("solution.py", "java") == "java"
    with pytest.raises(ConsoleCommandError, match=r"Cannot tell the language of notes.rb .* add --lang"):
        language_for_file("notes.rb", None)
    with pytest.raises(ConsoleCommandError, match="Cannot tell the language of Makefile"):
        language_for_file("Makefile", None)


def test_the_result_line_counts_tests_and_names_the_error() -> None:
    assert result_line(status="ok", tests_passed=11, tests_total=11, stderr="") == "Tests: 11/11 passed."
    assert result_line(status="ok", tests_passed=3, tests_total=11, stderr="") == "Tests: 3/11 passed."
    compile_error = "main.cpp: In function 'int f()':\nmain.cpp:3:5: error: expected ';' before '}'\n"
    assert result_line(status="compile_error", tests_passed=0, tests_total=11, stderr=compile_error) == (
        "Tests: 0/11 passed — compile error: main.cpp:3:5: error: expected ';' before '}'"
    )
    traceback = 'Traceback (most recent call last):\n  File "main.py", line 9, in <module>\nNameError: x\n'
    assert result_line(status="runtime_error", tests_passed=0, tests_total=4, stderr=traceback) == (
        "Tests: 0/4 passed — runtime error: NameError: x"
    )
    assert result_line(status="timeout", tests_passed=2, tests_total=4, stderr="") == (
        "Tests: 2/4 passed — timed out"
    )
    error = "ZeroDivisionError: division by zero"
    tests = {"cases": [{"name": "example 1", "verdict": "passed"},
                       {"name": "example 2", "verdict": "error", "error": error},
                       {"name": "hidden 1", "verdict": "error"}]}
    assert result_line(status="ok", tests_passed=1, tests_total=3, stderr="", tests=tests) == (
        "Tests: 1/3 passed — ZeroDivisionError: division by zero"
    )


def test_the_first_error_line_is_short() -> None:
    assert first_error_line("") == ""
    assert first_error_line("warning: x\nsomething odd") == "warning: x"
    assert len(first_error_line("error: " + "x" * 500)) == 200


def test_the_problem_text_has_the_prompt_examples_and_starter_code() -> None:
    problem = get_problem("edit-distance")
    assert problem is not None
    text = problem_text(problem, "python")
    assert text.startswith("Edit Distance (hard)\n")
    assert problem.prompt in text
    assert 'a="horse", b="ros"  ->  3' in text
    assert text.endswith(problem.starter_code["python"].rstrip("\n"))
    assert "/submit PATH" in text
