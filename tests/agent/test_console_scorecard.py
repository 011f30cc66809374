"""The scorecard the console prints when an interview ends (pure rendering, and the stored feedback read)."""

from __future__ import annotations

import pytest

from agent.console_scorecard import QUOTE_CHARS, console_scorecard, scorecard_text
from api.models import Feedback, Interview, User

LONG = "I partitioned the events table by month and wrote the migration tooling myself, " * 3
FEEDBACK = {
    "overall_score": 0.625,
    "communication_score": 0.7,
    "technical_score": 0.55,
    "problem_solving_score": None,
    "code_quality_score": None,
    "skill_breakdown": {
        "communication": {
            "score": 0.7,
            "evidence": [{"kind": "turn", "ref": 3, "quote": "We cut lag to 2 s."}],
        },
        "technical": {"score": 0.55, "evidence": [{"kind": "turn", "ref": 5, "quote": LONG}]},
        "problem_solving": {"score": None, "evidence": []},
        "code_quality": {"score": None, "evidence": []},
        "PostgreSQL": {"score": 0.5, "evidence": [{"kind": "turn", "ref": 5, "quote": "monthly partitions"}]},
        "Docker": {"score": None, "evidence": []},
    },
    "strengths": ["Concrete numbers (turn 3)."],
    "improvements": ["Say what you decided yourself (turn 5)."],
    "summary": "A solid backend interview.",
    "rubric_version": "rubric-v2",
    "judge": "rubric",
}


def test_the_scorecard_shows_every_score_with_its_evidence_and_says_where_there_is_none():
    text = scorecard_text(FEEDBACK, 7)
    lines = text.splitlines()
    assert lines[0] == "Scorecard for interview 7 (rubric-v2, judge: rubric)"
    assert "  Overall          0.62" in lines  # two decimals
    assert "  Problem solving  no evidence" in lines and "  Code quality     no evidence" in lines
    assert '      "We cut lag to 2 s." (turn 3)' in lines
    clipped = next(line for line in lines if "(turn 5)" in line and "partitioned" in line)
    assert "…" in clipped and len(clipped.split('"')[1]) == QUOTE_CHARS
    skills = lines[lines.index("Skills") + 1 :]
    assert skills[0].split() == ["PostgreSQL", "0.50"] and skills[2].split() == ["Docker", "no", "evidence"]
    assert not any(line.split()[:1] == ["communication"] for line in skills)  # dimensions are not skills
    assert (
        "  - Concrete numbers (turn 3)." in lines and "  - Say what you decided yourself (turn 5)." in lines
    )
    assert lines[-2:] == ["  A solid backend interview.", "The API serves it too: GET /api/v1/interviews/7"]


@pytest.mark.asyncio
async def test_the_console_reads_the_stored_scorecard_or_says_why_there_is_none(db):
    user = await User.create(email="c@example.com", password_hash="x")
    interview = await Interview.create(
        user=user, title="t", status="completed", feedback_error="Scoring failed"
    )
    missing = await console_scorecard(interview.id)
    assert "Scoring failed" in missing and f"/interviews/{interview.id}/feedback/rescore" in missing
    stored = {k: v for k, v in FEEDBACK.items() if k not in ("problem_solving_score", "code_quality_score")}
    await Feedback.create(interview=interview, **stored)
    shown = await console_scorecard(interview.id)
    assert shown.startswith(f"Scorecard for interview {interview.id}") and "0.62" in shown


def test_odd_feedback_shapes_print_without_a_quote_rather_than_fail():
    odd = {
        **FEEDBACK,
        "problem_solving_score": None,
        "skill_breakdown": {
            "problem_solving": {"score": None, "evidence": [{"kind": "turn", "ref": 9, "quote": "unbacked"}]},
            "Go": {"score": 0.4, "evidence": ["not a dict"]},
            "Rust": {"score": 0.3, "evidence": [{"kind": "turn", "ref": 2, "quote": None}]},
            "Zig": "not a dict",
        },
    }
    lines = scorecard_text(odd, 3).splitlines()
    assert "unbacked" not in "\n".join(lines)  # a quote under "no evidence" would contradict it
    assert not any('"None"' in line or "not a dict" in line for line in lines)
    assert [line.split()[0] for line in lines[lines.index("Skills") + 1 :][:3]] == ["Go", "Rust", "Zig"]
