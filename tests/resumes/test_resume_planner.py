from __future__ import annotations

import json
from datetime import date

import pytest

from api.resumes.analysis import analyze_resume
from api.resumes.plan import QuestionPlan
from api.resumes.planner import build_question_plan
from api.resumes.taxonomy import load_taxonomy
from api.resumes.topics import highlight_topic, plan_data, skill_topic
from api.sandbox.problems import load_problems

from .sample_texts import BACKEND_JOB, JANE_RESUME, JUNIOR_FRONTEND_JOB

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def jane() -> dict:
    return analyze_resume(JANE_RESUME, today=TODAY)


def _items(plan: QuestionPlan, phase: str) -> list:
    return plan.for_phase(phase)  # type: ignore[arg-type]


def test_resume_and_job_give_matched_then_missing_skills(jane: dict) -> None:
    plan = build_question_plan(jane, BACKEND_JOB)
    technical = _items(plan, "technical")
    assert [(i.kind, i.skill) for i in technical] == [
        ("matched_skill", "Go"),
        ("matched_skill", "PostgreSQL"),
        ("matched_skill", "Kubernetes"),
        ("matched_skill", "AWS"),
        ("missing_skill", "Distributed Systems"),
        ("missing_skill", "Elixir"),
    ]
    assert plan.skills_missing == ("Distributed Systems", "Elixir")
    assert {"Go", "PostgreSQL", "Apache Kafka", "Terraform", "gRPC"} <= set(plan.skills_matched)
    assert "Rust" not in plan.skills_matched + plan.skills_missing  # nice-to-have, not on the resume


def test_every_citation_is_verbatim_from_the_resume_or_the_job(jane: dict) -> None:
    plan = build_question_plan(jane, BACKEND_JOB)
    resume_lines = [h for e in jane["experience"] for h in e["highlights"]] + [
        d["citation"] for d in jane["skill_details"]
    ]
    for item in plan.items:
        if item.source == "resume":
            assert item.citation in resume_lines, item
        elif item.source == "job_description":
            assert item.citation and item.citation in BACKEND_JOB, item
        else:
            assert item.citation is None


def test_resume_deep_dives_favour_highlights_that_name_the_jobs_skills(jane: dict) -> None:
    plan = build_question_plan(jane, BACKEND_JOB)
    deep_dives = _items(plan, "resume")
    assert [i.kind for i in deep_dives] == ["resume_deep_dive"] * 3
    assert deep_dives[0].citation == (
        "Led migration of the billing service from MySQL to PostgreSQL, cutting p95 latency by 40%."
    )
    assert deep_dives[0].topic == "leading migration of the billing service from MySQL to PostgreSQL"
    assert deep_dives[0].skill == "PostgreSQL"
    assert all(len(i.topic.split()) <= 12 for i in plan.items)


def test_behavioral_items_draw_on_resume_stories_and_keep_a_general_one(jane: dict) -> None:
    behavioral = _items(build_question_plan(jane, BACKEND_JOB), "behavioral")
    assert behavioral[0].topic == "the time you mentored 4 engineers and ran the on-call rotation"
    assert behavioral[0].source == "resume"
    assert behavioral[-1].source == "default"
    assert len(behavioral) == 3


def test_level_and_difficulty_follow_the_job(jane: dict) -> None:
    senior = build_question_plan(jane, BACKEND_JOB)
    assert (senior.level, senior.problem_difficulty, senior.role) == (
        "senior",
        "hard",
        "Senior Backend Engineer",
    )
    junior = build_question_plan(jane, JUNIOR_FRONTEND_JOB)
    assert (junior.level, junior.problem_difficulty) == ("junior", "easy")
    assert "strings" in junior.problem_tags or "trees" in junior.problem_tags


def test_only_a_resume(jane: dict) -> None:
    plan = build_question_plan(jane, None, candidate_name="Jane D.")
    assert plan.candidate_name == "Jane D."
    assert plan.level == "senior"  # "Senior Software Engineer" is the latest title
    assert plan.role == "Senior Software Engineer"
    technical = _items(plan, "technical")
    assert [i.skill for i in technical] == ["Python", "Go", "PostgreSQL", "MySQL"]  # most mentioned first
    assert all(i.kind == "general" and i.source == "resume" for i in technical)
    assert plan.skills_matched == () and plan.skills_missing == ()


def test_only_a_job_description() -> None:
    plan = build_question_plan(None, BACKEND_JOB)
    assert [i.source for i in _items(plan, "resume")] == ["default"] * 3
    technical = _items(plan, "technical")
    assert [i.skill for i in technical][:3] == ["Go", "PostgreSQL", "Kubernetes"]
    assert all(i.kind == "general" and i.source == "job_description" for i in technical)
    assert plan.level == "senior"


def test_neither_gives_a_sensible_general_plan() -> None:
    plan = build_question_plan(None, None)
    assert (plan.level, plan.problem_difficulty, plan.role, plan.candidate_name) == (
        "mid",
        "medium",
        None,
        None,
    )
    for phase in ("resume", "technical", "behavioral"):
        items = _items(plan, phase)
        assert len(items) >= 3 and all(i.source == "default" and i.kind == "general" for i in items)
    assert plan.problem_tags == ("arrays", "strings", "hash maps")
    assert build_question_plan({}, "   ") == plan


def test_plan_items_are_ordered_unique_and_survive_json(jane: dict) -> None:
    plan = build_question_plan(jane, BACKEND_JOB)
    phases = [i.phase for i in plan.items]
    assert phases == sorted(phases, key=["resume", "technical", "behavioral"].index)
    assert len({i.id for i in plan.items}) == len(plan.items)
    for phase in ("resume", "technical", "behavioral"):
        assert [i.priority for i in _items(plan, phase)] == list(range(1, len(_items(plan, phase)) + 1))
    restored = QuestionPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert restored == plan


def test_the_plan_is_deterministic(jane: dict) -> None:
    assert (
        build_question_plan(jane, BACKEND_JOB).to_dict() == build_question_plan(jane, BACKEND_JOB).to_dict()
    )


def test_a_stored_analysis_without_the_planner_fields_still_plans() -> None:
    minimal = {"name": "A B", "skills": ["Python"], "experience": [], "years_experience": 1}
    plan = build_question_plan(minimal, None)
    assert plan.level == "junior"
    assert [i.skill for i in _items(plan, "technical")][:1] == [None] or plan.items


def test_highlight_topics_are_speakable_noun_phrases() -> None:
    assert highlight_topic("Built a Spark and Airflow platform that runs 1,200 daily jobs.") == (
        "building a Spark and Airflow platform that runs 1,200 daily jobs"
    )
    assert highlight_topic("Payments ledger rewrite (Go), shipped in 2024") == "Payments ledger rewrite"
    assert skill_topic("SQL", "language") == "writing and tuning SQL queries"
    assert skill_topic("Rust", "language") == "writing clean, well-tested Rust code"


def test_plan_data_only_names_skills_and_categories_the_taxonomy_knows() -> None:
    taxonomy = load_taxonomy()
    data = plan_data()
    named = [*data["skill_topics"], *data["problem_tags_by_skill"], *data["skip_skills_for_questions"]]
    general = [entry for entries in data["general"]["technical"].values() for entry in entries]
    named += [entry["skill"] for entry in general if "skill" in entry]
    assert [name for name in named if name not in taxonomy] == []
    assert set(data["problem_tags_by_category"]) == set(taxonomy.categories)
    assert set(data["skill_topic_by_category"]) == set(taxonomy.categories)


def test_problem_tags_are_tags_the_problem_bank_uses() -> None:
    bank_tags = {tag for problem in load_problems() for tag in problem.tags}
    data = plan_data()
    planned = {*data["default_problem_tags"]}
    planned |= {tag for tags in data["problem_tags_by_category"].values() for tag in tags}
    planned |= {tag for tags in data["problem_tags_by_skill"].values() for tag in tags}
    assert planned - bank_tags == set()


def test_every_topic_in_the_plan_data_fits_in_twelve_spoken_words() -> None:
    data = plan_data()
    topics = [*data["skill_topics"].values()]
    topics += [t.format(skill="Kubernetes") for t in data["skill_topic_by_category"].values()]
    topics += [entry["topic"] for entry in [*data["general"]["resume"], *data["general"]["behavioral"]]]
    topics += [entry["topic"] for entries in data["general"]["technical"].values() for entry in entries]
    assert [t for t in topics if len(t.split()) > 12] == []


def test_stack_lists_inside_a_job_are_not_deep_dives() -> None:
    text = """Lee Park
Experience
Backend Engineer, Orbit, Jan 2021 - Present
- Tech stack: Go, Kafka, PostgreSQL, Redis, Kubernetes
- Rebuilt the notification service so it survives broker outages.
"""
    plan = build_question_plan(analyze_resume(text, today=TODAY), None)
    assert [i.citation for i in _items(plan, "resume")] == [
        "Rebuilt the notification service so it survives broker outages."
    ]
