from __future__ import annotations

from datetime import date

import pytest

from api.resumes.dates import find_date_range, total_years

TODAY = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Senior Engineer, Acme   Jan 2020 – Present", "2020-01", "present"),
        ("03/2018 - 05/2021", "2018-03", "2021-05"),
        ("Entwicklerin, Firma GmbH, 03.2019 – 05.2021", "2019-03", "2021-05"),
        ("Mar. 2019 - Sept. 2020", "2019-03", "2020-09"),
        ("September, 2019 — Dec 2020", "2019-09", "2020-12"),
        ("2019-03 – 2021-05", "2019-03", "2021-05"),
        ("2016 to 2019", "2016", "2019"),
        ("May 2021 - current", "2021-05", "present"),
    ],
)
def test_date_range_formats(line: str, start: str, end: str) -> None:
    found = find_date_range(line)
    assert found is not None
    assert (found[0].start_label, found[0].end_label) == (start, end)


@pytest.mark.parametrize(
    "line", ["Call +1 415 555 0134", "Grew revenue 20-30%", "Dec 2021 - Jan 2020", "v2.1 - 3.0"]
)
def test_things_that_are_not_date_ranges(line: str) -> None:
    assert find_date_range(line) is None


def test_total_years_merges_overlaps_and_counts_written_months_in_full() -> None:
    ranges = [
        find_date_range(text)[0] for text in ("Jan 2018 - Dec 2019", "Jun 2019 - Dec 2020", "2022 - Present")
    ]
    # Jan 2018 – Dec 2020 is 36 months; Jan 2022 – Nov 2026 (this month included) is 59.
    assert total_years(ranges, TODAY) == round(95 / 12, 1)
    assert total_years([], TODAY) is None
