"""`python -m agent` argument handling: the console falls back to text mode where there is no microphone."""

from __future__ import annotations

import pytest

import agent.__main__ as cli_main


@pytest.mark.parametrize(
    ("argv", "microphone", "expected"),
    [
        (["agent", "console"], False, ["agent", "console", "--text"]),
        (["agent", "console"], True, ["agent", "console"]),
        (["agent", "console", "--text"], False, ["agent", "console", "--text"]),
        (["agent", "console", "--input-device", "3"], False, ["agent", "console", "--input-device", "3"]),
        (["agent", "console", "--list-devices"], False, ["agent", "console", "--list-devices"]),
        (["agent", "start"], False, ["agent", "start"]),
        (["agent", "download-files"], False, ["agent", "download-files"]),
    ],
)
def test_console_without_a_microphone_types_instead(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], microphone: bool, expected: list[str]
) -> None:
    monkeypatch.setattr(cli_main, "has_microphone", lambda: microphone)
    assert cli_main.console_arguments(argv) == expected


def test_this_machine_reports_its_microphone_without_raising() -> None:
    assert isinstance(cli_main.has_microphone(), bool)
