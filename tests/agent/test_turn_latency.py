"""The latency record of a spoken turn, assembled from the metrics livekit puts on the chat messages."""

from __future__ import annotations

import pytest

from agent.turn_latency import turn_latency_from_metrics


def test_a_spoken_turn_is_split_into_endpointing_stt_llm_tts_and_overhead() -> None:
    user = {"end_of_turn_delay": 0.42, "transcription_delay": 0.12}
    agent = {"e2e_latency": 0.61, "llm_node_ttft": 0.02, "tts_node_ttfb": 0.05}
    latency = turn_latency_from_metrics(user, agent)
    assert latency is not None
    record = latency.to_json()
    assert record["total_ms"] == pytest.approx(610.0)
    assert record["stt_ms"] == pytest.approx(120.0)
    assert record["endpointing_ms"] == pytest.approx(300.0)
    assert record["llm_ttft_ms"] == pytest.approx(20.0)
    assert record["tts_ttfb_ms"] == pytest.approx(50.0)
    assert record["overhead_ms"] == pytest.approx(120.0)


def test_a_transcript_arriving_after_the_turn_ended_counts_whole_as_stt() -> None:
    latency = turn_latency_from_metrics({"transcription_delay": 0.3}, {"e2e_latency": 0.5})
    assert latency is not None
    assert (latency.endpointing_ms, latency.stt_ms) == (0.0, pytest.approx(300.0))


@pytest.mark.parametrize(
    "agent",
    [{}, {"llm_node_ttft": 0.01}, {"e2e_latency": None}, {"e2e_latency": -1.0}, {"e2e_latency": True}],
)
def test_typed_turns_and_silent_replies_have_no_record(agent: dict[str, object]) -> None:
    assert turn_latency_from_metrics({"end_of_turn_delay": 0.4}, agent) is None
