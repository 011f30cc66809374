from __future__ import annotations

from datetime import date

import pytest

from api.resumes.analysis import analyze_resume

from .sample_texts import JANE_RESUME

TODAY = date(2026, 11, 1)


def test_contact_fields_are_read_as_written() -> None:
    analysis = analyze_resume(JANE_RESUME, today=TODAY)
    assert analysis["name"] == "Jane Doe"
    assert analysis["email"] == "jane.doe@example.com"
    assert analysis["phone"] == "+1 (415) 555-0134"
    assert analysis["links"] == ["https://www.linkedin.com/in/janedoe", "github.com/janedoe"]


def test_skills_are_canonical_and_come_from_the_whole_resume() -> None:
    skills = analyze_resume(JANE_RESUME, today=TODAY)["skills"]
    for expected in (
        "Go",
        "Python",
        "PostgreSQL",
        "MySQL",
        "Apache Kafka",
        "Kubernetes",
        "JavaScript",
        "AWS",
    ):
        assert expected in skills
    assert "GitHub" not in skills  # a link is not a skill
    assert len(skills) == len(set(skills))


def test_experience_entries_have_title_company_dates_and_whole_highlights() -> None:
    experience = analyze_resume(JANE_RESUME, today=TODAY)["experience"]
    assert [(e["title"], e["company"], e["start"], e["end"]) for e in experience] == [
        ("Senior Software Engineer", "Payments Inc", "2020-01", "present"),
        ("Software Engineer", "Acme Corp", "2016-06", "2019-12"),
    ]
    assert experience[0]["highlights"][0].startswith("Led migration of the billing service")
    # a bullet wrapped over two lines in the PDF comes back as one highlight
    assert experience[1]["highlights"][1].endswith("cut deploy time from 40 to 8 minutes.")


def test_years_of_experience_come_from_the_date_ranges() -> None:
    # Jun 2016 – Dec 2019 (43 months, December included) + Jan 2020 – Nov 2026 (83 months) = 126 months
    assert analyze_resume(JANE_RESUME, today=TODAY)["years_experience"] == 10.5


def test_year_only_ranges_count_whole_years() -> None:
    text = "Sam Lee\nExperience\nEngineer, Alpha Ltd, 2016 - 2019\n- Built things.\n"
    assert analyze_resume(text, today=TODAY)["years_experience"] == 3.0


def test_overlapping_jobs_are_counted_once() -> None:
    text = """Sam Lee
Experience
Engineer, Alpha Ltd, Jan 2018 - Dec 2019
- Built things.
Consultant, Beta LLC, Jan 2019 - Dec 2020
- Advised people.
"""
    assert analyze_resume(text, today=TODAY)["years_experience"] == 3.0  # Jan 2018 – Dec 2020


def test_education_entries() -> None:
    assert analyze_resume(JANE_RESUME, today=TODAY)["education"] == [
        {"degree": "B.S. in Computer Science", "school": "University of Washington", "year": 2016}
    ]


def test_summary_is_taken_from_the_summary_section() -> None:
    summary = analyze_resume(JANE_RESUME, today=TODAY)["summary"]
    assert summary.startswith("Backend engineer with 8 years of experience")


def test_skill_citations_prefer_a_line_from_a_job() -> None:
    details = {d["name"]: d for d in analyze_resume(JANE_RESUME, today=TODAY)["skill_details"]}
    assert details["PostgreSQL"]["citation"].startswith("Led migration of the billing service")
    assert details["PostgreSQL"]["mentions"] == 2
    assert details["Kubernetes"]["citation"] == "Go, Python, PostgreSQL, k8s, Docker, Redis, gRPC, JS"


def test_nothing_is_invented_for_a_sparse_resume() -> None:
    analysis = analyze_resume("Some notes about gardening and the weather.\nNothing else here.", today=TODAY)
    assert analysis["name"] is None
    assert analysis["email"] is None
    assert analysis["phone"] is None
    assert analysis["links"] == []
    assert analysis["skills"] == []
    assert analysis["experience"] == []
    assert analysis["education"] == []
    assert analysis["years_experience"] is None
    assert analysis["summary"] is None


def test_a_name_that_is_also_a_language_is_not_a_skill() -> None:
    text = "Ruby Chen\nruby.chen@example.org\nSkills\nPython, SQL\n"
    analysis = analyze_resume(text, today=TODAY)
    assert analysis["name"] == "Ruby Chen"
    assert analysis["skills"] == ["Python", "SQL"]


def test_unicode_names_and_years_stated_in_the_summary() -> None:
    text = "Zoë Łukasiewicz-Núñez\nProfile\nData engineer with 6+ years of experience in Spark and Airflow.\n"
    analysis = analyze_resume(text, today=TODAY)
    assert analysis["name"] == "Zoë Łukasiewicz-Núñez"
    assert analysis["years_experience"] == 6.0
    assert analysis["skills"] == ["Apache Spark", "Apache Airflow"]


def test_analysis_is_deterministic() -> None:
    assert analyze_resume(JANE_RESUME, today=TODAY) == analyze_resume(JANE_RESUME, today=TODAY)


def test_two_word_titles_and_schools_in_other_languages() -> None:
    text = """Ana Ruiz
Experience
Teaching Assistant, Universidad de Chile, Mar 2020 - Dec 2021
- Graded assignments.
Education
Ingeniería Civil en Computación, Instituto Tecnológico de Monterrey, 2019
"""
    analysis = analyze_resume(text, today=TODAY)
    assert [(e["title"], e["company"]) for e in analysis["experience"]] == [
        ("Teaching Assistant", "Universidad de Chile")
    ]
    assert analysis["education"] == [
        {"degree": None, "school": "Instituto Tecnológico de Monterrey", "year": 2019}
    ]


@pytest.mark.parametrize(
    "text",
    ["1 2 3 4 " * 5000, "- " * 20_000, "a@b." * 10_000, "Jan 2020 - " * 4000, "\x00\ufeff\u200b" * 1000, ""],
    ids=["digits", "dashes", "broken-emails", "date-fragments", "control-chars", "empty"],
)
def test_adversarial_text_gives_an_empty_but_well_formed_analysis(text: str) -> None:
    analysis = analyze_resume(text, today=TODAY)
    assert set(analysis) >= {"name", "email", "phone", "links", "skills", "years_experience", "experience"}
    assert analysis["skills"] == [] and analysis["name"] is None and analysis["email"] is None
