"""The one percentile the benchmarks print (their other figures come from `statistics`)."""

from __future__ import annotations


def percentile(values: list[float], fraction: float) -> float:
    """The value `fraction` (0 to 1) of the way through the sorted values: the index is rounded, nothing is
    interpolated, so every figure printed is a measured one."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]
