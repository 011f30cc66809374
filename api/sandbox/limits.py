"""Server-side limits of one run. Clients never choose these beyond the clamped wall time."""

from __future__ import annotations

from dataclasses import dataclass, replace

from api.settings import Settings, get_settings

MIN_TIMEOUT_S = 1.0
MAX_TIMEOUT_S = 30.0
DEFAULT_TIMEOUT_S = 10.0
MAX_CODE_BYTES = 64 * 1024  # one submission's source, whichever door it comes through


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


def server_limits(settings: Settings | None = None) -> Limits:
    """The run limits as configured by the operator (`SANDBOX_*` settings; defaults suit the API)."""
    settings = settings or get_settings()
    wall_cap = settings.sandbox_max_timeout_s
    return Limits(
        wall_s=min(DEFAULT_TIMEOUT_S, wall_cap),
        cpu_s=min(DEFAULT_TIMEOUT_S, wall_cap),
        memory_mb=settings.sandbox_memory_mb,
        pids=settings.sandbox_pids,
        output_bytes=settings.sandbox_output_bytes,
    )


def clamp_timeout(requested: float | None, base: Limits, settings: Settings | None = None) -> Limits:
    """Apply a client's `timeout_seconds`: clamped to 1–30 s and to the operator's cap."""
    cap = min(MAX_TIMEOUT_S, (settings or get_settings()).sandbox_max_timeout_s)
    wanted = DEFAULT_TIMEOUT_S if requested is None else float(requested)
    wall = max(MIN_TIMEOUT_S, min(wanted, cap))
    return replace(base, wall_s=wall, cpu_s=wall)
