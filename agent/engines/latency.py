"""Per-turn voice latency: end of the candidate's speech → first agent audio, and its parts.

Pure data, stored per turn (`TranscriptMessage.latency` JSON) and summarised in `/state`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from api.interview_state import percentile as nearest_rank

LATENCY_PARTS = ("endpointing_ms", "stt_ms", "llm_ttft_ms", "tts_ttfb_ms", "overhead_ms", "total_ms")


@dataclass(frozen=True)
class TurnLatency:
    """Milliseconds. `total_ms` = end of candidate speech → first agent audio frame;
    `overhead_ms` = total minus the four measured parts (scheduling, plumbing, queues)."""

    endpointing_ms: float  # waiting for silence: VAD window and lag, plus any endpointing hold
    stt_ms: float  # recognition work left after the VAD ended speech
    llm_ttft_ms: float  # reply's first token
    tts_ttfb_ms: float  # first synthesised audio
    total_ms: float

    @property
    def overhead_ms(self) -> float:
        return self.total_ms - self.endpointing_ms - self.stt_ms - self.llm_ttft_ms - self.tts_ttfb_ms

    def to_json(self) -> dict[str, float]:
        data = {key: round(value, 1) for key, value in asdict(self).items()}
        data["overhead_ms"] = round(self.overhead_ms, 1)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TurnLatency:
        return cls(**{key: float(data[key]) for key in ("endpointing_ms", "stt_ms", "llm_ttft_ms",
                                                        "tts_ttfb_ms", "total_ms")})


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in [0, 1]), as the API state view computes it; NaN if no values."""
    return nearest_rank(sorted(values), fraction) if values else math.nan


def summarize(latencies: list[TurnLatency]) -> dict[str, dict[str, float]]:
    """{"total_ms": {"p50": .., "p95": ..}, ...} over the turns, plus the turn count."""
    rows = [latency.to_json() for latency in latencies]
    summary: dict[str, dict[str, float]] = {
        part: {"p50": percentile([row[part] for row in rows], 0.5),
               "p95": percentile([row[part] for row in rows], 0.95)}
        for part in LATENCY_PARTS
    }
    summary["turns"] = {"count": float(len(rows))}
    return summary
