"""Server-side limits of one run. Clients never choose these beyond the clamped wall time."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

MIN_TIMEOUT_S = 1.0
MAX_TIMEOUT_S = 30.0
DEFAULT_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Limits:
    wall_s: float = DEFAULT_TIMEOUT_S
    cpu_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = 256
    pids: int = 64
    open_files: int = 64
    file_size_mb: int = 16
    output_bytes: int = 64 * 1024  # per stream (stdout, stderr)
    work_mb: int = 32  # the writable /box
    tmp_mb: int = 16  # the writable /tmp

    def with_wall(self, wall_s: float) -> Limits:
        return replace(self, wall_s=wall_s, cpu_s=min(self.cpu_s, wall_s))


# Compilers are trusted code fed untrusted input: they get their own, roomier budget.
COMPILE_LIMITS = Limits(wall_s=30.0, cpu_s=30.0, memory_mb=1024, pids=64, open_files=256, file_size_mb=64,
                        output_bytes=64 * 1024, work_mb=128, tmp_mb=64)


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def server_limits() -> Limits:
    """The run limits as configured by the operator (env vars; defaults suit the API)."""
    wall_cap = _env_float("SANDBOX_MAX_TIMEOUT_S", MAX_TIMEOUT_S)
    return Limits(
        wall_s=min(DEFAULT_TIMEOUT_S, wall_cap),
        cpu_s=min(DEFAULT_TIMEOUT_S, wall_cap),
        memory_mb=_env_int("SANDBOX_MEMORY_MB", 256),
        pids=_env_int("SANDBOX_PIDS", 64),
        output_bytes=_env_int("SANDBOX_OUTPUT_BYTES", 64 * 1024),
    )


def clamp_timeout(requested: float | None, base: Limits) -> Limits:
    """Apply a client's `timeout_seconds`: clamped to 1–30 s and to the operator's cap."""
    cap = min(MAX_TIMEOUT_S, _env_float("SANDBOX_MAX_TIMEOUT_S", MAX_TIMEOUT_S))
    wanted = DEFAULT_TIMEOUT_S if requested is None else float(requested)
    wall = max(MIN_TIMEOUT_S, min(wanted, cap))
    return replace(base, wall_s=wall, cpu_s=wall)
