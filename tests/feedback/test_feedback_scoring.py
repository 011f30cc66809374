"""The scoring engine: every score from evidence, null without it, overall renormalised."""

from __future__ import annotations

import pytest
from feedback_support import skills_plan

from api.feedback.answers import group_answers
from api.feedback.evidence import DimensionScore, Evidence, InterviewRecord, Submission, Turn, quote_occurs
from api.feedback.narrative import write_narrative
from api.feedback.rubric import load_rubric
from api.feedback.scorecard import score_interview
from api.feedback.scoring import (
    communication_of,
    iteration_of,
    overall_score,
    score_code_quality,
    score_communication,
    score_problem_solving,
    score_technical,
    technical_depth_of,
)
from api.feedback.signals import read_signals
from api.resumes.plan import PlanItem, QuestionPlan

RUBRIC = load_rubric()
WEIGHTS = RUBRIC.overall_weights
CLEAN = (
    "def two_sum(nums, target):\n"
    "    if not nums:\n"
    "        return []\n"
    "    index_of = {}\n"
    "    for index, value in enumerate(nums):\n"
    "        if target - value in index_of:\n"
    "            return [index_of[target - value], index]\n"
    "        index_of[value] = index\n"
    "    return []\n"
)
PRECISE = (
    "At my last job I moved the orders table to PostgreSQL partitions because full scans were slow. "
    "p95 latency dropped from 900 ms to 120 ms; the trade-off was more complex migrations."
)
VACUOUS = (
    "Well, basically it was a really big project, you know, and I think it was super important for "
    "everybody, and there were a lot of things going on, and I was kind of in the middle of it all, "
    "making sure stuff worked and everybody was aligned, and in the end it all worked out really well."
)


def turn(tid: int, role: str, text: str, phase: str = "technical") -> Turn:
    return Turn(id=tid, role="candidate" if role == "candidate" else "agent", text=text, phase=phase)


def record(
    *turns: Turn, submissions: tuple[Submission, ...] = (), plan: QuestionPlan | None = None
) -> InterviewRecord:
    return InterviewRecord(turns=tuple(turns), submissions=submissions, plan=plan)


def depth(text: str) -> float:
    return technical_depth_of(read_signals(text, RUBRIC.lexicon), RUBRIC)


def test_overall_uses_the_contract_weights_when_all_scores_exist():
    assert WEIGHTS == {
        "communication": 0.25,
        "technical": 0.30,
        "problem_solving": 0.25,
        "code_quality": 0.20,
    }
    scores = {"communication": 0.8, "technical": 0.6, "problem_solving": 0.4, "code_quality": 1.0}
    assert overall_score(scores, WEIGHTS) == pytest.approx(0.25 * 0.8 + 0.30 * 0.6 + 0.25 * 0.4 + 0.20 * 1.0)


def test_overall_renormalises_over_the_scores_that_have_evidence():
    scores = {"communication": 0.8, "technical": 0.6, "problem_solving": None, "code_quality": None}
    assert overall_score(scores, WEIGHTS) == pytest.approx((0.25 * 0.8 + 0.30 * 0.6) / 0.55)


def test_overall_is_null_when_no_dimension_has_evidence():
    assert overall_score(dict.fromkeys(WEIGHTS), WEIGHTS) is None


def test_a_score_without_evidence_cannot_be_a_number():
    with pytest.raises(ValueError):
        DimensionScore(score=0.0)
    with pytest.raises(ValueError):
        DimensionScore(score=1.2, evidence=(Evidence("turn", 1, "x"),))
    assert DimensionScore(score=None).to_dict() == {"score": None, "evidence": []}


def test_every_dimension_is_null_for_an_empty_interview():
    card = score_interview(record(turn(1, "agent", "Hello, tell me about yourself.", "greeting")))
    assert card.overall is None
    assert all(card.score(d) is None for d in WEIGHTS)
    feedback = card.to_feedback()
    assert feedback["overall_score"] is None and feedback["code_quality_score"] is None
    assert "not enough evidence" in feedback["summary"]


def test_code_quality_and_problem_solving_are_null_without_code_or_coding_talk():
    r = record(turn(1, "agent", "What did you build?"), turn(2, "candidate", PRECISE))
    assert score_code_quality(r, RUBRIC).score is None
    assert score_problem_solving(r, RUBRIC).score is None
    assert score_technical(r, RUBRIC).score is not None


def test_answers_are_split_by_agent_turns():
    answers = group_answers(
        [turn(1, "agent", "Q1"), turn(2, "candidate", "a"), turn(3, "candidate", "b"), turn(4, "agent", "Q2"),
         turn(5, "candidate", "c")]
    )  # fmt: skip
    assert [[t.id for t in a.turns] for a in answers] == [[2, 3], [5]]
    assert answers[1].question is not None and answers[1].question.id == 4


def test_precise_short_answer_beats_long_vacuous_one():
    assert len(VACUOUS) > len(PRECISE)
    assert depth(PRECISE) > 0.7
    assert depth(VACUOUS) < 0.4


def test_a_bare_non_answer_scores_near_zero_but_a_partial_gap_only_a_little_lower():
    assert depth("I don't know, I never used it.") < 0.1
    full = "I use asyncio with aiohttp for I/O-bound API calls because the event loop overlaps the waiting."
    assert depth(full + " I'm not sure about the rest.") > 0.6 * depth(full)


def test_filler_lowers_communication_for_the_same_content():
    clean = "I migrated the database with logical replication because we could not afford downtime."
    filler = (
        "Um, so, uh, I migrated, like, the database, you know, with, um, logical replication, uh, because, "
        "um, we could not afford, uh, downtime."
    )
    assert communication_of(read_signals(filler, RUBRIC.lexicon), RUBRIC) < 0.6 * communication_of(
        read_signals(clean, RUBRIC.lexicon), RUBRIC
    )


def test_one_word_answers_communicate_little():
    r = record(turn(1, "agent", "Tell me about your work."), turn(2, "candidate", "Stuff."))
    result = score_communication(r, RUBRIC)
    assert result.score is not None and result.score < 0.3
    assert result.evidence == (Evidence("turn", 2, "Stuff."),)


def test_evidence_quotes_are_verbatim_substrings_of_their_turns():
    text = "First, I profiled the endpoint. The N+1 query was the bottleneck, so I added a join and an index."
    r = record(turn(1, "agent", "How did you speed it up?"), turn(7, "candidate", text))
    for result in (score_communication(r, RUBRIC), score_technical(r, RUBRIC)):
        assert result.evidence
        for evidence in result.evidence:
            assert evidence.kind == "turn" and evidence.ref == 7 and evidence.quote in text


def sub(sid: int, code: str, passed: int, total: int = 4, exit_code: int = 0) -> Submission:
    return Submission(
        id=sid, language="python", code=code, exit_code=exit_code, tests_passed=passed, tests_total=total
    )


def test_code_quality_cites_the_final_submission_and_rewards_clean_correct_code():
    r = record(submissions=(sub(11, "def f(a):\n    return a\n", 0), sub(12, CLEAN, 4)))
    result = score_code_quality(r, RUBRIC)
    assert result.score is not None and result.score > 0.9
    assert [(e.kind, e.ref) for e in result.evidence] == [("submission", 12)]
    assert result.evidence[0].quote == "def two_sum(nums, target):"


def test_failing_tests_keep_code_quality_out_of_the_top_band():
    result = score_code_quality(record(submissions=(sub(5, CLEAN, 3),)), RUBRIC)
    assert result.score is not None and RUBRIC.band_of(result.score) != "high"


def test_unreadable_names_lower_code_quality_for_equally_correct_code():
    cryptic = CLEAN.replace("index_of", "d").replace("index", "q").replace("value", "w").replace("nums", "a")
    good = score_code_quality(record(submissions=(sub(1, CLEAN, 4),)), RUBRIC).score
    bad = score_code_quality(record(submissions=(sub(1, cryptic, 4),)), RUBRIC).score
    assert good is not None and bad is not None and bad < good - 0.05


def test_a_crash_costs_well_written_code_the_correctness_half_of_its_score():
    crashed = score_code_quality(record(submissions=(sub(1, CLEAN, 0, exit_code=1),)), RUBRIC).score
    clean = score_code_quality(record(submissions=(sub(1, CLEAN, 4),)), RUBRIC).score
    assert crashed is not None and clean is not None
    assert crashed <= clean - 0.45 and RUBRIC.band_of(crashed) != "high"


def test_iteration_credits_convergence_and_not_regression():
    assert iteration_of((sub(1, CLEAN, 1), sub(2, CLEAN, 4))) == 1.0
    assert iteration_of((sub(1, CLEAN, 3), sub(2, CLEAN, 1))) == 0.0
    assert iteration_of((sub(1, CLEAN, 2),)) is None
    assert iteration_of(()) is None


def test_problem_solving_reads_the_coding_talk_and_the_outcome():
    talk = "My approach is a hash map in one pass, O(n) time. Edge cases: an empty list and duplicates."
    vague = "I'll just write something and see."
    strong = record(
        turn(1, "agent", "How?", "coding"),
        turn(2, "candidate", talk, "coding"),
        submissions=(sub(3, CLEAN, 4),),
    )
    weak = record(
        turn(1, "agent", "How?", "coding"),
        turn(2, "candidate", vague, "coding"),
        submissions=(sub(3, CLEAN, 1),),
    )
    s, w = score_problem_solving(strong, RUBRIC), score_problem_solving(weak, RUBRIC)
    assert s.score is not None and w.score is not None and s.score > 0.8 > 0.4 > w.score
    assert {(e.kind, e.ref) for e in s.evidence} == {("turn", 2), ("submission", 3)}


PLAN = skills_plan(
    PlanItem("p1", "matched_skill", "technical", "Query tuning", "resume", skill="PostgreSQL"),
    PlanItem(
        "p2",
        "missing_skill",
        "technical",
        "Container orchestration",
        "job_description",
        skill="Kubernetes",
    ),
)


def test_skill_breakdown_scores_covered_skills_and_leaves_uncovered_ones_null():
    r = record(
        turn(1, "agent", "Tell me about your PostgreSQL work."),
        turn(2, "candidate", PRECISE),
        plan=PLAN,
    )
    card = score_interview(r)
    assert card.skills["PostgreSQL"].score is not None and card.skills["PostgreSQL"].evidence[0].ref == 2
    assert card.skills["Kubernetes"].score is None and card.skills["Kubernetes"].evidence == ()
    breakdown = card.to_feedback()["skill_breakdown"]
    assert breakdown["Kubernetes"] == {"score": None, "evidence": []}
    assert set(WEIGHTS) <= set(breakdown)  # the dimensions' evidence travels with the feedback object


def test_an_explicit_plan_item_link_wins_over_text_matching():
    r = record(
        Turn(
            id=1,
            role="agent",
            text="How do you run services in production?",
            phase="technical",
            plan_item_id="p2",
        ),
        turn(2, "candidate", "I don't know, I have never used it."),
        plan=PLAN,
    )
    card = score_interview(r)
    k8s = card.skills["Kubernetes"]
    assert k8s.score is not None and k8s.score < 0.1 and k8s.evidence[0].ref == 2
    assert card.skills["PostgreSQL"].score is None


def test_summary_and_strengths_never_praise_a_low_score():
    r = record(
        turn(1, "agent", "Tell me about PostgreSQL."),
        turn(2, "candidate", "I don't know."),
        submissions=(sub(3, CLEAN, 4),),
    )
    card = score_interview(r)
    technical = card.score("technical")
    assert technical is not None and technical < 0.4
    assert "Weak in" in card.summary and "technical depth" in card.summary.split("Weak in")[1]
    assert not any("technical choices" in s for s in card.strengths)
    assert any("(turn 2)" in line for line in card.improvements)


def test_quote_verification_is_verbatim_up_to_case_and_spacing():
    source = "I added a partial index, and p95 went from 700 ms to 80 ms."
    assert quote_occurs("added a  partial INDEX", source)
    assert quote_occurs("p95 went from 700 ms to 80 ms.", source)
    assert not quote_occurs("I added a partial index and p95 dropped", source)
    assert not quote_occurs("p95 went from 700 ms to 60 ms", source)
    assert not quote_occurs("a", source)  # too short to prove anything


TOPIC = "designing a schema and queries in"


def test_an_answer_recorded_for_another_skill_is_not_borrowed_by_text_matching():
    plan = skills_plan(
        PlanItem("pg", "matched_skill", "technical", f"{TOPIC} PostgreSQL", "resume", skill="PostgreSQL"),
        PlanItem("redis", "matched_skill", "technical", f"{TOPIC} Redis", "resume", skill="Redis"),
    )
    r = record(
        Turn(
            1,
            "agent",
            "Let's talk about designing a schema and queries in Redis.",
            "technical",
            plan_item_id="redis",
        ),
        turn(2, "candidate", "I'd use cache-aside with a TTL and jitter to avoid a stampede."),
        plan=plan,
    )
    card = score_interview(r)
    assert card.skills["Redis"].evidence[0].ref == 2
    assert card.skills["PostgreSQL"].score is None  # same topic words, but the question was recorded as Redis


def test_turns_without_words_and_empty_submissions_are_not_evidence():
    r = record(
        turn(1, "agent", "How would you solve it?", "coding"),
        turn(2, "candidate", "...", "coding"),
        submissions=(Submission(id=9, language="python", code="   ", exit_code=None, timed_out=True),),
    )
    card = score_interview(r)
    assert card.overall is None
    assert all(card.score(d) is None for d in WEIGHTS)


def test_the_summary_states_the_overall_score_as_stored_not_as_computed():
    # Stored to 3 decimals (0.685) and shown as 0.69 everywhere: the sentence must not say 0.68.
    answer = "I added a partial index on orders(status): the planner scanned 2M rows; p95 fell to 80 ms."
    r = record(turn(1, "agent", "Tell me about PostgreSQL."), turn(2, "candidate", answer))
    card = score_interview(r)
    narrative = write_narrative(r, card.dimensions, card.skills, 0.68483, load_rubric())
    assert narrative.summary.startswith("Overall score 0.69")


def test_a_skill_the_candidate_said_they_do_not_know_is_named_as_one_to_learn():
    r = record(
        Turn(id=1, role="agent", text="How do you run services?", phase="technical", plan_item_id="p2"),
        turn(2, "candidate", "I don't know, I have never used it."),
        plan=PLAN,
    )
    improvements = score_interview(r).improvements
    assert any(line.startswith("Build hands-on experience with Kubernetes") for line in improvements)
    assert not any("Go deeper on Kubernetes" in line for line in improvements)  # it did not lack specifics
