from __future__ import annotations

from api.resumes.job import analyze_job_description

from .sample_texts import BACKEND_JOB, JUNIOR_FRONTEND_JOB


def test_required_and_nice_to_have_skills_are_separated() -> None:
    job = analyze_job_description(BACKEND_JOB)
    assert job["required_skills"] == [
        "Go", "PostgreSQL", "Kubernetes", "AWS", "Distributed Systems", "Apache Kafka", "Elixir"
    ]  # fmt: skip
    assert job["nice_to_have_skills"] == ["Terraform", "gRPC", "Rust"]
    assert job["skills"] == [*job["required_skills"], *job["nice_to_have_skills"]]


def test_each_skill_cites_the_phrase_it_came_from() -> None:
    job = analyze_job_description(BACKEND_JOB)
    assert job["skill_citations"]["Apache Kafka"] == "Experience with Kafka"
    assert job["skill_citations"]["Rust"] == "Experience with Rust is a plus"
    for skill, phrase in job["skill_citations"].items():
        assert phrase in BACKEND_JOB, skill


def test_role_seniority_and_years() -> None:
    job = analyze_job_description(BACKEND_JOB)
    assert (job["role"], job["seniority"], job["years_required"]) == ("Senior Backend Engineer", "senior", 5)
    junior = analyze_job_description(JUNIOR_FRONTEND_JOB)
    assert (junior["role"], junior["seniority"], junior["years_required"]) == (
        "Junior Frontend Developer", "junior", 1
    )  # fmt: skip
    assert junior["required_skills"] == ["React", "TypeScript", "CSS"]
    assert junior["nice_to_have_skills"] == ["Storybook", "Cypress"]


def test_seniority_falls_back_to_the_years_asked_for() -> None:
    job = analyze_job_description("Backend Engineer\nRequirements:\n- 6+ years of experience with Python\n")
    assert job["seniority"] == "senior"
    job = analyze_job_description("Backend Engineer\nRequirements:\n- 3 years of experience with Python\n")
    assert job["seniority"] == "mid"


def test_a_skill_named_as_required_and_as_a_plus_is_required() -> None:
    job = analyze_job_description("Engineer\nRequirements:\n- Python\nNice to have:\n- Python 3 and Go\n")
    assert job["required_skills"] == ["Python"]
    assert job["nice_to_have_skills"] == ["Go"]


def test_an_empty_description_has_no_skills_and_a_middle_level() -> None:
    job = analyze_job_description("We are a friendly team.")
    assert job["required_skills"] == [] and job["nice_to_have_skills"] == []
    assert job["role"] is None and job["seniority"] == "mid"
