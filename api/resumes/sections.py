"""Splitting resume text into lines and named sections (experience, education, skills, ...).

Headings are recognised from the data file `data/sections.json`: a short line that, lower-cased and without a
trailing colon, is a known heading. Everything before the first heading is the `header` (name, contacts).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SECTIONS_PATH = Path(__file__).with_name("resources") / "sections.json"

BULLET_CHARS = "•·▪◦●‣∙○■□➢➤►▶✓✔*-–—"
_BULLET_PREFIX = re.compile(rf"^\s*(?:[{re.escape(BULLET_CHARS)}]|o(?=\s))\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
# A heading is short; a longer line that starts with "Experience" is prose.
_MAX_HEADING_WORDS = 5


@dataclass
class ResumeSections:
    """The resume's lines grouped by section name; `header` holds what comes before the first heading."""

    lines: list[str]
    header: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> list[str]:
        return self.sections.get(name, [])


@lru_cache(maxsize=1)
def section_data() -> dict[str, Any]:
    with SECTIONS_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@lru_cache(maxsize=1)
def _heading_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for section, headings in section_data()["headings"].items():
        for heading in headings:
            index[_heading_key(heading)] = section
    return index


def _heading_key(line: str) -> str:
    text = line.strip().rstrip(":").replace("&", " and ").lower()
    return " ".join(re.sub(r"[^\w'\- ]", " ", text).split())


def clean_text(text: str) -> str:
    """NFC-normalised text with tidy spaces and no empty lines at the ends of lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def heading_of(line: str) -> str | None:
    """The section a line opens, or None when it is not a heading."""
    stripped = line.strip()
    if not stripped or len(stripped.split()) > _MAX_HEADING_WORDS:
        return None
    return _heading_index().get(_heading_key(stripped))


def is_bullet(line: str) -> bool:
    stripped = line.lstrip()
    if stripped[:1] in ("-", "–", "—") and stripped[1:2].isdigit():
        return False  # "-5%" or a date dash, not a bullet
    return bool(_BULLET_PREFIX.match(line)) and stripped[:1] != ""


def strip_bullet(line: str) -> str:
    return _BULLET_PREFIX.sub("", line, count=1).strip() if is_bullet(line) else line.strip()


def split_sections(text: str) -> ResumeSections:
    lines = [line for line in clean_text(text).split("\n") if line]
    result = ResumeSections(lines=lines)
    current: list[str] = result.header
    for line in lines:
        section = heading_of(line)
        if section is not None:
            current = result.sections.setdefault(section, [])
            continue
        label, colon, rest = line.partition(":")
        inline = heading_of(label) if colon and rest.strip() else None
        if inline is not None:
            # "Skills: Python, Go" belongs to skills, and stays where it is too: inside a job it is its stack.
            result.sections.setdefault(inline, []).append(rest.strip())
        current.append(line)
    return result
