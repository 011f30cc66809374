"""Job description analysis: role, seniority, required and nice-to-have skills, and the phrase of each.

Output: `{role, seniority: "junior"|"mid"|"senior", years_required, required_skills[], nice_to_have_skills[],
skills[], skill_citations{skill: phrase}}`. A skill is nice-to-have when it appears under a "Nice to have" /
"Preferred" / "Bonus" heading or on a line that says so ("... is a plus"); otherwise it is required. A skill
named both ways is required.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any

from api.resumes.contact import role_words
from api.resumes.sections import clean_text, strip_bullet
from api.resumes.taxonomy import load_taxonomy

ROLES_PATH = Path(__file__).with_name("resources") / "roles.json"
_HEADING_MAX_WORDS = 8
_SHORT_HEADING_WORDS = 4
_ROLE_MAX_WORDS = 8
_YEARS_REQUIRED = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)(?:'|’)?\s+(?:of\s+)?(?:\w+\s+){0,4}?experience",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+")
_LEADING_ROLE_NOISE = re.compile(
    r"^(?:we(?:'re| are)\s+(?:hiring|looking for|seeking)\s+(?:an?\s+)?|join us as\s+(?:an?\s+)?|(?:an?\s+))",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def role_data() -> dict[str, Any]:
    with ROLES_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@lru_cache(maxsize=16)
def _marker_re(markers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in markers) + r")(?!\w)")


def _has_marker(text: str, markers: list[str]) -> bool:
    return bool(_marker_re(tuple(m.lower() for m in markers)).search(text.lower()))


def _heading_kind(line: str) -> str | None:
    """'nice' or 'required' when the line is a heading ("Nice to have:", "Requirements"), else None."""
    stripped = line.strip()
    label = stripped.split(":", 1)[0]  # "Nice to have: Kafka" is a heading with its first item
    words = len(label.split())
    if words > _HEADING_MAX_WORDS or (words > _SHORT_HEADING_WORDS and ":" not in stripped):
        return None
    if _has_marker(label, role_data()["nice_to_have_markers"]):
        return "nice"
    if _has_marker(label, role_data()["required_markers"]):
        return "required"
    return None


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _SENTENCE_SPLIT.finditer(line):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(line)))
    return spans


def _phrase_at(line: str, spans: list[tuple[int, int]], position: int) -> str:
    """The sentence of `line` holding `position`: the JD phrase to cite."""
    index = bisect_right([start for start, _ in spans], position) - 1
    start, end = spans[max(index, 0)]
    return line[start:end].strip()


def find_role(lines: list[str]) -> str | None:
    labels = role_data()["job_title_labels"]
    for line in lines[:10]:
        label, colon, rest = line.partition(":")
        if colon and label.strip().lower() in labels and rest.strip():
            return rest.strip().rstrip(".")
    for line in lines[:5]:
        candidate = _LEADING_ROLE_NOISE.sub("", strip_bullet(line)).strip().rstrip(".:!")
        candidate = re.split(r"\s+(?:—|–|-|\||@|at)\s+|\s*\(", candidate, maxsplit=1)[0]
        words = re.findall(r"[\w'-]+", candidate.lower())
        if 0 < len(words) <= _ROLE_MAX_WORDS and any(w in role_words() for w in words):
            return candidate
    return None


def seniority_of(text: str, years_required: int | None) -> str:
    """junior / mid / senior, from the words of a title (or JD), falling back to the years asked for."""
    levels = role_data()["seniority"]
    if _has_marker(text, levels["junior"]):
        return "junior"
    if _has_marker(text, levels["senior"]):
        return "senior"
    thresholds = role_data()["years_for_level"]
    if years_required is not None:
        if years_required >= thresholds["senior"]:
            return "senior"
        if years_required >= thresholds["mid"]:
            return "mid"
        return "junior"
    return "mid"


def _job_seniority(role: str | None, lines: list[str], years_required: int | None) -> str:
    """The title's words decide ("Senior", "Intern"); else the years asked for; else the opening lines."""
    if role:
        from_title = seniority_of(role, None)
        if from_title != "mid" or _has_marker(role, ["mid", "mid-level", "intermediate"]):
            return from_title
    if years_required is not None:
        return seniority_of("", years_required)
    return seniority_of(" ".join(lines[:3]), None)


def analyze_job_description(text: str) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    lines = [line for line in clean_text(text).split("\n") if line.strip()]
    role = find_role(lines)
    years = [int(m.group(1)) for m in _YEARS_REQUIRED.finditer(text)]
    years_required = min(years) if years else None
    required: dict[str, str] = {}
    nice: dict[str, str] = {}
    block = "required"
    for line in lines:
        heading = _heading_kind(line)
        if heading is not None:
            block = heading
        mentions = taxonomy.find(line)
        if not mentions:
            continue
        spans = _sentence_spans(line)
        nice_phrase: dict[str, bool] = {}
        for mention in mentions:
            phrase = _phrase_at(line, spans, mention.start)
            if phrase not in nice_phrase:
                nice_phrase[phrase] = _has_marker(phrase, role_data()["nice_to_have_markers"])
            target = nice if block == "nice" or nice_phrase[phrase] else required
            target.setdefault(mention.skill, strip_bullet(phrase))
    for skill in required:
        nice.pop(skill, None)
    seniority = _job_seniority(role, lines, years_required)
    return {
        "role": role,
        "seniority": seniority,
        "years_required": years_required,
        "required_skills": list(required),
        "nice_to_have_skills": list(nice),
        "skills": [*required, *nice],
        "skill_citations": {**nice, **required},
    }
