"""Function signatures of problems, in every language: type names, literals and starter code.

Problem types are a small closed set so each language's harness can be generated, not hand-written:
int, float, bool, string, and arrays of them (`int[]`, `int[][]`, ...).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

SCALARS = ("int", "float", "bool", "string")


@dataclass(frozen=True)
class Param:
    name: str
    type: str


def parse_type(type_name: str) -> tuple[str, int]:
    """("int", 2) for "int[][]"; raises ValueError for anything outside the closed set."""
    match = re.fullmatch(r"(int|float|bool|string)((?:\[\])*)", type_name)
    if not match:
        raise ValueError(f"unsupported type {type_name!r}")
    return match.group(1), len(match.group(2)) // 2


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def function_name_in(language: str, function_name: str) -> str:
    return function_name if language == "python" else camel(function_name)


# --- type names --------------------------------------------------------------------------------

_PY = {"int": "int", "float": "float", "bool": "bool", "string": "str"}
_CPP = {"int": "int", "float": "double", "bool": "bool", "string": "std::string"}
_JAVA = {"int": "int", "float": "double", "bool": "boolean", "string": "String"}


def python_type(type_name: str) -> str:
    base, depth = parse_type(type_name)
    out = _PY[base]
    for _ in range(depth):
        out = f"list[{out}]"
    return out


def cpp_type(type_name: str, *, std_prefix: bool = True) -> str:
    base, depth = parse_type(type_name)
    out = _CPP[base]
    for _ in range(depth):
        out = f"std::vector<{out}>"
    return out if std_prefix else out.replace("std::", "")


def java_type(type_name: str) -> str:
    base, depth = parse_type(type_name)
    return _JAVA[base] + "[]" * depth


# --- literals ----------------------------------------------------------------------------------


def _escaped_bytes(text: str, *, java: bool) -> str:
    """A string body with octal escapes for anything not plain printable ASCII (no \\x/\\u pitfalls)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= code < 127:
            out.append(ch)
        elif java and code > 255:
            units = ch.encode("utf-16-be")
            out.extend(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))
        elif java:
            out.append(f"\\{code:03o}")
        else:
            out.extend(f"\\{byte:03o}" for byte in ch.encode())
    return "".join(out)


def _java_scalar(value: Any, base: str) -> str:
    if base == "bool":
        return "true" if value else "false"
    if base == "int":
        return str(int(value))
    if base == "float":
        return repr(float(value))
    return '"' + _escaped_bytes(str(value), java=True) + '"'


def cpp_json_literal(value: Any) -> str:
    """A C++ string literal holding `value` as ASCII JSON (read back by the harness's parser)."""
    return '"' + _escaped_bytes(json.dumps(value, ensure_ascii=True), java=False) + '"'


def java_literal(value: Any, type_name: str) -> str:
    base, depth = parse_type(type_name)
    if depth == 0:
        return _java_scalar(value, base)
    inner = type_name[:-2]
    return f"new {java_type(type_name)}" + "{" + ", ".join(java_literal(v, inner) for v in value) + "}"


# --- starter code ------------------------------------------------------------------------------

_CPP_DEFAULT = {"int": "0", "float": "0.0", "bool": "false", "string": '""'}
_JAVA_DEFAULT = {"int": "0", "float": "0.0", "bool": "false", "string": '""'}


def starter_code(function_name: str, params: tuple[Param, ...], returns: str) -> dict[str, str]:
    js_name = camel(function_name)
    base, depth = parse_type(returns)
    py_args = ", ".join(f"{p.name}: {python_type(p.type)}" for p in params)
    js_args = ", ".join(camel(p.name) for p in params)
    cpp_args = ", ".join(f"{cpp_type(p.type, std_prefix=False)} {camel(p.name)}" for p in params)
    java_args = ", ".join(f"{java_type(p.type)} {camel(p.name)}" for p in params)
    cpp_ret = "{}" if depth else _CPP_DEFAULT[base]
    java_ret = f"new {_JAVA[base]}[0]{'[]' * (depth - 1)}" if depth else _JAVA_DEFAULT[base]
    return {
        "python": f"def {function_name}({py_args}) -> {python_type(returns)}:\n"
                  "    # Write your solution here.\n    pass\n",
        "javascript": f"function {js_name}({js_args}) {{\n  // Write your solution here.\n}}\n",
        "cpp": "#include <bits/stdc++.h>\nusing namespace std;\n\n"
               f"{cpp_type(returns, std_prefix=False)} {js_name}({cpp_args}) {{\n"
               f"    // Write your solution here.\n    return {cpp_ret};\n}}\n",
        "java": "import java.util.*;\n\nclass Solution {\n"
                f"    public {java_type(returns)} {js_name}({java_args}) {{\n"
                f"        // Write your solution here.\n        return {java_ret};\n    }}\n}}\n",
    }


def json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
