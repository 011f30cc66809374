"""The console's typed commands, as plain functions: what a line asks for, which language a file is in, and
what the candidate reads back.

In `python -m agent console` the candidate types answers; a line that starts with a command word is for the
console instead of the interviewer:

    /problem [LANG]             the current exercise: prompt, examples, starter code (python by default)
    /submit PATH [--lang LANG]  run that file against the exercise's tests (language from its extension)

`agent.console_command_runner` carries them out against a running interview.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from api.sandbox.languages import LANGUAGES, resolve_language
from api.sandbox.problems import Problem

DEFAULT_LANGUAGE = "python"
COMMANDS_HINT = (
    "Coding exercise: type /problem to see it with its starter code (/problem java, cpp or javascript for "
    "another language), then /submit PATH to run your file against its tests (--lang LANG if the file's "
    "extension does not say)."
)
USAGE = "Commands: /problem [LANG], /submit PATH [--lang LANG]"
# Source extensions besides those of the sandbox's own file names (main.py, main.js, main.cpp, Main.java).
EXTRA_EXTENSIONS = {".cc": "cpp", ".cxx": "cpp", ".c++": "cpp", ".mjs": "javascript", ".cjs": "javascript"}
# A command word: "/" and letters. "/usr/bin is where..." is an answer, not a command.
COMMAND_WORD = re.compile(r"/[A-Za-z][A-Za-z_-]*")
ERROR_LINE = re.compile(r"error|exception", re.IGNORECASE)
MAX_DETAIL_CHARS = 200


class ConsoleCommandError(ValueError):
    """A command the console cannot carry out; its message is the one line the candidate reads."""


@dataclass(frozen=True)
class ShowProblem:
    language: str


@dataclass(frozen=True)
class SubmitFile:
    path: str
    language: str | None  # as typed after --lang; None: from the file's extension


ConsoleCommand = ShowProblem | SubmitFile


def parse_console_command(line: str) -> ConsoleCommand | None:
    """The command on a typed line; None when the line is an answer for the interviewer.

    Raises ConsoleCommandError for an unknown command word or a malformed command."""
    stripped = line.strip()
    first = stripped.split(maxsplit=1)[0] if stripped else ""
    if not COMMAND_WORD.fullmatch(first):
        return None
    try:
        words = shlex.split(stripped)
    except ValueError as exc:  # an unclosed quote
        raise ConsoleCommandError(f"Could not read that command ({exc}). {USAGE}") from exc
    name, arguments = words[0].lower(), words[1:]
    language, rest = _take_language_option(arguments)
    if name == "/problem":
        if len(rest) > 1 or (rest and language):
            raise ConsoleCommandError(f"/problem takes one language at most. {USAGE}")
        return ShowProblem(language_named(language or (rest[0] if rest else DEFAULT_LANGUAGE)))
    if name == "/submit":
        if len(rest) != 1:
            raise ConsoleCommandError(f"/submit takes one file: /submit PATH [--lang LANG]. {USAGE}")
        return SubmitFile(rest[0], language_named(language) if language else None)
    raise ConsoleCommandError(f"Unknown command {words[0]}. {USAGE}")


def _take_language_option(arguments: Sequence[str]) -> tuple[str | None, list[str]]:
    """`--lang X` or `--lang=X` anywhere among the arguments; the other arguments in order."""
    language: str | None = None
    rest: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word == "--lang":
            if index + 1 >= len(arguments):
                raise ConsoleCommandError(f"--lang needs a language. {USAGE}")
            language = arguments[index + 1]
            index += 2
            continue
        if word.startswith("--lang="):
            language = word.removeprefix("--lang=")
        else:
            rest.append(word)
        index += 1
    return language, rest


def supported_languages() -> str:
    return ", ".join(LANGUAGES)


def language_named(name: str) -> str:
    """The sandbox's name for a language typed by the candidate (aliases such as py, js, c++ accepted)."""
    language = resolve_language(name)
    if language is None:
        raise ConsoleCommandError(f"Unknown language {name!r}: use one of {supported_languages()}.")
    return language.name


def extension_languages() -> dict[str, str]:
    """File extension → language, from the sandbox's own source file names plus common alternatives."""
    own = {PurePath(lang.source_file).suffix: name for name, lang in LANGUAGES.items()}
    return {**own, **EXTRA_EXTENSIONS}


def language_for_file(path: str, explicit: str | None) -> str:
    """The language to run a file as: the one given with --lang, else the file's extension says."""
    if explicit is not None:
        return explicit
    suffix = PurePath(path).suffix.lower()
    language = extension_languages().get(suffix)
    if language is None:
        raise ConsoleCommandError(
            f"Cannot tell the language of {path} from its extension: add --lang with one of "
            f"{supported_languages()}."
        )
    return language


def first_error_line(text: str) -> str:
    """The line of a compiler's or runtime's output that names the error (else its first line), shortened."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    named = next((line for line in lines if ERROR_LINE.search(line)), lines[0])
    return named if len(named) <= MAX_DETAIL_CHARS else named[: MAX_DETAIL_CHARS - 1] + "…"


def first_case_error(tests: Mapping[str, Any] | None) -> str:
    """The first error a visible test case reports (hidden cases report none: their inputs stay hidden)."""
    for case in (tests or {}).get("cases", []):
        if isinstance(case, Mapping) and case.get("error"):
            return str(case["error"])
    return ""


def result_line(*, status: str, tests_passed: int | None, tests_total: int | None, stderr: str,
                tests: Mapping[str, Any] | None = None) -> str:
    """What the candidate reads after `/submit`: tests passed out of total, and why the run went wrong."""
    total = tests_total or 0
    head = f"Tests: {tests_passed or 0}/{total} passed" if total else f"Run finished ({status})"
    if status == "compile_error":
        detail = f"compile error: {first_error_line(stderr)}"
    elif status == "timeout":
        detail = "timed out"
    elif status != "ok" and first_error_line(stderr):
        detail = f"{status.replace('_', ' ')}: {first_error_line(stderr)}"
    else:
        detail = first_error_line(first_case_error(tests))
    return f"{head} — {detail}" if detail else f"{head}."


def problem_text(problem: Problem, language: str) -> str:
    """The exercise as `/problem` prints it: title, prompt, examples, then the starter code to save."""
    lines = [f"{problem.title} ({problem.difficulty})", "", problem.prompt, "", "Examples:"]
    for example in problem.examples:
        arguments = ", ".join(f"{name}={json.dumps(value)}" for name, value in example["input"].items())
        lines.append(f"  {arguments}  ->  {json.dumps(example['output'])}")
    lines += [
        "",
        f"Starter code ({language}): save it to a file, write your solution, then type /submit PATH",
        "",
        problem.starter_code[language].rstrip("\n"),
    ]
    return "\n".join(lines)
