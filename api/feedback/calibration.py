"""Calibration of the scorer against a gold set: rank correlation and share of scores in their expected band.

A gold case is a synthetic interview (turns, submissions, plan) with the expected rank of its overall score
and an expected band ("low"/"mid"/"high", or null for "no evidence") per dimension and per plan skill.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.feedback.evidence import InterviewRecord
from api.feedback.rubric import Rubric
from api.feedback.scorecard import Scorecard, score_interview


@dataclass(frozen=True)
class GoldCase:
    name: str
    expected_rank: int
    expected: dict[str, str | None]  # "communication", ..., and "skill:<name>" → band or None
    record: InterviewRecord

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GoldCase:
        expected = {k: v for k, v in data["expected"].items() if k != "skills"}
        expected.update({f"skill:{k}": v for k, v in data["expected"].get("skills", {}).items()})
        return cls(str(data["name"]), int(data["expected_rank"]), expected, InterviewRecord.from_dict(data))


@dataclass(frozen=True)
class BandCheck:
    case: str
    key: str
    expected: str | None
    score: float | None
    actual: str | None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass(frozen=True)
class CalibrationReport:
    spearman: float
    band_share: float
    checks: tuple[BandCheck, ...]
    overall: dict[str, float | None]

    @property
    def misses(self) -> list[BandCheck]:
        return [c for c in self.checks if not c.ok]


def load_gold_set(directory: Path) -> list[GoldCase]:
    cases = []
    for path in sorted(directory.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            cases.append(GoldCase.from_dict(json.load(fh)))
    return cases


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson correlation of the average ranks)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two equally long sequences of at least two values")
    rx, ry = average_ranks(xs), average_ranks(ys)
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry, strict=True))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    return cov / (var_x * var_y) ** 0.5 if var_x and var_y else 0.0


def band_checks(case: GoldCase, card: Scorecard, rubric: Rubric) -> list[BandCheck]:
    checks = []
    for key, expected in case.expected.items():
        if key.startswith("skill:"):
            result = card.skills.get(key.removeprefix("skill:"))
            score = result.score if result else None
        else:
            score = card.score(key)
        actual = None if score is None else rubric.band_of(score)
        checks.append(BandCheck(case.name, key, expected, score, actual))
    return checks


def calibrate(cases: Sequence[GoldCase], rubric: Rubric) -> CalibrationReport:
    cards = {case.name: score_interview(case.record, rubric) for case in cases}
    overall = {name: card.overall for name, card in cards.items()}
    # A case with no overall score ranks last; the expected order is "rank 1 = best", hence the minus.
    observed = [score if (score := overall[c.name]) is not None else -1.0 for c in cases]
    rho = spearman(observed, [-float(c.expected_rank) for c in cases])
    checks = tuple(check for case in cases for check in band_checks(case, cards[case.name], rubric))
    share = sum(c.ok for c in checks) / len(checks) if checks else 0.0
    return CalibrationReport(spearman=rho, band_share=share, checks=checks, overall=overall)
