"""The interviewer only claims what it knows: a complete answer is not probed for what it already said."""

from __future__ import annotations

import pytest
from brain_fixtures import LIBRARY, make_brain

T0 = 1000.0
KAFKA_ESTIMATES = (
    "We had delivery estimates computed in batch every hour. I built Kafka consumers that recomputed them on "
    "every order event and published estimates within a second. I owned the consumer design and the rollout."
)


# ------------------------------------------------------------------ 4. a complete answer is not probed
def test_an_answer_with_its_outcome_and_ownership_is_not_asked_how_it_turned_out() -> None:
    brain = make_brain()
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    move = brain.on_candidate_turn(KAFKA_ESTIMATES, T0 + 30)
    assert move.kind == "ask" and move.ack == "positive"


@pytest.mark.parametrize(
    "answer",
    [
        "The team moved everything to Kubernetes with Helm.",
        "We used kafka and Redis there, mostly for caching.",
        "Postgres was slow, so someone added indexes.",
    ],
)
def test_a_follow_up_only_echoes_a_word_the_candidate_said_as_they_said_it(answer: str) -> None:
    brain = make_brain()
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    move = brain.on_candidate_turn(answer, T0 + 30)
    assert move.kind == "follow_up"
    assert move.echo is None or move.echo in answer


@pytest.mark.parametrize(
    "sentence",
    [
        "It published estimates within a second.",
        "We cut p99 latency from 900 ms to 120 ms.",
        "Build time went from forty minutes to eight.",
        "Checkout errors dropped 30%.",
        "That reduced our cloud bill.",
        "It improved the page load noticeably.",
        "The job is now twice as fast and no longer blocks deploys.",
    ],
)
def test_outcome_cues_recognise_stated_results(sentence: str) -> None:
    assert LIBRARY.cues.covers(sentence, "outcome")


@pytest.mark.parametrize(
    "sentence",
    ["I owned the consumer design.", "I was the tech lead on it.", "My part was the schema."],
)
def test_ownership_cues_recognise_the_candidates_own_part(sentence: str) -> None:
    assert LIBRARY.cues.covers(sentence, "own_role")


def test_an_answer_without_an_outcome_is_still_asked_how_it_turned_out() -> None:
    assessment = LIBRARY.cues.assess(
        "I built Kafka consumers for the delivery estimates and owned the consumer design.", "resume"
    )
    assert assessment.lacked == ("outcome",)
