"""`python -m agent console --text` under a pseudo-terminal: the candidate reads the exercise with `/problem`,
submits files with `/submit PATH`, reads the result line and hears the interviewer react; the real sandbox,
and the console's own SQLite database."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from api.sandbox.problems import get_problem
from tests.agent.pty_console import (
    PROMPT,
    REPO,
    STARTUP_SECONDS,
    TURN_SECONDS,
    ConsoleSession,
    console_env,
)

# Straight from the greeting to the coding exercise: no resume or technical questions.
CODING_FIRST = json.dumps({"phases": {"resume": {"max_questions": 0}, "technical": {"max_questions": 0}}})
STOP = "I'd like to stop the interview now, please."


def current_problem_id(database: Path) -> str:
    conn = sqlite3.connect(database)
    try:
        (problem_id,) = conn.execute("SELECT current_problem_id FROM interviews").fetchone()
    finally:
        conn.close()
    assert problem_id, "the interviewer has not given the exercise"
    return str(problem_id)


def test_the_candidate_submits_files_from_the_console_and_the_interviewer_reacts(tmp_path: Path) -> None:
    database = tmp_path / "console.sqlite3"
    env = console_env(tmp_path, database, INTERVIEWER_BUDGETS_JSON=CODING_FIRST)
    console = ConsoleSession(["console", "--text"], env, str(REPO))
    try:
        hint = console.wait_for(r"type /problem[\s\S]*?/submit PATH", timeout=STARTUP_SECONDS)
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=hint)  # the hint precedes the greeting
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        console.type_line("Yes, I'm ready.")
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        problem = get_problem(current_problem_id(database))
        assert problem is not None

        console.type_line("/problem")
        end = console.wait_for(r"Starter code \(python\)", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        assert problem.title in console.output
        assert problem.starter_code["python"].splitlines()[0] in console.output

        wrong = tmp_path / "wrong.py"
        wrong.write_text(problem.solution("python", wrong=True) or "")
        console.type_line(f"/submit {wrong}")
        end = console.wait_for(r"Tests: \d+/\d+ passed", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)

        right = tmp_path / "right.py"
        right.write_text(problem.solution("python") or "")
        console.type_line(f"/submit {right}")
        total = len(problem.all_cases())
        end = console.wait_for(rf"Tests: {total}/{total} passed\.", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(rf"● Agent\s+\S.*\b{total}\b", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)

        console.type_line("/submit missing.py")
        end = console.wait_for(r"No such file: missing.py", timeout=TURN_SECONDS, after=end)
        end = console.wait_for(PROMPT, timeout=TURN_SECONDS, after=end)
        console.type_line(STOP)
        end = console.wait_for(r"● Agent", timeout=TURN_SECONDS, after=end)
        # The interview ends with its scorecard, printed before the console exits.
        console.wait_for(r"Scorecard for interview \d+ \(rubric-v2", timeout=TURN_SECONDS, after=end)
        status = console.wait_exit(TURN_SECONDS)
    finally:
        console.stop()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, console.output[-3000:]
    assert "Traceback" not in console.output, console.output[-3000:]
    assert "LIVEKIT_INFERENCE_URL" not in console.output  # livekit's warning about a detector it never uses

    conn = sqlite3.connect(database)
    try:
        submissions = conn.execute(
            "SELECT problem_id, language, tests_passed, tests_total, delivered_to_agent_at IS NOT NULL "
            "FROM code_submissions ORDER BY id"
        ).fetchall()
        candidate_turns = conn.execute(
            "SELECT text FROM transcript_messages WHERE role = 'candidate' ORDER BY seq"
        ).fetchall()
        agent_rows = conn.execute("SELECT text FROM transcript_messages WHERE role = 'agent' ORDER BY seq")
        agent_turns = [text for (text,) in agent_rows]
    finally:
        conn.close()
    assert len(submissions) == 2
    (_, _, wrong_passed, _, _), _ = submissions
    assert wrong_passed < total
    assert [row[:2] for row in submissions] == [(problem.id, "python")] * 2
    assert [row[3:] for row in submissions] == [(total, 1)] * 2  # both handed to the interviewer
    assert submissions[1][2] == total
    assert [text for (text,) in candidate_turns] == ["Yes, I'm ready.", STOP]  # commands are not answers
    # The console has no editor: the interviewer points to its commands instead.
    assert "console" in agent_turns[0] and "/problem" in agent_turns[1] and "/submit" in agent_turns[1]
    assert not [text for text in agent_turns if "editor" in text.lower()], agent_turns
