"""The debrief after a solve: it asks only about testing when the candidate already said how it scales."""

from __future__ import annotations

import json

from brain_fixtures import outcome
from test_machine import run_to, started

from agent.brain.state import BrainState


def test_a_candidate_who_already_said_how_it_scales_is_asked_only_about_testing() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    brain.on_candidate_turn(
        "I'd keep a dictionary of seen values, one pass, so O(n) time and O(n) space.", t + 10
    )
    assert brain.state.coding.complexity_stated
    move = brain.on_submission(outcome("s1", 5), t + 100)
    assert move is not None and move.question is not None and move.question.kind == "coding_debrief_tests"
    assert "complexity" not in move.question.topic
    restored = BrainState.from_dict(json.loads(json.dumps(brain.state.to_dict())))
    assert restored.coding.complexity_stated  # kept across a worker restart


def test_a_debrief_answer_giving_the_big_o_is_reasoning_enough() -> None:
    # "O(n*m)" followed by a space was not read as reasoning (a trailing word boundary after ")").
    brain, _ = started()
    t = run_to(brain, "coding")
    brain.on_submission(outcome("s1", 5), t + 100)
    nxt = brain.on_candidate_turn(
        "It is O(n*m) time and O(m) space; I'd test empty and equal strings.", t + 130
    )
    assert nxt.kind != "follow_up" and nxt.phase == "behavioral"


def test_a_question_or_a_hint_request_naming_a_complexity_states_nothing() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    brain.on_candidate_turn("What time complexity are you looking for here?", t + 10)
    brain.on_candidate_turn("Can I get a hint? My brute force is O(n^2).", t + 20)
    assert not brain.state.coding.complexity_stated
    move = brain.on_submission(outcome("s1", 5), t + 100)
    assert move is not None and move.question is not None and move.question.kind == "coding_debrief"
