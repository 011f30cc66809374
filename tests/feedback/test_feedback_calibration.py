"""The gold set: the rubric must order and band synthetic interviews as expected, from their content."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.feedback.calibration import GoldCase, average_ranks, calibrate, load_gold_set, spearman
from api.feedback.narrative import load_templates
from api.feedback.rubric import DIMENSIONS, load_rubric
from api.feedback.scorecard import score_interview
from api.feedback.signals import word_count

GOLD_DIR = Path(__file__).parent / "gold"
RUBRIC = load_rubric()


@pytest.fixture(scope="module")
def gold() -> list[GoldCase]:
    return load_gold_set(GOLD_DIR)


def test_spearman_of_known_orders():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert average_ranks([5.0, 1.0, 5.0]) == [2.5, 1.0, 2.5]
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)


def test_gold_set_spans_strong_to_weak_with_expected_bands(gold: list[GoldCase]):
    assert len(gold) >= 12
    assert sorted(c.expected_rank for c in gold) == list(range(1, len(gold) + 1))
    for band in ("low", "mid", "high"):
        assert any(band in c.expected.values() for c in gold)
    assert any(v is None for c in gold for v in c.expected.values())  # null-without-evidence cases too


def test_rubric_meets_the_calibration_goals_on_the_gold_set(gold: list[GoldCase]):
    report = calibrate(gold, RUBRIC)
    assert report.spearman >= 0.9, report.overall
    assert report.band_share >= 0.9, [(m.case, m.key, m.expected, m.actual) for m in report.misses]


def _total_candidate_words(case: GoldCase) -> float:
    return float(sum(word_count(t.text) for t in case.record.candidate_turns()))


def _tests_passed_share(case: GoldCase) -> float:
    final = case.record.submissions[-1] if case.record.submissions else None
    return final.tests_passed / final.tests_total if final and final.tests_total else 0.0


@pytest.mark.parametrize("shortcut", [_total_candidate_words, _tests_passed_share])
def test_shortcut_scorers_that_ignore_what_was_said_fail_the_gold_set(gold: list[GoldCase], shortcut):
    expected = [-float(c.expected_rank) for c in gold]
    assert spearman([shortcut(c) for c in gold], expected) < 0.75


def test_the_longest_talker_is_not_rewarded_for_length(gold: list[GoldCase]):
    talker = max(gold, key=_total_candidate_words)
    concise = min((c for c in gold if c.expected_rank <= 3), key=_total_candidate_words)
    assert score_interview(talker.record).score("technical") < 0.4  # type: ignore[operator]
    assert score_interview(concise.record).score("technical") > 0.7  # type: ignore[operator]


def test_every_piece_of_evidence_points_at_a_real_turn_or_submission_verbatim(gold: list[GoldCase]):
    for case in gold:
        turns = {t.id: t for t in case.record.turns}
        code = {s.id: s.code for s in case.record.submissions}
        card = score_interview(case.record)
        for name, entry in card.to_feedback()["skill_breakdown"].items():
            assert (entry["score"] is None) == (entry["evidence"] == []), (case.name, name)
            for evidence in entry["evidence"]:
                if evidence["kind"] == "turn":
                    assert turns[evidence["ref"]].role == "candidate"
                    assert evidence["quote"] in turns[evidence["ref"]].text, (case.name, name)
                else:
                    assert evidence["quote"] in code[evidence["ref"]], (case.name, name)


def test_narrative_praises_only_top_band_scores(gold: list[GoldCase]):
    templates = load_templates()
    for case in gold:
        card = score_interview(case.record)
        for dim in DIMENSIONS:
            score = card.score(dim)
            opening = templates["strength"][dim].split("{")[0].split("#")[0]
            praised = any(line.startswith(opening) for line in card.strengths)
            assert praised == (score is not None and RUBRIC.band_of(score) == "high"), (case.name, dim)
        if "Strongest in" in card.summary:
            strongest = card.summary.split("Strongest in ")[1].split(".")[0].split(", ")
            labels = {templates["labels"][d]: d for d in DIMENSIONS}
            assert all(RUBRIC.band_of(card.score(labels[label]) or 0.0) == "high" for label in strongest)
