"""`python -m agent console --text` under a pseudo-terminal: a typed interview on the built-in demo, with
the embedded engines, a fresh local SQLite database created by the console itself, and no servers."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tests.agent.pty_console import (
    PROMPT,
    REPO,
    STARTUP_SECONDS,
    TURN_SECONDS,
    ConsoleSession,
    console_env,
)


def test_console_text_mode_answers_typed_lines_and_ends_cleanly_when_the_interview_is_over(
    tmp_path: Path,
) -> None:
    database = tmp_path / "console.sqlite3"
    console = ConsoleSession(["console", "--text"], console_env(tmp_path, database), str(REPO))
    try:
        end = console.wait_for(r"● Agent", timeout=STARTUP_SECONDS)
        end = console.wait_for(r"Jordan", timeout=TURN_SECONDS, after=end)  # the demo candidate, by name
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        console.type_line("Yes, I'm ready.")
        end = console.wait_for(r"● You", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        console.type_line("I'd like to stop the interview now, please.")
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=end)
        status = console.wait_exit(TURN_SECONDS)
    finally:
        console.stop()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, console.output[-3000:]
    assert "Traceback" not in console.output, console.output[-3000:]

    conn = sqlite3.connect(database)
    try:
        (interview_id, status_text) = conn.execute("SELECT id, status FROM interviews").fetchone()
        turns = conn.execute(
            "SELECT role, text, phase FROM transcript_messages WHERE interview_id = ? ORDER BY seq",
            (interview_id,),
        ).fetchall()
        feedback = conn.execute(
            "SELECT COUNT(*) FROM feedback WHERE interview_id = ?", (interview_id,)
        ).fetchone()
    finally:
        conn.close()
    assert status_text == "completed"
    assert [text for role, text, _ in turns if role == "candidate"] == [
        "Yes, I'm ready.", "I'd like to stop the interview now, please."
    ]
    assert turns[0][0] == "agent" and turns[0][2] == "greeting"
    assert turns[-1][0] == "agent"
    assert feedback == (1,)
