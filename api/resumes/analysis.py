"""Offline, deterministic resume analysis: text in, the API's `analysis` dict out.

Shape (API.md, Resumes): `{name, email, phone, links[], skills[], years_experience,
experience[{title, company, start, end, highlights[]}], education[{degree, school, year}], summary}`, plus two
fields the question planner uses: `skill_details[{name, category, mentions, citation}]` (the resume line to
quote for each skill, preferring a line from a job or project over the skills list) and `projects[{name,
highlights[]}]`. Whatever is not found is null or empty; nothing is invented.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from api.resumes.contact import find_email, find_links, find_name, find_phone, strip_contacts
from api.resumes.dates import total_years
from api.resumes.education import parse_education
from api.resumes.experience import parse_experience, parse_projects
from api.resumes.sections import ResumeSections, split_sections, strip_bullet
from api.resumes.taxonomy import SkillMention, load_taxonomy

ANALYSIS_VERSION = 1
SUMMARY_MAX_CHARS = 400
SUMMARY_SKILLS = 5
_STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\+?\s*(?:years|yrs)\b(?:\s+of)?\s+(?:\w+\s+){0,3}experience", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def analyze_resume(text: str, *, today: date | None = None) -> dict[str, Any]:
    """Analyse resume text. `today` closes ranges that end in "Present" (default: the current date)."""
    today = today or date.today()
    sections = split_sections(text)
    found_name = find_name(sections.header or sections.lines)
    name, name_line = found_name if found_name else (None, None)
    entries = parse_experience(sections.get("experience"))
    experience = [e.to_dict() for e in entries if e.title or e.company or e.highlights]
    projects = parse_projects(sections.get("projects"))
    highlights = [h for e in entries for h in e.highlights]
    highlights += [h for p in projects for h in cast(list[str], p["highlights"])]
    highlights += _summary_sentences(sections)
    skill_details = _skill_details(sections, name_line, highlights)
    years = total_years([e.dates for e in entries if e.dates is not None], today)
    if years is None:
        years = _stated_years(sections)
    analysis: dict[str, Any] = {
        "name": name,
        "email": find_email(text),
        "phone": find_phone(text),
        "links": find_links(text),
        "skills": [d["name"] for d in skill_details],
        "years_experience": years,
        "experience": experience,
        "education": parse_education(sections.get("education")),
        "summary": None,
        "skill_details": skill_details,
        "projects": projects,
        "analysis_version": ANALYSIS_VERSION,
    }
    analysis["summary"] = _written_summary(sections) or _derived_summary(analysis)
    return analysis


def _line_of(text: str, mention: SkillMention) -> str:
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    return strip_bullet(text[start : end if end != -1 else len(text)])


def _skill_details(
    sections: ResumeSections, name_line: str | None, highlights: list[str]
) -> list[dict[str, Any]]:
    taxonomy = load_taxonomy()
    # The name line is left out: a candidate called "Ruby" or "Julia" has not listed a skill.
    lines = [line for line in sections.lines if line != name_line]
    text = strip_contacts("\n".join(lines))
    work_lines = {*sections.get("experience"), *sections.get("projects")}
    details: dict[str, dict[str, Any]] = {}
    for mention in taxonomy.find(text):
        line = _line_of(text, mention)
        line = next((h for h in highlights if line in h), line)  # a wrapped bullet is quoted whole
        detail = details.setdefault(
            mention.skill,
            {"name": mention.skill, "category": mention.category, "mentions": 0, "citation": line},
        )
        detail["mentions"] += 1
        cited_from_work = detail["citation"] in highlights or detail["citation"] in work_lines
        if not cited_from_work and (line in highlights or line in work_lines):
            detail["citation"] = line
    return list(details.values())


def _summary_sentences(sections: ResumeSections) -> list[str]:
    text = " ".join(strip_bullet(line) for line in sections.get("summary"))
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _stated_years(sections: ResumeSections) -> float | None:
    for line in [*sections.get("summary"), *sections.header]:
        match = _STATED_YEARS.search(line)
        if match:
            return float(match.group(1))
    return None


def _written_summary(sections: ResumeSections) -> str | None:
    lines = sections.get("summary")
    if not lines:
        return None
    text = " ".join(strip_bullet(line) for line in lines)
    summary = ""
    for sentence in _SENTENCE.split(text):
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_MAX_CHARS:
            break
        summary = f"{summary} {sentence}".strip()
    return summary[:SUMMARY_MAX_CHARS] or None


def _derived_summary(analysis: dict[str, Any]) -> str | None:
    """A one-line summary assembled only from extracted facts, for resumes that have no summary section."""
    parts: list[str] = []
    latest = next((e for e in analysis["experience"] if e["title"]), None)
    if latest:
        where = f" at {latest['company']}" if latest["company"] else ""
        parts.append(f"{latest['title']}{where}")
    if analysis["years_experience"]:
        parts.append(f"{analysis['years_experience']:g} years of experience")
    if analysis["skills"]:
        parts.append("skills include " + ", ".join(analysis["skills"][:SUMMARY_SKILLS]))
    return ("; ".join(parts) + ".") if parts else None
