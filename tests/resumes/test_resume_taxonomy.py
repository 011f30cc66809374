from __future__ import annotations

import json

import pytest

from api.resumes.taxonomy import TAXONOMY_PATH, SkillTaxonomy, canonical_skill, find_skills, load_taxonomy


def test_taxonomy_has_at_least_300_skills_each_with_a_known_category() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy) >= 300
    assert all(skill.category in taxonomy.categories for skill in taxonomy.skills)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("JS", "JavaScript"),
        ("ECMAScript", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("golang", "Go"),
        ("C#", "C#"),
        ("c++", "C++"),
        ("sklearn", "scikit-learn"),
        ("Scikit Learn", "scikit-learn"),
        ("spring boot", "Spring Boot"),
        ("GCP", "Google Cloud"),
    ],
)
def test_aliases_resolve_to_the_canonical_name(written: str, canonical: str) -> None:
    assert canonical_skill(written) == canonical


def test_unknown_names_are_not_skills() -> None:
    assert canonical_skill("Underwater basket weaving") is None
    assert find_skills("I enjoy hiking, cooking and chess.") == []


def test_c_cpp_and_csharp_are_never_confused() -> None:
    assert find_skills("Languages: C++ and C#") == ["C++", "C#"]
    assert find_skills("Languages: C, C++, C#") == ["C", "C++", "C#"]
    assert find_skills("Wrote drivers in C/C++") == ["C", "C++"]
    assert find_skills("Objective-C apps") == ["Objective-C"]


@pytest.mark.parametrize(
    "text",
    [
        "Presented to C-level executives",
        "Charged devices over USB Type C",
        "Reported to John C. Smith",
        "Funded R&D for the new line",
        "Vitamin C",
    ],
)
def test_single_letter_languages_need_a_language_context(text: str) -> None:
    assert find_skills(text) == []


def test_case_sensitive_short_names() -> None:
    assert find_skills("Services in Go and Rust") == ["Go", "Rust"]
    assert find_skills("Ready to go live; the plan will go ahead") == []
    assert find_skills("Graduated Spring 2019") == []
    assert find_skills("Java with Spring and Hibernate") == ["Java", "Spring", "Hibernate"]
    assert find_skills("Card payments at American Express") == []


def test_longest_overlapping_match_wins() -> None:
    assert find_skills("React Native and React") == ["React Native", "React"]
    assert find_skills("Built on Spring Boot") == ["Spring Boot"]
    assert find_skills("ASP.NET Core services") == ["ASP.NET"]
    assert find_skills("MySQL, NoSQL, T-SQL") == ["MySQL", "NoSQL", "T-SQL"]


def test_mentions_keep_their_position_and_the_text_as_written() -> None:
    text = "Ran k8s clusters"
    [mention] = load_taxonomy().find(text)
    assert (mention.skill, mention.matched, text[mention.start : mention.end]) == ("Kubernetes", "k8s", "k8s")


def test_broader_skills_are_implied() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.ancestors("Spring Boot") == ("Spring", "Java")
    assert taxonomy.covers("PostgreSQL", "SQL")
    assert taxonomy.covers("Amazon EKS", "AWS")
    assert not taxonomy.covers("SQL", "PostgreSQL")


def test_an_alias_claimed_by_two_skills_is_rejected() -> None:
    data = {
        "categories": {"language": "Languages"},
        "skills": [
            {"name": "Alpha", "category": "language", "aliases": ["A1"]},
            {"name": "Beta", "category": "language", "aliases": ["a1"]},
        ],
    }
    with pytest.raises(ValueError, match="claimed by"):
        SkillTaxonomy(data)


def test_the_shipped_taxonomy_file_is_valid_json_with_unique_names() -> None:
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    names = [s["name"] for s in data["skills"]]
    assert len(names) == len(set(names))
