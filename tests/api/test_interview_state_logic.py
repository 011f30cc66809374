"""The pure parts of the state view: phase choice and latency percentiles."""

from __future__ import annotations

import pytest

from api.interview_state import current_phase, latency_summary, percentile


def test_phase_prefers_brain_state_then_last_turn_then_status():
    assert current_phase("in_progress", {"phase": "coding"}, "resume") == "coding"
    assert current_phase("in_progress", {"phase": "bogus"}, "resume") == "resume"
    assert current_phase("in_progress", None, None) == "greeting"
    assert current_phase("completed", {"phase": "coding"}, "coding") == "done"


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_latency_summary_ignores_turns_without_a_numeric_total():
    assert latency_summary([None, {}, {"total_ms": "fast"}, {"total_ms": True}]) is None
    summary = latency_summary([{"total_ms": 300}, None, {"total_ms": 100.0}, {"total_ms": 200, "stt_ms": 5}])
    assert summary == {"turns": 3, "p50_ms": 200.0, "p95_ms": 300.0}
