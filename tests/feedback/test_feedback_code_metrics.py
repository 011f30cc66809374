"""Static code metrics from lizard (size, complexity) and from the code's names and guards."""

from __future__ import annotations

from api.feedback.code_metrics import analyze_code

BRANCHY = """def classify(value):
    if value is None:
        raise ValueError("value is required")
    if value < 0:
        return "negative"
    elif value == 0:
        return "zero"
    elif value < 10:
        return "small"
    elif value < 100:
        return "medium"
    return "large"
"""

JS = """function sumPositive(numbers) {
  if (!Array.isArray(numbers)) throw new TypeError("numbers must be an array");
  let total = 0;
  for (const n of numbers) { if (n > 0) total += n; }
  return total;
}
"""


def test_python_complexity_names_and_guard_are_measured():
    metrics = analyze_code(BRANCHY, "python")
    assert metrics.function_count == 1
    assert metrics.max_ccn == 6  # five decisions + 1
    assert metrics.identifiers == ("classify", "value")
    assert metrics.has_error_handling and metrics.parses
    assert metrics.worst_function_line == "def classify(value):"


def test_cryptic_names_lower_the_descriptive_share():
    allow = frozenset({"i", "j"})
    readable = analyze_code(
        "def total(prices):\n    amount = 0\n    for i in prices:\n        amount += i\n", "python"
    )
    cryptic = analyze_code("def t(p):\n    a = 0\n    for q in p:\n        a += q\n", "python")
    assert readable.descriptive_name_share(allow) == 1.0
    assert cryptic.descriptive_name_share(allow) == 0.0


def test_code_without_guards_has_no_error_handling():
    metrics = analyze_code("def first(items):\n    return items[0]\n", "python")
    assert not metrics.has_error_handling


def test_a_python_syntax_error_is_reported_not_raised():
    metrics = analyze_code("def broken(:\n    return", "python")
    assert not metrics.parses


def test_javascript_is_measured_by_lizard_and_declarations():
    metrics = analyze_code(JS, "javascript")
    assert metrics.function_count == 1 and metrics.max_ccn >= 3
    assert {"sumPositive", "total", "numbers"} <= set(metrics.identifiers)
    assert metrics.has_error_handling
    assert metrics.worst_function_line == "function sumPositive(numbers) {"


def test_function_length_is_the_longest_function():
    long_body = "def long_one(x):\n" + "".join(f"    x = x + {i}\n" for i in range(40)) + "    return x\n"
    metrics = analyze_code(long_body + "\ndef short(y):\n    return y\n", "python")
    assert metrics.function_count == 2 and metrics.max_function_nloc >= 41
