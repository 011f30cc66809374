"""Answers about another subject than the one asked: another resume project, or a skill already discussed."""

from __future__ import annotations

import dataclasses

from brain_fixtures import backend_plan, make_brain
from test_machine import STRONG, T0, started

from agent.brain.phases import InterviewBudgets


def test_an_answer_about_another_resume_project_is_asked_back_to_the_one_in_question() -> None:
    brain, first = started()
    assert first.question is not None and first.question.key == "plan:r1"  # the payments migration
    about_fraud = (
        "On the fraud scoring pipeline I designed the Kafka Streams topology and cut false positives by 30%."
    )
    move = brain.on_candidate_turn(about_fraud, T0 + 30)
    assert (move.kind, move.aspect, move.question) == ("follow_up", "this_project", first.question)
    assert move.echo is not None and "fraud scoring pipeline" in move.echo
    assert "plan:r2" in brain.state.covered_keys  # what they said counts for that project: not asked again
    # Once only: a second answer about something else moves on like any other answer.
    nxt = brain.on_candidate_turn(about_fraud, T0 + 60)
    assert nxt.kind == "ask" and nxt.question is not None and nxt.question.key != "plan:r2"


def test_an_answer_naming_no_project_is_taken_to_be_about_the_one_asked() -> None:
    brain, _ = started()
    move = brain.on_candidate_turn(STRONG["resume"], T0 + 30)
    assert move.aspect != "this_project"
    on_it = (
        "On the payments migration to Kubernetes I wrote the Helm charts and ran the cutover, 8 min deploys."
    )
    brain2, _ = started()
    assert brain2.on_candidate_turn(on_it, T0 + 30).aspect != "this_project"


def test_the_other_project_counts_as_discussed_even_named_in_other_words() -> None:
    brain, _ = started()
    # Names the project's words but none of its phrases ("fraud scoring pipeline"): still that project.
    loosely = (
        "I mostly worked on fraud detection: I built the scoring models that ran in real time,"
        " and false positives fell by 30%."
    )
    move = brain.on_candidate_turn(loosely, T0 + 30)
    assert (move.kind, move.aspect) == ("follow_up", "this_project")
    assert "plan:r2" in brain.state.covered_keys
    nxt = brain.on_candidate_turn(STRONG["resume"], T0 + 60)
    assert nxt.question is not None and nxt.question.key != "plan:r2"


def test_the_question_is_put_back_to_its_project_once_whatever_the_follow_up_budget() -> None:
    brain, _ = started(make_brain(budgets=InterviewBudgets(max_follow_ups_per_question=3)))
    about_fraud = (
        "On the fraud scoring pipeline I designed the Kafka Streams topology; false positives fell 30%."
    )
    assert brain.on_candidate_turn(about_fraud, T0 + 30).aspect == "this_project"
    assert brain.on_candidate_turn(about_fraud, T0 + 60).aspect != "this_project"


def test_a_skill_already_talked_about_under_its_short_name_is_not_asked_again() -> None:
    plan = backend_plan()
    kafka = next(item for item in plan.items if item.skill == "Kafka")
    plan = dataclasses.replace(
        plan,
        items=tuple(dataclasses.replace(i, skill="Apache Kafka") if i is kafka else i for i in plan.items),
    )
    brain, _ = started(make_brain(plan=plan))
    brain.on_candidate_turn(
        "On the payments migration to Kubernetes I wrote the Helm charts; our Kafka consumers moved too.",
        T0 + 30,
    )
    assert f"plan:{kafka.id}" in brain.state.covered_keys
