"""A spoken turn's latency record, read from the metrics livekit attaches to the turn's chat messages.

In a live room we cannot see the audio itself (the harness can), so the record is assembled from what the
session measured: on the candidate's message, `end_of_turn_delay` (end of speech → turn committed) and
`transcription_delay` (end of speech → final transcript); on the agent's reply, `llm_node_ttft`,
`tts_node_ttfb` and `e2e_latency` (end of speech → first agent audio). Plain dicts in, plain record out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.engines.latency import TurnLatency

SECONDS_TO_MS = 1000.0


def _seconds(metrics: Mapping[str, Any], key: str) -> float | None:
    value = metrics.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def turn_latency_from_metrics(
    user_metrics: Mapping[str, Any], agent_metrics: Mapping[str, Any]
) -> TurnLatency | None:
    """The record for an agent reply to a spoken turn; None for typed turns (no end of speech to measure
    from) and for replies that produced no audio."""
    total = _seconds(agent_metrics, "e2e_latency")
    if total is None:
        return None
    end_of_turn = _seconds(user_metrics, "end_of_turn_delay") or 0.0
    transcription = _seconds(user_metrics, "transcription_delay") or 0.0
    # The transcript is part of the wait for the end of the turn when it arrives inside it.
    stt = min(transcription, end_of_turn) if end_of_turn else transcription
    return TurnLatency(
        endpointing_ms=SECONDS_TO_MS * max(0.0, end_of_turn - stt),
        stt_ms=SECONDS_TO_MS * stt,
        llm_ttft_ms=SECONDS_TO_MS * (_seconds(agent_metrics, "llm_node_ttft") or 0.0),
        tts_ttfb_ms=SECONDS_TO_MS * (_seconds(agent_metrics, "tts_node_ttfb") or 0.0),
        total_ms=SECONDS_TO_MS * total,
    )
