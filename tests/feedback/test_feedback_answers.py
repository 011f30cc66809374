"""Only answers are evidence, and a skill only by the answers that talk about it.

`CONSOLE` is a real console interview as the runtime stored it (turn ids are transcript seqs): the reply to
the greeting, an answer about the Kafka project given to the PostgreSQL question, the PostgreSQL answer given
to the follow-up that names both projects, and a request to stop put to the Python question. Scored before
these rules, it cited "Yes, ready." as the hardest answer to follow, the stop request as weak Python, and
the PostgreSQL answer as the Kafka evidence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from feedback_support import skills_plan

from api.feedback.answers import answers_in, is_answer, is_procedural
from api.feedback.calibration import load_gold_set
from api.feedback.evidence import InterviewRecord, Submission, Turn
from api.feedback.judgement import Judgement, verify_judgements
from api.feedback.rubric import load_rubric
from api.feedback.scorecard import score_interview
from api.feedback.scoring import score_problem_solving
from api.resumes.plan import PlanItem, QuestionPlan

RUBRIC = load_rubric()
READY, STOP = "Yes, ready.", "I'd like to stop the interview now, please."
KAFKA_ANSWER = (
    "For the Kafka event pipeline for delivery estimates I designed the consumer groups and cut lag from "
    "minutes to two seconds."
)
POSTGRES_ANSWER = (
    "On the PostgreSQL partitioning I chose monthly range partitions, wrote the migration tooling myself, "
    "and queries dropped from 9 seconds to 200 ms."
)
PLAN = QuestionPlan(
    level="senior",
    role="Backend engineer",
    candidate_name=None,
    problem_difficulty="medium",
    items=(
        PlanItem(
            "resume-1",
            "resume_deep_dive",
            "resume",
            "Kafka event pipeline for delivery estimates",
            "resume",
            skill="Apache Kafka",
        ),
        PlanItem(
            "resume-2",
            "resume_deep_dive",
            "resume",
            "PostgreSQL partitioning of the orders table",
            "resume",
            skill="PostgreSQL",
        ),
        PlanItem(
            "technical-python",
            "matched_skill",
            "technical",
            "Python services",
            "job_description",
            skill="Python",
        ),
    ),
)
CONSOLE = InterviewRecord(
    turns=(
        Turn(0, "agent", "Hi, thanks for joining. I'm the AI interviewer for the Backend engineer role. "
             "We'll talk about your background, go through a few technical topics, do a short coding "
             "exercise, and finish with how you like to work. Ready to begin?", "greeting"),
        Turn(1, "candidate", READY, "greeting"),
        Turn(2, "agent", "Great. Your resume mentions PostgreSQL partitioning of the orders table. What was "
             "your own part in it?", "resume", plan_item_id="resume-2"),
        Turn(3, "candidate", KAFKA_ANSWER, "resume"),
        Turn(4, "agent", "That one was about the Kafka event pipeline for delivery estimates, good to hear. "
             "I was asking about PostgreSQL partitioning of the orders table, though: what was your own part "
             "there?", "resume"),
        Turn(5, "candidate", POSTGRES_ANSWER, "resume"),
        Turn(6, "agent", "Thanks. Let's talk about Python services. How do you structure a larger Python "
             "service?", "technical", plan_item_id="technical-python"),
        Turn(7, "candidate", STOP, "technical"),
        Turn(8, "agent", "Of course, we'll stop here. Thank you for your time today.", "closing"),
    ),
    plan=PLAN,
)  # fmt: skip
NOT_ANSWERS = {1, 7}


def cited_turns(record: InterviewRecord) -> set[int]:
    card = score_interview(record)
    return {e.ref for r in [*card.dimensions.values(), *card.skills.values()] for e in r.evidence}


def test_the_greeting_reply_and_the_stop_request_are_never_evidence():
    card = score_interview(CONSOLE)
    assert cited_turns(CONSOLE) == {3, 5}
    for line in (*card.strengths, *card.improvements):
        assert READY not in line and STOP not in line, line
        assert "(turn 1)" not in line and "(turn 7)" not in line, line


def test_the_gold_set_cites_only_answers():
    for case in load_gold_set(Path(__file__).parent / "gold"):
        turns = {t.id: t for t in case.record.turns}
        card = score_interview(case.record)
        cited = {e.ref for r in card.skills.values() for e in r.evidence}
        cited |= {e.ref for r in card.dimensions.values() for e in r.evidence if e.kind == "turn"}
        cited |= {
            int(n)
            for line in (*card.strengths, *card.improvements)
            for n in re.findall(r"\(turn (\d+)\)", line)
        }
        assert all(is_answer(turns[ref], RUBRIC) for ref in cited), case.name


def test_the_greeting_reply_and_the_stop_request_are_not_scored():
    answers_only = InterviewRecord(
        turns=tuple(t for t in CONSOLE.turns if t.id not in NOT_ANSWERS), plan=PLAN
    )
    assert score_interview(CONSOLE).dimensions == score_interview(answers_only).dimensions


def test_each_skill_is_evidenced_only_by_the_answer_that_talks_about_it():
    skills = score_interview(CONSOLE).skills
    # Turn 3 names Kafka, though it answers the PostgreSQL question; turn 5 answers the follow-up naming both.
    assert [e.ref for e in skills["Apache Kafka"].evidence] == [3]
    assert [e.ref for e in skills["PostgreSQL"].evidence] == [5]
    assert skills["Python"].score is None and skills["Python"].evidence == ()
    assert not any("Python" in line for line in score_interview(CONSOLE).improvements)


def test_an_answer_about_another_planned_skill_is_not_evidence_for_the_one_asked():
    plan = skills_plan(
        PlanItem("redis", "matched_skill", "technical", "Caching", "resume", skill="Redis"),
        PlanItem("pg", "matched_skill", "technical", "Databases", "resume", skill="PostgreSQL"),
    )
    record = InterviewRecord(
        turns=(
            Turn(1, "agent", "How would you cache a slow service?", "technical", plan_item_id="redis"),
            Turn(2, "candidate", "I would rather add a Postgres materialized view, refreshed every minute.",
                 "technical"),
        ),
        plan=plan,
    )  # fmt: skip
    skills = score_interview(record).skills
    assert skills["Redis"].score is None and skills["Redis"].evidence == ()
    assert [e.ref for e in skills["PostgreSQL"].evidence] == [2]  # "Postgres" is its alias


def test_an_answer_to_the_item_that_mentions_another_planned_skill_in_passing_stays_its_evidence():
    plan = skills_plan(
        PlanItem("pg", "matched_skill", "technical", "Index tuning for slow queries", "resume",
                 skill="PostgreSQL"),
        PlanItem("redis", "matched_skill", "technical", "Caching", "resume", skill="Redis"),
    )  # fmt: skip
    answer = (
        "I added a composite index on (user_id, created_at) and cached the hottest reads in Redis; p95 fell "
        "from 900 ms to 120 ms."
    )
    record = InterviewRecord(
        turns=(
            Turn(1, "agent", "How did you speed up the slow dashboard?", "technical", plan_item_id="pg"),
            Turn(2, "candidate", answer, "technical"),
        ),
        plan=plan,
    )
    skills = score_interview(record).skills
    assert [e.ref for e in skills["PostgreSQL"].evidence] == [2]
    assert skills["PostgreSQL"].score is not None


@pytest.mark.parametrize(
    "text",
    [
        STOP,
        "Could you repeat the question?",
        "Sorry, what?",
        "Let me think.",
        "Hmm, give me a second to think.",
        "Can we move on to the next question?",
        "What does idempotent mean?",
        "Can I get a hint?",
        "I need to stop, something came up at home. Sorry about that!",
        "Can we move on?",
        "Can we skip this question?",
        "Sorry, I didn't get that, could you say it again?",
        "Could you repeat the question about indexes?",
        "I'd like to stop the interview now, please, because something came up.",
    ],
)
def test_requests_about_the_interview_itself_are_not_answers(text: str):
    assert is_procedural(text, RUBRIC)


@pytest.mark.parametrize(
    "text",
    [
        "Let me think. I'd keep a hash map from value to index, so one pass is enough.",
        "I don't know.",  # an honest non-answer still counts against the question it answers
        "I don't know, I never used Kafka.",
        "We stopped the retries after three attempts because the queue backed up.",
        "Yes, I did that. It went fine.",
        # The request phrase is set aside, not the sentence with the substance around it.
        "Let me think, I'd use a hash map keyed by user id because lookups are O(1).",
        "Hold on, I think the bug is in the cache invalidation because stale keys survive deploys.",
        "okay let me think um I'd probably start with a sliding window over the last five minutes of events",
        # Not requests about the interview at all.
        "I didn't get that feature shipped because the API changed",
        "I want to skip the cache entirely and read from the replica",
        "we have to go live by Friday, so we cut scope",
        "we have to go live by Friday",
    ],
)
def test_answers_stay_answers_even_when_they_mention_a_request(text: str):
    assert not is_procedural(text, RUBRIC)


def test_answers_in_skips_non_answers_but_keeps_questions_apart():
    answers = answers_in(CONSOLE, RUBRIC)
    assert [[t.id for t in a.turns] for a in answers] == [[3], [5]]
    assert [a.question.id for a in answers if a.question] == [2, 4]


def test_problem_solving_does_not_quote_a_request_to_repeat_the_question():
    record = InterviewRecord(
        turns=(
            Turn(1, "agent", "How would you approach it?", "coding"),
            Turn(2, "candidate", "Sorry, could you repeat the question?", "coding"),
            Turn(3, "agent", "Find two numbers that add up to the target.", "coding"),
            Turn(4, "candidate", "My approach is a hash map in one pass, O(n) time.", "coding"),
        ),
        submissions=(Submission(id=5, language="python", code="print(1)\n", exit_code=0),),
    )
    result = score_problem_solving(record, RUBRIC)
    assert {e.ref for e in result.evidence if e.kind == "turn"} == {4}


def test_an_llm_judgement_quoting_a_non_answer_is_dropped():
    judgements = [
        Judgement("technical", 0.1, 7, "stop the interview now"),
        Judgement("communication", 0.2, 1, "Yes, ready."),
        Judgement("technical", 0.8, 5, "chose monthly range partitions"),
    ]
    kept, dropped = verify_judgements(judgements, CONSOLE, RUBRIC)
    assert [j.turn_id for j in kept] == [5] and dropped == 2
