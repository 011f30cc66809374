"""Pure pieces of the interview state view: the current phase and the latency summary.

No ORM or web imports: routes hand in plain values read from the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

PHASES = ("greeting", "resume", "technical", "coding", "behavioral", "closing", "done")
LATENCY_FIELD = "total_ms"


def current_phase(status: str, brain_state: Mapping[str, Any] | None, last_turn_phase: str | None) -> str:
    """The phase to show: the brain's own, else the latest turn's, else where the status puts it."""
    if status == "completed":
        return "done"
    if brain_state and brain_state.get("phase") in PHASES:
        return str(brain_state["phase"])
    if last_turn_phase in PHASES:
        return str(last_turn_phase)
    return "greeting"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (fraction in (0, 1])."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def latency_summary(latencies: Iterable[Mapping[str, Any] | None]) -> dict[str, Any] | None:
    """`{turns, p50_ms, p95_ms}` over the turns whose latency has a numeric `total_ms`; None if none do."""
    totals = sorted(
        float(item[LATENCY_FIELD])
        for item in latencies
        if item
        and isinstance(item.get(LATENCY_FIELD), int | float)
        and not isinstance(item.get(LATENCY_FIELD), bool)
        and math.isfinite(item[LATENCY_FIELD])
    )
    if not totals:
        return None
    return {
        "turns": len(totals),
        "p50_ms": round(percentile(totals, 0.50), 1),
        "p95_ms": round(percentile(totals, 0.95), 1),
    }
