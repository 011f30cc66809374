"""Education entries (degree, school, year) from the education section.

A line naming a school or a degree starts a new entry when the current one already has that part; a year on
any of an entry's lines is its year (the latest one: the graduation year of "2012 – 2016").
"""

from __future__ import annotations

import re
from functools import lru_cache

from api.resumes.dates import YEAR
from api.resumes.sections import section_data, strip_bullet

_NOT_PART_OF_NAMES = re.compile(
    r"\b(?:expected|graduated|class of|gpa[:\s]*[\d.]+(?:\s*/\s*[\d.]+)?)", re.IGNORECASE
)
_DANGLING_WORDS = (["of"], ["and"], ["for"], ["de"], ["the"], ["at"], ["in"])
_PIECES = re.compile(r"\s*(?:\||•|·|—|–|,|;|\s-\s|\(|\))\s*")


@lru_cache(maxsize=1)
def _degree_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in section_data()["degree_patterns"]))


@lru_cache(maxsize=1)
def _school_re() -> re.Pattern[str]:
    words = sorted(section_data()["school_words"], key=len, reverse=True)
    insensitive = [re.escape(w) for w in words if not w.isupper()]
    exact = [re.escape(w) for w in words if w.isupper()]
    return re.compile(rf"(?i:\b(?:{'|'.join(insensitive)})\b)|\b(?:{'|'.join(exact)})\b")


def _strip_years(piece: str) -> str:
    without = YEAR.sub(" ", piece)
    without = _NOT_PART_OF_NAMES.sub(" ", without)
    return " ".join(without.replace("–", " ").split()).strip(" -–,.;:")


def _degree_and_school(line: str) -> tuple[str | None, str | None]:
    degree: str | None = None
    school: str | None = None
    for piece in _PIECES.split(strip_bullet(line)):
        text = _strip_years(piece)
        if not text:
            continue
        if school is None and _school_re().search(text) and not _degree_re().search(text):
            school = text
        elif degree is None and _degree_re().search(text):
            degree = text
    return degree, school


def parse_education(lines: list[str]) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in lines:
        degree, school = _degree_and_school(line)
        starts_new = current is None or (degree and current["degree"]) or (school and current["school"])
        if (degree or school) and starts_new:
            current = {"degree": None, "school": None, "year": None}
            entries.append(current)
        if current is not None:
            _extend(current, line, degree, school)
    return entries


def _extend(entry: dict[str, object], line: str, degree: str | None, school: str | None) -> None:
    school_so_far = str(entry["school"] or "")
    if not degree and not school and school_so_far.split()[-1:] in _DANGLING_WORDS:
        # "Warsaw University of" + "Technology": a school name wrapped in a narrow column
        entry["school"] = f"{school_so_far} {_strip_years(strip_bullet(line))}".strip()
    if degree and not entry["degree"]:
        entry["degree"] = degree
    if school and not entry["school"]:
        entry["school"] = school
    years = [int(y) for y in YEAR.findall(line)]
    previous = entry["year"]
    if years:
        entry["year"] = max([*years, *([previous] if isinstance(previous, int) else [])])
