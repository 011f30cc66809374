"""The narrative's words follow the scores: the skill-to-learn line only for an answer that is essentially
"I don't know", and the summary's number and verdict both read from the overall score as stored."""

from __future__ import annotations

import pytest

from api.feedback.evidence import NO_EVIDENCE, DimensionScore, Evidence, InterviewRecord, Turn
from api.feedback.narrative import write_narrative
from api.feedback.rubric import DIMENSIONS, load_rubric

RUBRIC = load_rubric()
NO_DIMENSIONS = {d: NO_EVIDENCE for d in DIMENSIONS}


def skill_lines(quote: str) -> tuple[str, ...]:
    record = InterviewRecord(
        turns=(
            Turn(1, "agent", "Tell me about Kafka.", "technical"),
            Turn(2, "candidate", quote, "technical"),
        )
    )
    skills = {"Apache Kafka": DimensionScore(0.2, (Evidence("turn", 2, quote),))}
    return write_narrative(record, NO_DIMENSIONS, skills, 0.2, RUBRIC).improvements


def test_an_answer_with_substance_beside_a_non_answer_phrase_is_not_a_skill_to_learn():
    quote = (
        "I don't remember the exact numbers, but we sharded Kafka topics by customer and kept lag under a "
        "second."
    )
    lines = skill_lines(quote)
    assert lines and not any(line.startswith("Build hands-on experience") for line in lines), lines


@pytest.mark.parametrize("quote", ["I don't know.", "Sorry, I have no experience there."])
def test_an_answer_that_is_essentially_i_do_not_know_is_a_skill_to_learn(quote: str):
    assert any(line.startswith("Build hands-on experience with Apache Kafka") for line in skill_lines(quote))


def summary(overall: float) -> str:
    dims = dict(NO_DIMENSIONS)
    dims["technical"] = DimensionScore(overall, (Evidence("turn", 2, "x"),))
    record = InterviewRecord(turns=(Turn(2, "candidate", "x", "technical"),))
    return write_narrative(record, dims, {}, overall, RUBRIC).summary


@pytest.mark.parametrize(
    ("overall", "shown"),
    [(0.125, "0.13"), (0.685, "0.69"), (0.68483, "0.69"), (0.1249, "0.13"), (0.1244, "0.12"), (1.0, "1.00")],
)
def test_the_summary_rounds_the_stored_score_half_up(overall: float, shown: str):
    assert summary(overall).startswith(f"Overall score {shown},"), summary(overall)


def test_the_verdict_is_the_band_of_the_stored_score():
    text = summary(0.3996)  # stored as 0.4, the bottom of the mid band
    assert text.startswith("Overall score 0.40,") and "a mixed interview." in text, text
