"""Who the resume is about: name, email, phone and links, found in the text as written (never guessed)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from api.resumes.sections import heading_of

ROLES_PATH = Path(__file__).with_name("resources") / "roles.json"

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(\+?\(?\d[\d\s().\-]{7,}\d)(?![\w])")
_PHONE_DIGITS = (9, 15)
_ONLY_YEARS = re.compile(r"(?:(?:19|20)\d\d[\s.\-]*)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s,;<>()\[\]\"']+", re.IGNORECASE)
_PROFILE_HOSTS = (
    "linkedin.com", "github.com", "gitlab.com", "bitbucket.org", "stackoverflow.com", "twitter.com", "x.com",
    "medium.com", "behance.net", "dribbble.com", "kaggle.com", "huggingface.co", "dev.to", "codepen.io",
)  # fmt: skip
_PROFILE = re.compile(
    r"(?<![\w./@])(?:" + "|".join(re.escape(h) for h in _PROFILE_HOSTS) + r")/[^\s,;<>()\[\]\"']+",
    re.IGNORECASE,
)
_NAME_SEPARATORS = re.compile(r"\s*(?:\||•|·|—|–|,|\u2022|\s-\s)\s*")
_NAME_PARTICLES = {
    "van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "bin", "binti", "al", "el", "du",
}  # fmt: skip
# A header line further down than this is body text, not the name.
_NAME_SEARCH_LINES = 6
_NAME_LINE_MAX_CHARS = 160


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    with ROLES_PATH.open(encoding="utf-8") as handle:
        return frozenset(w.lower() for w in json.load(handle)["role_words"])


def find_email(text: str) -> str | None:
    match = EMAIL.search(text)
    return match.group(0) if match else None


def find_phone(text: str) -> str | None:
    for match in _PHONE.finditer(text):
        candidate = match.group(1).strip()
        digits = sum(c.isdigit() for c in candidate)
        if not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1] or _ONLY_YEARS.fullmatch(candidate):
            continue
        return candidate
    return None


def find_links(text: str) -> list[str]:
    found: list[str] = []
    for pattern in (_URL, _PROFILE):
        for match in pattern.finditer(text):
            link = match.group(0).rstrip(".,;:")
            if any(link.lower() in seen.lower() for seen in found):
                continue
            found.append(link)
    emails = {m.group(0).split("@", 1)[1].lower() for m in EMAIL.finditer(text)}
    return [link for link in found if link.lower() not in emails]


def strip_contacts(text: str) -> str:
    """The text with emails and links blanked (same length), so skill search does not read 'github.com'."""
    for pattern in (EMAIL, _URL, _PROFILE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _looks_like_name(segment: str) -> bool:
    words = segment.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() or ch in "@/:" for ch in segment):
        return False
    if heading_of(segment) is not None or segment.lower() in {"curriculum vitae", "resume", "résumé"}:
        return False
    if any(w.lower().strip(".,") in role_words() for w in words):
        return False
    capitalised = 0
    for word in words:
        core = word.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if not core or not core.isalpha():
            return False
        if word.lower() in _NAME_PARTICLES:
            continue
        if word[0].islower():
            return False
        capitalised += 1
    return capitalised >= 2


def _looks_like_single_script_name(segment: str) -> bool:
    """Names in scripts without case (e.g. 李小龙) come as one or two uncased words."""
    words = segment.split()
    return 1 <= len(words) <= 3 and all(w.isalpha() and not w.isupper() and not w.islower() for w in words)


def find_name(header_lines: list[str]) -> tuple[str, str] | None:
    """The candidate's name and the line it was read from, from the top of the resume; None when unsure."""
    for line in header_lines[:_NAME_SEARCH_LINES]:
        if len(line) > _NAME_LINE_MAX_CHARS:
            continue  # a paragraph, not a name line
        for segment in _NAME_SEPARATORS.split(line):
            segment = segment.strip()
            if _looks_like_name(segment) or _looks_like_single_script_name(segment):
                return segment, line
    return None
