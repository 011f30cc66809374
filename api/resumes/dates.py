"""Date ranges on resumes ("Jan 2020 – Present", "03/2018 - 05/2021", "2016 to 2019") and years covered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_MONTH},?\s+{_YEAR}"  # Jan 2020, September, 2019
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"  # 03/2019, 03.2019
    rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?!\d)"  # 2019-03
    rf"|{_YEAR})"
)
_ONGOING = r"(?:present|current(?:ly)?|now|today|ongoing|to date|date)"
_DASH = r"(?:-|–|—|‐|‒|―|~|\bto\b|\buntil\b|\bthrough\b|\bthru\b)"
DATE_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})\s*{_DASH}\s*(?P<end>{_DATE}|{_ONGOING})(?![\w/])",
    re.IGNORECASE,
)
YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
ONGOING = "present"


@dataclass(frozen=True)
class Month:
    year: int
    month: int | None  # None when only the year was written

    def label(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    def index(self) -> int:
        """Months since year 0. A bare year counts from its January, so "2016 – 2019" covers three years."""
        return self.year * 12 + ((self.month or 1) - 1)


@dataclass(frozen=True)
class DateRange:
    start: Month
    end: Month | None  # None: ongoing
    text: str  # as written

    @property
    def start_label(self) -> str:
        return self.start.label()

    @property
    def end_label(self) -> str:
        return ONGOING if self.end is None else self.end.label()

    def end_index(self, today: date) -> int:
        """Exclusive end in months: a month that is written counts in full ("– Dec 2019" includes December,
        "– Present" includes this month); a bare year ends at its January ("2016 – 2019" is three years)."""
        if self.end is None:
            return today.year * 12 + today.month
        return self.end.index() + (1 if self.end.month is not None else 0)

    def months(self, today: date) -> int:
        return max(0, self.end_index(today) - self.start.index())


def parse_date(text: str) -> Month | None:
    text = text.strip().lower().rstrip(".")
    years = YEAR.findall(text)
    if not years:
        return None
    year = int(years[0])
    name = re.match(r"[a-z]+", text)
    if name and name.group(0)[:3] in _MONTHS:
        return Month(year, _MONTHS[name.group(0)[:3]])
    numeric = re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*{_YEAR}", text)
    if numeric:
        return Month(year, int(numeric.group(1)))
    year_first = re.fullmatch(rf"{_YEAR}\s*[-/.]\s*(\d\d)", text)
    if year_first:
        return Month(year, int(year_first.group(1)))
    return Month(year, None)


def find_date_range(line: str) -> tuple[DateRange, re.Match[str]] | None:
    match = DATE_RANGE.search(line)
    if match is None:
        return None
    start = parse_date(match.group("start"))
    end_text = match.group("end")
    end = parse_date(end_text) if YEAR.search(end_text) else None
    if start is None or (end is not None and end.index() < start.index()):
        return None
    return DateRange(start, end, match.group(0)), match


def total_years(ranges: list[DateRange], today: date) -> float | None:
    """Years covered by the ranges, overlaps counted once, to one decimal; None without ranges."""
    if not ranges:
        return None
    spans = sorted((r.start.index(), r.end_index(today)) for r in ranges)
    covered = 0
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
            continue
        covered += current_end - current_start
        current_start, current_end = start, end
    covered += max(0, current_end - current_start)
    return round(covered / 12, 1)
