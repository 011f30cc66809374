"""Experience entries (title, company, dates, highlights) and projects from their resume sections.

An entry is anchored on a line holding a date range. Its title and company come from that line (minus the
dates) and up to two short lines right above it; the piece holding a role word ("Engineer", "Lead") is the
title, the first other piece is the company. Bullets until the next entry are its highlights; wrapped bullet
lines are joined back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from api.resumes.contact import role_words
from api.resumes.dates import DateRange, find_date_range
from api.resumes.sections import is_bullet, strip_bullet

_PIECE_SEPARATORS = re.compile(r"\s*(?:\||•|·|—|–|@|,|\s-\s|\s+at\s+|\(|\))\s*")
_HEADER_MAX_CHARS = 90
_HEADER_LINES_ABOVE = 2
_LOCATION_WORDS = {"remote", "hybrid", "on-site", "onsite"}
_US_STATE = re.compile(r"^[A-Z]{2}$")
_COMPANY_SUFFIX = re.compile(r"^(?:inc|llc|ltd|gmbh|ag|sa|plc|corp|co|bv|oy|ab)\.?$", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ";")
_PROJECT_NAME_END = re.compile(r"\s+(?:—|–|\||-)\s+|:\s+|\s+\(")


@dataclass
class ExperienceEntry:
    title: str | None
    company: str | None
    dates: DateRange | None
    highlights: list[str] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "company": self.company,
            "start": self.dates.start_label if self.dates else None,
            "end": self.dates.end_label if self.dates else None,
            "highlights": list(self.highlights),
        }


def has_role_word(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text.lower())
    if any(w in role_words() for w in words):
        return True
    joined = f" {' '.join(words)} "
    return any(" " in phrase and f" {phrase} " in joined for phrase in role_words())


def _pieces(text: str) -> list[str]:
    raw = [p.strip(" .,;:") for p in _PIECE_SEPARATORS.split(text)]
    pieces: list[str] = []
    for piece in raw:
        if not piece:
            continue
        if pieces and _COMPANY_SUFFIX.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"  # "Acme, Inc." stays one company
            continue
        pieces.append(piece)
    return pieces


def _is_location(piece: str) -> bool:
    return piece.lower() in _LOCATION_WORDS or bool(_US_STATE.match(piece))


def title_and_company(header_text: list[str]) -> tuple[str | None, str | None]:
    title: str | None = None
    company: str | None = None
    for line in header_text:
        for piece in _pieces(line):
            if title is None and has_role_word(piece):
                title = piece
            elif company is None and not _is_location(piece) and any(c.isalpha() for c in piece):
                company = piece
    return title, company


def _header_candidate(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and not is_bullet(line)
        and len(stripped) <= _HEADER_MAX_CHARS
        and not stripped.endswith(_SENTENCE_END)
        and not stripped[0].islower()
    )


def _highlights(lines: list[str]) -> list[str]:
    highlights: list[str] = []
    continuing = False
    for line in lines:
        text = strip_bullet(line)
        if not text:
            continue
        if is_bullet(line) or not highlights or not continuing:
            highlights.append(text)
        else:
            highlights[-1] = f"{highlights[-1]} {text}"
        continuing = not text.endswith(_SENTENCE_END) or text[:1].islower()
    return highlights


def _header_above(lines: list[str], line_no: int, floor: int) -> int:
    """The first line of the entry whose dates are on `line_no`: up to two short header lines above it."""
    first = line_no
    while (
        first - 1 >= floor
        and line_no - (first - 1) <= _HEADER_LINES_ABOVE
        and _header_candidate(lines[first - 1])
    ):
        first -= 1
    return first


def parse_experience(lines: list[str]) -> list[ExperienceEntry]:
    anchors = [(i, found) for i, line in enumerate(lines) if (found := find_date_range(line)) is not None]
    starts: list[int] = []  # first line of each entry (its header)
    for index, (line_no, _) in enumerate(anchors):
        floor = 0 if index == 0 else anchors[index - 1][0] + 1
        starts.append(_header_above(lines, line_no, floor))
    entries: list[ExperienceEntry] = []
    for index, (line_no, (dates, match)) in enumerate(anchors):
        line = lines[line_no]
        header_text = [h.strip() for h in lines[starts[index] : line_no] if h.strip()]
        rest_of_line = f"{line[: match.start()]} {line[match.end() :]}".strip()
        header_text += [rest_of_line] if rest_of_line else []
        body = lines[line_no + 1 : starts[index + 1] if index + 1 < len(anchors) else len(lines)]
        title, company = title_and_company(header_text)
        if title is None and body and _header_candidate(body[0]) and has_role_word(body[0]):
            # Dates first, then "Title, Company" on the next line.
            title, company = title_and_company([body[0], *header_text])
            header_text, body = [*header_text, body[0]], body[1:]
        entries.append(ExperienceEntry(title, company, dates, _highlights(body), header_text))
    return entries


def parse_projects(lines: list[str]) -> list[dict[str, object]]:
    """Projects: a non-bullet line names a project, the bullets under it are its highlights."""
    projects: list[dict[str, object]] = []
    name: str | None = None
    body: list[str] = []

    def flush() -> None:
        if name is not None:
            projects.append({"name": name, "highlights": _highlights(body)})

    for line in lines:
        if _header_candidate(line):
            flush()
            name, body = _PROJECT_NAME_END.split(line.strip(), maxsplit=1)[0], []
        elif name is not None:
            body.append(line)
        else:
            # Bullets before any project name: each bullet is its own small project.
            name, body = strip_bullet(line), []
    flush()
    return projects
