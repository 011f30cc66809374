import math

from agent.engines.latency import TurnLatency, percentile, summarize


def test_overhead_is_what_the_parts_do_not_explain():
    latency = TurnLatency(endpointing_ms=400, stt_ms=50, llm_ttft_ms=5, tts_ttfb_ms=60, total_ms=540)
    assert latency.overhead_ms == 25
    data = latency.to_json()
    assert data["total_ms"] == 540 and data["overhead_ms"] == 25
    assert TurnLatency.from_json(data) == latency


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.5) == 10
    assert percentile(values, 0.95) == 19
    assert math.isnan(percentile([], 0.5))


def test_summary_reports_each_part():
    turns = [TurnLatency(100, 10, 1, 20, 150), TurnLatency(300, 30, 3, 40, 400)]
    summary = summarize(turns)
    assert summary["total_ms"] == {"p50": 150, "p95": 400}
    assert summary["stt_ms"]["p50"] == 10
    assert summary["turns"]["count"] == 2
