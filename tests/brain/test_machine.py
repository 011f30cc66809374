"""The phase machine and its moves: transitions, intents, budgets, coding, and restore from saved state."""

from __future__ import annotations

import json

import pytest
from brain_fixtures import backend_plan, make_brain, outcome

from agent.brain.machine import InterviewBrain
from agent.brain.moves import Move
from agent.brain.phases import PHASE_ORDER, InterviewBudgets, PhaseBudget, next_phase
from agent.brain.state import BrainState

T0 = 1000.0
STRONG = {
    "resume": "I built the deploy pipeline with Terraform and 12 services; as a result deploys got faster.",
    "technical": "I would add PostgreSQL indexes because the query scans 2 million rows; trade-off: writes.",
    "behavioral": "Once at my last job there was an incident; I organised the rollback and we recovered.",
    "coding": "It is O(n) time because of the single pass, and O(n) space for the dictionary.",
}


def started(brain: InterviewBrain | None = None) -> tuple[InterviewBrain, Move]:
    brain = brain or make_brain()
    brain.start(T0)
    return brain, brain.on_candidate_turn("Yes, ready.", T0 + 5)


def run_to(brain: InterviewBrain, phase: str, t: float = T0 + 10) -> float:
    for _ in range(30):
        if brain.phase == phase:
            return t
        t += 20
        if brain.phase == "coding" and not brain.state.coding.solved:
            brain.on_submission(outcome(f"run-{t}", 5), t)
            continue
        brain.on_candidate_turn(STRONG.get(brain.phase, "Nothing to add, thanks."), t)
    raise AssertionError(f"never reached {phase}: {brain.state.visited}")


def test_phase_order_is_fixed() -> None:
    assert PHASE_ORDER == ("greeting", "resume", "technical", "coding", "behavioral", "closing", "done")
    assert [next_phase(p) for p in PHASE_ORDER[:-1]] == list(PHASE_ORDER[1:])
    assert next_phase("done") == "done"


def test_greeting_then_any_reply_opens_the_resume_with_the_first_planned_project() -> None:
    brain = make_brain()
    greet = brain.start(T0)
    assert greet.kind == "greet" and greet.phase == "greeting" and greet.may_use_name
    move = brain.on_candidate_turn("sure", T0 + 3)
    assert (move.kind, move.phase, move.entering_phase) == ("ask", "resume", True)
    assert move.question is not None and move.question.key == "plan:r1"


def test_strong_candidate_visits_every_phase_in_order_within_question_budgets() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    brain.on_submission(outcome("s1", 5), t + 60)
    run_to(brain, "done", t + 60)
    assert brain.state.visited == list(PHASE_ORDER)
    budgets = brain.state.budgets
    for phase, count in brain.state.phase_questions.items():
        assert count <= budgets.for_phase(phase).max_questions  # type: ignore[arg-type]
    keys = [q.key for q in brain.state.asked]
    assert len(keys) == len(set(keys)), "a question was asked twice"


def test_vague_answer_gets_one_follow_up_on_what_it_lacked_then_moves_on() -> None:
    brain, first = started()
    follow = brain.on_candidate_turn("We did a migration with the team.", T0 + 30)
    assert follow.kind == "follow_up" and follow.question == first.question
    assert follow.aspect == "own_role"
    still_vague = brain.on_candidate_turn("It went fine.", T0 + 60)
    assert still_vague.kind == "ask" and still_vague.question != first.question
    assert still_vague.ack == "neutral"


def test_complete_answer_moves_on_without_a_follow_up() -> None:
    brain, first = started()
    move = brain.on_candidate_turn(STRONG["resume"], T0 + 30)
    assert move.kind == "ask" and move.ack == "positive" and move.question != first.question
    asked = brain.state.question(first.question.key if first.question else None)
    assert asked is not None and asked.quality == "complete" and asked.lacked == []


def test_a_planned_topic_the_candidate_already_covered_is_not_asked() -> None:
    brain, _ = started()
    brain.on_candidate_turn(
        "I led it myself: 12 services on Kubernetes, and I built the Kafka consumers; deploys got faster.",
        T0 + 30,
    )
    run_to(brain, "coding")
    asked = [q.key for q in brain.state.asked]
    assert "plan:t2" not in asked and "plan:t2" in brain.state.covered_keys


def test_move_on_skips_the_question() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("Can we move on?", T0 + 20)
    assert move.kind == "ask" and move.ack == "skip" and move.question != first.question
    asked = brain.state.question(first.question.key if first.question else None)
    assert asked is not None and asked.skipped


def test_repeat_says_the_same_question_again_without_advancing() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("Sorry, could you repeat that?", T0 + 20)
    assert move.kind == "repeat" and move.question == first.question
    assert brain.state.phase_questions["resume"] == 1


def test_dont_know_moves_on_reassuringly_without_a_follow_up() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("Honestly, I don't know.", T0 + 20)
    assert move.kind == "ask" and move.ack == "dont_know" and move.question != first.question


def test_clarify_explains_the_term_and_keeps_the_question() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("What does idempotency mean?", T0 + 20)
    assert move.kind == "clarify" and move.term == "idempotency" and move.question == first.question


def test_let_me_think_then_short_silence_is_left_alone_then_nudged() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("Hmm, let me think.", T0 + 20)
    assert move.kind == "allow_thinking"
    assert brain.on_silence(T0 + 40) is None
    nudge = brain.on_silence(T0 + 20 + brain.state.budgets.think_grace_seconds + 1)
    assert nudge is not None and nudge.kind == "nudge" and nudge.question == first.question


def test_long_silence_nudges_then_moves_on() -> None:
    brain, first = started()
    budgets = brain.state.budgets
    moves = [brain.on_silence(T0 + 30 * (i + 1)) for i in range(budgets.max_silence_nudges + 1)]
    assert [m.kind for m in moves if m] == ["nudge"] * budgets.max_silence_nudges + ["ask"]
    assert moves[-1] is not None and moves[-1].question != first.question


def test_off_topic_is_redirected_to_the_current_question() -> None:
    brain, first = started()
    move = brain.on_candidate_turn("What's the weather like where you are?", T0 + 20)
    assert move.kind == "redirect" and move.offtopic == "off_topic" and move.question == first.question


def test_abuse_is_redirected_then_closes_the_interview_after_the_limit() -> None:
    brain, _ = started()
    limit = brain.state.budgets.max_abusive_turns
    moves = [brain.on_candidate_turn("Shut up, you stupid bot.", T0 + 10 * i) for i in range(limit)]
    assert [m.kind for m in moves] == ["redirect"] * (limit - 1) + ["close"]
    assert moves[-1].close_reason == "conduct" and brain.done


@pytest.mark.parametrize("phase", ["greeting", "resume", "technical", "coding", "behavioral", "closing"])
def test_stop_request_goes_to_closing_then_done(phase: str) -> None:
    brain = make_brain()
    brain.start(T0)
    if phase != "greeting":
        brain.on_candidate_turn("ready", T0 + 1)
        run_to(brain, phase)
    move = brain.on_candidate_turn("I'm sorry, I need to stop here.", T0 + 900)
    assert (move.kind, move.phase, move.close_reason) == ("close", "closing", "stop")
    assert brain.done and brain.state.visited[-2:] == ["closing", "done"]


def test_phase_time_budget_moves_to_the_next_phase() -> None:
    brain, _ = started()
    limit = brain.state.budgets.for_phase("resume").max_seconds
    move = brain.on_candidate_turn(STRONG["resume"], T0 + 5 + limit + 1)
    assert move.phase == "technical" and move.ack == "time" and move.entering_phase


def test_question_budget_is_configurable_per_interview() -> None:
    budgets = InterviewBudgets.from_dict({"phases": {"resume": {"max_questions": 1}}})
    brain, _ = started(make_brain(budgets=budgets))
    move = brain.on_candidate_turn(STRONG["resume"], T0 + 30)
    assert move.phase == "technical"


def test_budgets_reject_unknown_keys_and_round_trip() -> None:
    with pytest.raises(ValueError):
        InterviewBudgets.from_dict({"max_cats": 3})
    with pytest.raises(ValueError):
        InterviewBudgets.from_dict({"phases": {"lunch": {"max_seconds": 3}}})
    custom = InterviewBudgets.from_dict({"hint_after_failures": 3, "phases": {"coding": {"max_seconds": 60}}})
    assert custom.for_phase("coding") == PhaseBudget(max_questions=1, max_seconds=60)
    assert InterviewBudgets.from_dict(custom.to_dict()) == custom


def test_present_problem_picks_the_problem_that_fits_the_plan() -> None:
    brain, _ = started()
    run_to(brain, "coding")
    move = next(m for m in [brain.start(T0)] if m)  # welcome_back carries the current problem
    assert move.problem is not None and move.problem.id == "two-sum"
    assert brain.state.coding.problem_id == "two-sum"


def test_failed_runs_give_graded_hints_in_order_and_never_expose_test_details() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    first = brain.on_submission(
        outcome("s1", 0, exit_code=1, stderr="IndexError: list index out of range"), t
    )
    assert first is not None and first.hint is None and first.submission is not None
    assert first.submission.verdict == "error" and first.submission.error_name == "IndexError"
    second = brain.on_submission(outcome("s2", 3), t + 30)
    assert second is not None and second.hint_level == 1 and second.hint == brain.problems[0].hints[0]
    hint = brain.on_candidate_turn("I'm stuck, can I get a hint?", t + 60)
    assert hint.kind == "give_hint" and hint.hint_level == 2


def test_solved_run_asks_the_debrief_then_leaves_coding() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    move = brain.on_submission(outcome("s1", 5), t + 100)
    assert move is not None and move.question is not None and move.question.kind == "coding_debrief"
    nxt = brain.on_candidate_turn(STRONG["coding"], t + 130)
    assert nxt.phase == "behavioral" and nxt.entering_phase


def test_a_hint_is_offered_after_a_long_time_without_a_submission() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    assert brain.on_silence(t + 30) is None
    move = brain.on_silence(t + brain.state.budgets.hint_after_seconds + 1)
    assert move is not None and move.kind == "give_hint" and move.hint_level == 1


def test_submissions_are_news_once_and_only_in_coding() -> None:
    brain, _ = started()
    assert brain.on_submission(outcome("early", 5), T0 + 20) is None
    t = run_to(brain, "coding")
    assert brain.on_submission(outcome("s1", 1), t) is not None
    assert brain.on_submission(outcome("s1", 1), t + 1) is None


def test_timeouts_and_compile_errors_are_named_as_such() -> None:
    assert outcome("a", 0, timed_out=True).verdict == "timeout"
    assert outcome("b", 0, compile_error=True).verdict == "compile_error"
    assert outcome("c", 2).verdict == "partial"
    assert outcome("d", 0).verdict == "failed"


def test_move_on_during_coding_goes_to_behavioral() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    move = brain.on_candidate_turn("Can we skip this one?", t + 10)
    assert move.phase == "behavioral" and move.ack == "skip"


def test_without_problems_the_coding_phase_is_skipped() -> None:
    brain, _ = started(make_brain(with_problems=False))
    run_to(brain, "behavioral")
    assert "coding" in brain.state.visited  # entered and left at once: nothing to do there
    assert not any(m for m in brain.state.asked if m.phase == "coding")


def test_closing_answer_ends_the_interview_and_later_turns_only_close_again() -> None:
    brain, _ = started()
    t = run_to(brain, "closing")
    move = brain.on_candidate_turn("No questions, thanks.", t + 10)
    assert move.kind == "close" and move.close_reason == "complete" and brain.done
    again = brain.on_candidate_turn("hello?", t + 20)
    assert again.kind == "close" and brain.done


def test_name_is_allowed_only_on_greeting_and_close_and_never_too_often() -> None:
    brain, _ = started()
    t = run_to(brain, "done")
    del t
    moves_with_name = [q for q in (brain.state.name_last_turn,) if q is not None]
    assert moves_with_name  # the close used it
    tight = make_brain(budgets=InterviewBudgets.from_dict({"name_every_turns": 100}))
    assert tight.start(T0).may_use_name
    assert not tight._emit("close").may_use_name


def test_state_survives_json_and_a_restored_brain_continues_identically() -> None:
    brain, _ = started()
    brain.on_candidate_turn("We did it as a team.", T0 + 30)
    saved = json.loads(json.dumps(brain.state.to_dict()))
    restored = make_brain(state=BrainState.from_dict(saved))
    assert restored.state.to_dict() == brain.state.to_dict()
    for text, t in [
        (STRONG["resume"], T0 + 60),
        ("Can you repeat that?", T0 + 90),
        (STRONG["resume"], T0 + 120),
    ]:
        assert brain.on_candidate_turn(text, t) == restored.on_candidate_turn(text, t)


def test_restored_brain_welcomes_back_with_the_question_on_the_table() -> None:
    brain, first = started()
    restored = make_brain(state=BrainState.from_dict(brain.state.to_dict()))
    move = restored.start(T0 + 100)
    assert move.kind == "welcome_back" and move.question == first.question


def test_state_with_an_unknown_version_is_refused() -> None:
    data = BrainState().to_dict() | {"version": 99}
    with pytest.raises(ValueError):
        BrainState.from_dict(data)


def test_moves_round_trip_through_json() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    move = brain.on_submission(outcome("s1", 3), t)
    assert move is not None
    for m in (move, brain.on_candidate_turn("Let me think", t + 5)):
        assert Move.from_dict(json.loads(json.dumps(m.to_dict()))) == m


def test_plan_without_items_falls_back_to_default_questions() -> None:
    plan = backend_plan()
    empty = type(plan)(level="junior", role=None, candidate_name=None, items=(), problem_difficulty="easy")
    _, move = started(make_brain(plan=empty))
    assert move.question is not None and move.question.source == "default"


def test_silence_past_the_coding_budget_moves_on() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    budget = brain.state.budgets.for_phase("coding").max_seconds
    move = brain.on_silence(t + budget + 1)
    assert move is not None and move.phase == "behavioral" and move.ack == "time"


def test_a_question_from_the_candidate_at_the_end_is_acknowledged_in_the_close() -> None:
    brain, _ = started()
    t = run_to(brain, "closing")
    move = brain.on_candidate_turn("Yes, what does the team work on day to day?", t + 10)
    assert move.kind == "close" and move.candidate_asked and brain.done


def test_a_planned_project_the_candidate_already_walked_through_is_not_asked_again() -> None:
    brain, first = started()
    assert first.question is not None and first.question.key == "plan:r1"
    brain.on_candidate_turn(
        "I led the migration myself, and I also designed the real-time fraud scoring pipeline, "
        "so the scoring pipeline went from batch to streaming and losses fell by 30 percent.",
        T0 + 30,
    )
    assert "plan:r2" in brain.state.covered_keys
    assert "plan:r2" not in [q.key for q in brain.state.asked]


def test_a_run_after_the_solve_is_reported_without_asking_the_debrief_twice() -> None:
    brain, _ = started()
    t = run_to(brain, "coding")
    brain.on_submission(outcome("s1", 5), t)
    again = brain.on_submission(outcome("s2", 4), t + 20)
    assert again is not None and again.kind == "discuss_submission" and again.question is None
    keys = [q.key for q in brain.state.asked]
    assert len(keys) == len(set(keys))
    assert brain.current_question() is not None and brain.current_question().kind == "coding_debrief"  # type: ignore[union-attr]


def test_a_moment_before_starting_is_granted_then_any_reply_starts() -> None:
    brain = make_brain()
    brain.start(T0)
    assert brain.on_candidate_turn("Give me a moment.", T0 + 2).kind == "allow_thinking"
    assert brain.phase == "greeting"
    assert brain.on_candidate_turn("Okay, ready now.", T0 + 20).phase == "resume"


def test_a_follow_up_refers_back_to_the_technology_the_candidate_named() -> None:
    brain, _ = started()
    move = brain.on_candidate_turn("The team moved everything to Kubernetes with Helm.", T0 + 30)
    assert move.kind == "follow_up" and move.aspect == "own_role" and move.echo == "Kubernetes"
