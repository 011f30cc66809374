"""The question planner: resume analysis + job description -> `QuestionPlan` (see `plan.py`).

Pure and deterministic. Works with a resume and a job, only one of them, or neither:
- resume phase: deep dives into the resume highlights worth asking about (those naming the job's skills,
  with numbers, with a strong verb, recent), each citing the highlight verbatim; else general questions;
- technical phase: with both, skills the job needs that the resume shows (`matched_skill`, citing the resume
  line) then required skills the resume lacks (`missing_skill`, citing the job phrase); with one of them, its
  skills as `general` items that still carry `skill` and `citation`; with neither, general questions for
  the level;
- behavioral phase: highlights showing leadership, mentoring, pressure, conflict... as "the time you ..."
  (`general` items citing the highlight), topped up with general behavioral questions.
Limits, topics, tags and defaults are data (`data/plan.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, cast

from api.resumes.job import analyze_job_description, seniority_of
from api.resumes.plan import Difficulty, Level, PlanItem, PlanPhase, QuestionPlan
from api.resumes.sections import heading_of
from api.resumes.taxonomy import load_taxonomy
from api.resumes.topics import TOPIC_MAX_WORDS, highlight_topic, past_tense_clause, plan_data, skill_topic

_BEHAVIORAL_PREFIX_WORDS = 3  # "the time you"
_METRIC = re.compile(r"\d")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class _Highlight:
    text: str
    entry_index: int
    skills: tuple[str, ...]


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "item"


def _limits() -> dict[str, int]:
    return cast(dict[str, int], plan_data()["limits"])


def build_question_plan(
    resume_analysis: dict[str, Any] | None,
    job_description: str | None,
    *,
    candidate_name: str | None = None,
) -> QuestionPlan:
    resume = resume_analysis or None
    job = analyze_job_description(job_description) if job_description and job_description.strip() else None
    level = _level(resume, job)
    highlights = _highlights(resume)
    resume_items = _resume_items(highlights, job)
    used = {i.citation for i in resume_items}
    technical_items, matched, missing = _technical_items(resume, job, level)
    behavioral_items = _behavioral_items([h for h in highlights if h.text not in used])
    notes: list[str] = []
    if resume is None:
        notes.append("No resume: resume questions are general.")
    if job is None:
        notes.append("No job description: skills come from the resume, level from its titles and years.")
    return QuestionPlan(
        level=level,
        role=(job or {}).get("role") or _latest_title(resume),
        candidate_name=candidate_name or (resume or {}).get("name"),
        items=(*resume_items, *technical_items, *behavioral_items),
        problem_difficulty=cast(Difficulty, plan_data()["difficulty_by_level"][level]),
        problem_tags=_problem_tags(job["required_skills"] if job else (resume or {}).get("skills") or []),
        skills_matched=tuple(matched),
        skills_missing=tuple(missing),
        notes=tuple(notes),
    )


def _latest_title(resume: dict[str, Any] | None) -> str | None:
    for entry in (resume or {}).get("experience") or []:
        if entry.get("title"):
            return str(entry["title"])
    return None


def _level(resume: dict[str, Any] | None, job: dict[str, Any] | None) -> Level:
    """The job's level when there is a job; else the resume's latest title, else its years; else mid."""
    if job is not None:
        return cast(Level, job["seniority"])
    title = _latest_title(resume)
    if title is not None:
        from_title = seniority_of(title, None)
        if from_title != "mid":
            return cast(Level, from_title)
    years = (resume or {}).get("years_experience")
    if isinstance(years, int | float):
        return cast(Level, seniority_of("", int(years)))
    return "mid"


def _highlights(resume: dict[str, Any] | None) -> list[_Highlight]:
    taxonomy = load_taxonomy()
    found: list[_Highlight] = []
    sources = [e.get("highlights") or [] for e in (resume or {}).get("experience") or []]
    sources += [p.get("highlights") or [] for p in (resume or {}).get("projects") or []]
    for index, highlights in enumerate(sources):
        for text in map(str, highlights):
            label, colon, _ = text.partition(":")
            if colon and heading_of(label) is not None:
                continue  # "Tech stack: Go, Kafka" lists tools; there is no story to dive into
            found.append(_Highlight(text, index, tuple(taxonomy.find_names(text))))
    return found


def _highlight_score(highlight: _Highlight, required: list[str], nice: list[str]) -> int:
    """Job skills it shows weigh most (required 3, nice-to-have 1), then skills, numbers, a verb, recency."""
    taxonomy = load_taxonomy()
    wanted = sum(
        3 if skill in required else 1
        for skill in [*required, *nice]
        if any(taxonomy.covers(have, skill) for have in highlight.skills)
    )
    verbs = plan_data()["highlight_verbs"]
    first_word = highlight.text.split()[0].lower() if highlight.text.split() else ""
    return (
        wanted
        + min(len(highlight.skills), 2)
        + (1 if _METRIC.search(highlight.text) else 0)
        + (1 if first_word in verbs else 0)
        + (1 if highlight.entry_index == 0 else 0)
    )


def _resume_items(highlights: list[_Highlight], job: dict[str, Any] | None) -> list[PlanItem]:
    limit = _limits()["resume"]
    required = list((job or {}).get("required_skills") or [])
    nice = list((job or {}).get("nice_to_have_skills") or [])
    ranked = sorted(enumerate(highlights), key=lambda p: (-_highlight_score(p[1], required, nice), p[0]))
    chosen: list[_Highlight] = []
    per_entry: dict[int, int] = {}
    for _, highlight in ranked:
        if len(chosen) == limit:
            break
        if per_entry.get(highlight.entry_index, 0) >= 2 or len(highlight.text.split()) < 3:
            continue  # spread the deep dives over jobs; skip fragments
        chosen.append(highlight)
        per_entry[highlight.entry_index] = per_entry.get(highlight.entry_index, 0) + 1
    items = [
        PlanItem(
            id=f"resume-{n}",
            kind="resume_deep_dive",
            phase="resume",
            topic=highlight_topic(h.text),
            source="resume",
            skill=next((s for s in h.skills if s in required + nice), h.skills[0] if h.skills else None),
            citation=h.text,
            priority=n,
        )
        for n, h in enumerate(chosen, start=1)
    ]
    if not items:
        items = _general_items("resume", plan_data()["general"]["resume"][:limit], start=1)
    return items


def _general_items(phase: PlanPhase, entries: list[dict[str, Any]], start: int) -> list[PlanItem]:
    return [
        PlanItem(
            id=f"{phase}-general-{entry['id']}",
            kind="general",
            phase=phase,
            topic=str(entry["topic"]),
            source="default",
            skill=entry.get("skill"),
            priority=n,
        )
        for n, entry in enumerate(entries, start=start)
    ]


def _resume_skill_citations(resume: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {str(d["name"]): d for d in (resume or {}).get("skill_details") or [] if d.get("name")}


def _technical_items(
    resume: dict[str, Any] | None, job: dict[str, Any] | None, level: Level
) -> tuple[list[PlanItem], list[str], list[str]]:
    matched: list[str] = []
    missing: list[str] = []
    if job is not None and resume is not None:
        items, matched, missing = _compare_skills(resume, job)
    elif job is not None:
        items = [
            _skill_item("general", s, "job_description", job["skill_citations"][s])
            for s in job["required_skills"][: _limits()["technical"]]
        ]
    elif resume is not None:
        items = [
            _skill_item("general", name, "resume", detail.get("citation"))
            for name, detail in _top_resume_skills(_resume_skill_citations(resume))[
                : _limits()["skills_without_job"]
            ]
        ]
    else:
        items = []
    if len(items) < 2:
        general = plan_data()["general"]["technical"][level]
        items += _general_items("technical", general[: max(2, 4 - len(items))], start=len(items) + 1)
    return [_with_priority(item, n) for n, item in enumerate(items, start=1)], matched, missing


def _compare_skills(
    resume: dict[str, Any], job: dict[str, Any]
) -> tuple[list[PlanItem], list[str], list[str]]:
    """The job's skills the resume shows (one item each, citing the resume) and required ones it lacks."""
    taxonomy = load_taxonomy()
    resume_skills = list(resume.get("skills") or [])
    details = _resume_skill_citations(resume)
    items: list[PlanItem] = []
    matched: list[str] = []
    missing: list[str] = []
    for skill in [*job["required_skills"], *job["nice_to_have_skills"]]:
        shown_by = next((have for have in resume_skills if taxonomy.covers(have, skill)), None)
        if shown_by is None:
            if skill in job["required_skills"]:
                missing.append(skill)
            continue
        matched.append(skill)
        if any(taxonomy.covers(earlier.skill or "", skill) for earlier in items):
            continue  # "SQL" adds nothing to a question already about "PostgreSQL"
        citation = (details.get(shown_by) or {}).get("citation") or job["skill_citations"][skill]
        items.append(_skill_item("matched_skill", skill, "resume", citation))
    missing_items = [
        _skill_item("missing_skill", s, "job_description", job["skill_citations"][s]) for s in missing
    ]
    keep_missing = min(len(missing_items), _limits()["missing_skills"])
    items = items[: _limits()["technical"] - keep_missing] + missing_items[:keep_missing]
    return items, matched, missing


def _top_resume_skills(details: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    skip = set(plan_data()["skip_skills_for_questions"])
    ranked = [(name, d) for name, d in details.items() if name not in skip]
    order = {name: n for n, name in enumerate(details)}
    return sorted(ranked, key=lambda p: (-int(p[1].get("mentions", 1)), order[p[0]]))


def _skill_item(kind: str, skill: str, source: str, citation: str | None) -> PlanItem:
    return PlanItem(
        id=f"technical-{_slug(skill)}",
        kind=cast(Any, kind),
        phase="technical",
        topic=skill_topic(skill, load_taxonomy().category(skill)),
        source=cast(Any, source),
        skill=skill,
        citation=citation,
    )


def _with_priority(item: PlanItem, priority: int) -> PlanItem:
    return replace(item, priority=priority)


def _behavioral_items(highlights: list[_Highlight]) -> list[PlanItem]:
    limit = _limits()["behavioral"]
    items: list[PlanItem] = []
    themes_seen: set[str] = set()
    for signal in plan_data()["behavioral_signals"]:
        if len(items) >= limit - 1:
            break  # keep one general question: not every story should come from the resume
        pattern = re.compile(signal["pattern"], re.IGNORECASE)
        for highlight in highlights:
            clause = past_tense_clause(highlight.text, TOPIC_MAX_WORDS - _BEHAVIORAL_PREFIX_WORDS)
            if signal["theme"] in themes_seen or clause is None or not pattern.search(highlight.text):
                continue
            themes_seen.add(signal["theme"])
            items.append(
                PlanItem(
                    id=f"behavioral-{signal['theme']}",
                    kind="general",
                    phase="behavioral",
                    topic=plan_data()["behavioral_topic"].format(clause=clause),
                    source="resume",
                    citation=highlight.text,
                    priority=len(items) + 1,
                )
            )
            highlights = [h for h in highlights if h is not highlight]
            break
    general = plan_data()["general"]["behavioral"][: limit - len(items)]
    return items + _general_items("behavioral", general, start=len(items) + 1)


def _problem_tags(skills: list[str]) -> tuple[str, ...]:
    data = plan_data()
    taxonomy = load_taxonomy()
    counts: dict[str, int] = {}
    for skill in skills:
        tags = data["problem_tags_by_skill"].get(skill) or data["problem_tags_by_category"].get(
            taxonomy.category(skill) or "", []
        )
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
    if not counts:
        return tuple(data["default_problem_tags"])
    order = {tag: n for n, tag in enumerate(counts)}
    ranked = sorted(counts, key=lambda t: (-counts[t], order[t]))
    return tuple(ranked[: data["max_problem_tags"]])
