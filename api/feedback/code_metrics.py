"""Static metrics of submitted code: size, cyclomatic complexity, naming and error handling.

Size and complexity come from `lizard` (python, javascript, typescript, java, c/c++, go, rust, ruby...).
Names and error handling are read from Python's own `ast` for Python, and from declarations and
keywords for other languages.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import lizard

_EXTENSION = {
    "python": "py", "py": "py", "python3": "py",
    "javascript": "js", "js": "js", "node": "js",
    "typescript": "ts", "ts": "ts",
    "java": "java", "c": "c", "cpp": "cpp", "c++": "cpp", "go": "go", "rust": "rs", "ruby": "rb",
}  # fmt: skip
_DECLARATION = re.compile(
    r"\b(?:let|const|var|function|def|int|long|float|double|bool|boolean|char|String|auto|val|fn|func)\s+"
    r"([A-Za-z_$][\w$]*)"
)
_ERROR_KEYWORDS = re.compile(r"\b(?:try|catch|except|throw|raise|finally)\b")
_GUARD = re.compile(
    r"\bif\s*\(?\s*(?:!\s*\w+|\w+\s*(?:===?|==)\s*(?:null|undefined|None)|\w+\s+is\s+None|not\s+\w+"
    r"|(?:len\(\w+\)|\w+\.length)\s*(?:===?|==|<|<=)\s*[01])"
)


@dataclass(frozen=True)
class CodeMetrics:
    nloc: int
    function_count: int
    max_ccn: int
    mean_ccn: float
    max_function_nloc: int
    identifiers: tuple[str, ...]
    has_error_handling: bool
    parses: bool
    worst_function_line: str | None  # the verbatim first line of the most complex function

    def descriptive_name_share(self, allowlist: frozenset[str]) -> float | None:
        """Share of names that say what they hold: 3+ characters, or a conventional short name."""
        if not self.identifiers:
            return None
        good = sum(1 for name in self.identifiers if len(name) >= 3 or name in allowlist)
        return good / len(self.identifiers)


def _python_names_and_guards(code: str) -> tuple[list[str], bool, bool]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return [], False, False
    names: list[str] = []
    handles_errors = False
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.arg):
            names.append(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, ast.Try | ast.Raise):
            handles_errors = True
        elif isinstance(node, ast.If) and node.body and isinstance(node.body[0], ast.Return | ast.Raise):
            handles_errors = handles_errors or _GUARD.search(f"if {ast.unparse(node.test)}:") is not None
    unique = list(dict.fromkeys(n for n in names if n not in ("self", "cls")))
    return unique, handles_errors, True


def analyze_code(code: str, language: str) -> CodeMetrics:
    ext = _EXTENSION.get(language.lower(), "py")
    info = lizard.analyze_file.analyze_source_code(f"submission.{ext}", code)
    functions = info.function_list
    ccns = [f.cyclomatic_complexity for f in functions] or [1]
    worst = max(functions, key=lambda f: f.cyclomatic_complexity, default=None)
    worst_line = None
    if worst is not None:
        lines = code.splitlines()
        if 0 < worst.start_line <= len(lines):
            worst_line = lines[worst.start_line - 1].strip() or None
    if ext == "py":
        names, handles_errors, parses = _python_names_and_guards(code)
    else:
        names = list(dict.fromkeys(_DECLARATION.findall(code)))
        for function in functions:
            names.extend(
                p for p in (_param_name(fp) for fp in function.full_parameters) if p and p not in names
            )
        handles_errors = bool(_ERROR_KEYWORDS.search(code) or _GUARD.search(code))
        parses = True
    return CodeMetrics(
        nloc=int(info.nloc),
        function_count=len(functions),
        max_ccn=max(ccns),
        mean_ccn=sum(ccns) / len(ccns),
        max_function_nloc=max((f.nloc for f in functions), default=int(info.nloc)),
        identifiers=tuple(names),
        has_error_handling=handles_errors,
        parses=parses,
        worst_function_line=worst_line,
    )


def _param_name(full_parameter: str) -> str | None:
    match = re.search(r"([A-Za-z_$][\w$]*)\s*(?:=.*)?$", full_parameter.strip())
    return match.group(1) if match else None
