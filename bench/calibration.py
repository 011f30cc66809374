"""Calibration of the deterministic feedback rubric against the gold set in tests/feedback/gold/.

Prints each case's overall and dimension scores, the Spearman rank correlation of overall scores with the
expected order (goal >= 0.9) and the share of dimension/skill scores in their expected band (goal >= 90 %).

    .venv/bin/python bench/calibration.py [--rubric rubric_v2.json] [--gold DIR] [--repeat 20]

Also prints p50/p95 milliseconds of scoring one interview (the deterministic judge, narrative included).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.feedback.calibration import GoldCase, calibrate, load_gold_set
from api.feedback.rubric import DEFAULT_RUBRIC_FILE, Rubric, load_rubric
from api.feedback.scorecard import score_interview
from bench.stats import percentile

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "feedback" / "gold"


def fmt(value: float | None) -> str:
    return "  null" if value is None else f"{value:6.3f}"




def scoring_timings(cases: list[GoldCase], rubric: Rubric, repeat: int) -> list[float]:
    """Milliseconds per `score_interview` call (the deterministic judge end to end, narrative included)."""
    timings = []
    for _ in range(repeat):
        for case in cases:
            started = time.perf_counter()
            score_interview(case.record, rubric)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rubric", default=DEFAULT_RUBRIC_FILE)
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--repeat", type=int, default=20, help="timing runs over the whole gold set")
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    cases = load_gold_set(args.gold)
    report = calibrate(cases, rubric)
    print(f"rubric {rubric.version}, {len(cases)} gold interviews from {args.gold}")
    print(f"{'rank':>4}  {'case':<28}{'overall':>8}{'comm':>8}{'tech':>8}{'ps':>8}{'code':>8}")
    for case in sorted(cases, key=lambda c: c.expected_rank):
        card = score_interview(case.record, rubric)
        dims = "".join(
            f"{fmt(card.score(d)):>8}"
            for d in ("communication", "technical", "problem_solving", "code_quality")
        )
        print(f"{case.expected_rank:>4}  {case.name:<28}{fmt(card.overall):>8}{dims}")
    for miss in report.misses:
        got = f"{miss.actual} ({fmt(miss.score).strip()})"
        print(f"  band miss: {miss.case} {miss.key}: expected {miss.expected}, got {got}")
    print(f"spearman_rho={report.spearman:.3f} (goal >= 0.9)")
    checked = len(report.checks)
    print(f"band_share={report.band_share:.1%} of {checked} scores in the expected band (goal >= 90%)")
    timings = scoring_timings(cases, rubric, args.repeat)
    print(
        f"score_interview_ms p50={percentile(timings, 0.50):.1f} p95={percentile(timings, 0.95):.1f} "
        f"(n={len(timings)}: {args.repeat} runs x {len(cases)} interviews)"
    )
    return 0 if report.spearman >= 0.9 and report.band_share >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
