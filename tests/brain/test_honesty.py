"""The interviewer only claims what it knows: the closing thanks cites what the candidate really talked about,
encouragement needs evidence of progress, a repeat is the same question, and a complete answer is not probed
for what it already said."""

from __future__ import annotations

import pytest
from brain_fixtures import LIBRARY, backend_plan, make_brain, outcome

from agent.brain.machine import InterviewBrain
from agent.brain.moves import Move
from agent.brain.state import BrainState
from agent.brain.wording import OfflineWording
from api.resumes.plan import PlanItem, QuestionPlan

T0 = 1000.0
WORDING = OfflineWording(
    LIBRARY.offline, role="Backend Engineer", workspace=LIBRARY.workspace_phrases("editor")
)
PARTITIONING = "designing a PostgreSQL partitioning scheme for 2 billion tracking events"
BILLING_ANSWER = (
    "At my last job I led the billing migration. I built Kafka consumers that moved invoices to the new "
    "service, and we cut billing errors by 40 percent."
)
KAFKA_ESTIMATES = (
    "We had delivery estimates computed in batch every hour. I built Kafka consumers that recomputed them on "
    "every order event and published estimates within a second. I owned the consumer design and the rollout."
)


def jordan_plan() -> QuestionPlan:
    return QuestionPlan(
        level="senior",
        role="Backend Engineer",
        candidate_name="Jordan Reyes",
        items=(
            PlanItem("r1", "resume_deep_dive", "resume", PARTITIONING, "resume"),
            PlanItem("b1", "general", "behavioral", "a time you had to push back on a deadline", "default"),
        ),
        problem_difficulty="easy",
        problem_tags=("arrays",),
    )


def interview_to_the_end(brain: InterviewBrain, first_answer: str, later_answers: str) -> Move:
    """Answers the first question with `first_answer`, then all others with `later_answers`, to the close."""
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    move = brain.on_candidate_turn(first_answer, T0 + 30)
    t = T0 + 30
    for _ in range(40):
        if move.kind == "close":
            return move
        t += 20
        if move.phase == "coding":
            move = brain.on_candidate_turn("Let's move on.", t)
        else:
            move = brain.on_candidate_turn(later_answers, t)
    raise AssertionError(f"never closed: {brain.state.visited}")


# ------------------------------------------------------------------ 1. the closing thanks
def test_the_thanks_never_cites_a_project_the_candidate_answered_about_something_else() -> None:
    brain = make_brain(plan=jordan_plan())
    close = interview_to_the_end(brain, BILLING_ANSWER, "I don't know.")
    assert close.close_reason == "complete" and close.recap_topic is None
    assert close.recap_detail == "Kafka"  # a technology he named himself
    for turn in range(1, 5):
        text = WORDING.word(Move("close", "closing", turn, close_reason="complete", recap_detail="Kafka"))
        assert "Kafka" in text and "partitioning" not in text and "PostgreSQL" not in text


def test_the_thanks_cites_the_project_the_candidate_really_walked_through() -> None:
    answer = (
        "I designed how we partitioned the tracking events table in Postgres by month, and I wrote the "
        "migration; as a result queries on recent events dropped from 9 seconds to 200 ms."
    )
    brain = make_brain(plan=jordan_plan())
    close = interview_to_the_end(brain, answer, "I don't know.")
    assert close.recap_topic == PARTITIONING
    text = WORDING.word(close)
    assert "PostgreSQL partitioning scheme" in text


def test_the_thanks_cites_a_project_whose_first_answer_was_substantive_despite_a_vague_follow_up() -> None:
    brain = make_brain(plan=jordan_plan())
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    answer = "I designed how we partitioned the tracking events table in Postgres by month, and I wrote it."
    follow_up = brain.on_candidate_turn(answer, T0 + 30)
    assert follow_up.kind == "follow_up" and follow_up.aspect == "outcome"
    brain.on_candidate_turn("Not sure really.", T0 + 60)
    close = brain.on_candidate_turn("Stop the interview please.", T0 + 90)
    assert close.kind == "close" and close.recap_topic == PARTITIONING


def test_when_nothing_substantive_was_said_the_thanks_claims_nothing() -> None:
    brain = make_brain(plan=jordan_plan())
    close = interview_to_the_end(brain, "I don't know.", "I don't know.")
    assert close.close_reason == "complete"
    assert close.recap_topic is None and close.recap_detail is None
    for turn in range(1, 5):
        text = WORDING.word(Move("close", "closing", turn, close_reason="complete", candidate_name="Jordan"))
        assert "Thank" in text
        assert "hearing about" not in text and "walking me through" not in text and "told me" not in text


# ------------------------------------------------------------------ 2. encouragement needs evidence
def coding_brain() -> tuple[InterviewBrain, float]:
    brain = make_brain()
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    t = T0 + 5
    while brain.phase != "coding":
        t += 20
        brain.on_candidate_turn("Let's move on.", t)
    return brain, t


def test_a_hint_before_any_code_or_approach_does_not_claim_progress() -> None:
    brain, t = coding_brain()
    hint = brain.on_candidate_turn("Can I get a hint?", t + 30)
    assert hint.kind == "give_hint" and not hint.progress
    for turn in range(1, 7):
        assert "progress" not in WORDING.word(Move("give_hint", "coding", turn, hint="Think about it."))


def test_a_run_passing_more_tests_backs_saying_they_are_progressing() -> None:
    brain, t = coding_brain()
    brain.on_submission(outcome("s1", 2), t + 60)
    hint = brain.on_candidate_turn("Can I get a hint?", t + 90)
    assert hint.kind == "give_hint" and hint.progress


def test_a_run_that_passes_no_more_tests_than_before_is_no_evidence() -> None:
    brain, t = coding_brain()
    brain.on_submission(outcome("s1", 2), t + 60)
    brain.on_submission(outcome("s2", 2), t + 90)
    hint = brain.on_candidate_turn("Can I get a hint?", t + 120)
    assert not hint.progress


def test_asking_for_a_hint_at_length_is_not_an_approach() -> None:
    brain, t = coding_brain()
    hint = brain.on_candidate_turn("Can I get a hint? I'm stuck because I have no idea how to start.", t + 30)
    assert hint.kind == "give_hint" and not hint.progress


def test_a_reasoned_approach_backs_saying_they_are_progressing() -> None:
    brain, t = coding_brain()
    brain.on_candidate_turn(
        "I would keep a dictionary from value to index, because then each lookup is constant time.", t + 30
    )
    hint = brain.on_candidate_turn("Can I get a hint?", t + 60)
    assert hint.progress


# ------------------------------------------------------------------ 3. repeat is the same question
def said_question(move: Move) -> str:
    return WORDING.question_text(move)


@pytest.mark.parametrize("seconds", [20, 40, 60, 80])
def test_repeat_says_the_last_question_exactly_as_it_was_asked(seconds: int) -> None:
    brain = make_brain()
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    for i in range(seconds // 20):  # complete answers move through differently worded questions
        asked = brain.on_candidate_turn(
            "I built the deploy pipeline with Terraform and 12 services; as a result deploys got faster.",
            T0 + 10 + i,
        )
    asked_text = WORDING.word(asked)
    repeat = brain.on_candidate_turn("Can you repeat the question?", T0 + 100)
    assert repeat.kind == "repeat"
    text = WORDING.word(repeat)
    assert text.endswith(said_question(asked)) and said_question(asked) in asked_text
    assert len(text) - len(said_question(asked)) <= 30  # at most a short lead-in


def test_a_follow_up_is_repeated_as_the_follow_up_not_the_primary_question() -> None:
    brain = make_brain()
    brain.start(T0)
    brain.on_candidate_turn("Yes, ready.", T0 + 5)
    follow_up = brain.on_candidate_turn("The team moved everything to Kubernetes with Helm.", T0 + 30)
    assert follow_up.kind == "follow_up"
    text = WORDING.word(brain.on_candidate_turn("Sorry, can you repeat that?", T0 + 50))
    assert text.endswith(WORDING.word(follow_up))


def test_repeating_twice_still_says_the_original_question() -> None:
    brain = make_brain()
    brain.start(T0)
    asked = brain.on_candidate_turn("Yes, ready.", T0 + 5)
    brain.on_candidate_turn("Can you repeat the question?", T0 + 20)
    again = brain.on_candidate_turn("Can you repeat the question?", T0 + 40)
    assert WORDING.word(again).endswith(said_question(asked))


def test_the_exact_question_survives_a_restart() -> None:
    brain = make_brain()
    brain.start(T0)
    asked = brain.on_candidate_turn("Yes, ready.", T0 + 5)
    restored = make_brain(state=BrainState.from_dict(brain.state.to_dict()))
    repeat = restored.on_candidate_turn("Can you repeat the question?", T0 + 20)
    assert WORDING.word(repeat).endswith(said_question(asked))


def test_a_clarify_request_rephrases_instead_of_repeating() -> None:
    brain = make_brain(plan=backend_plan())
    brain.start(T0)
    asked = brain.on_candidate_turn("Yes, ready.", T0 + 5)
    clarify = brain.on_candidate_turn("What do you mean?", T0 + 20)
    assert clarify.kind == "clarify"
    assert said_question(asked) not in WORDING.word(clarify)


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
