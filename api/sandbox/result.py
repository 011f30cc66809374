"""What a sandbox run produces: a status, the captured bytes and the measurements."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from api.storable import decoded_output


class Status(StrEnum):
    OK = "ok"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    INTERNAL_ERROR = "internal_error"


@dataclass(frozen=True)
class ExecutionResult:
    """One run of untrusted code. Output is kept as bytes; decoding happens at the API edge."""

    status: Status
    exit_code: int | None
    stdout: bytes
    stderr: bytes
    truncated: bool
    wall_ms: float
    backend: str
    signal: int | None = None
    cpu_ms: float | None = None
    memory_peak_bytes: int | None = None
    # Which kernel mechanisms bounded memory/processes for this run ("cgroup-v1", "cgroup-v2",
    # "rlimit-only"), so a weaker run is never silently presented as a fully contained one.
    containment: str = ""
    compile_output: bytes = b""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def timed_out(self) -> bool:
        return self.status is Status.TIMEOUT

    def api_dict(self) -> dict[str, Any]:
        """The `/sandbox/execute` body: bytes decoded with replacement, never raising."""
        stderr = self.stderr
        if self.status is Status.COMPILE_ERROR:
            stderr = self.compile_output + stderr
        return {
            "stdout": decoded_output(self.stdout),
            "stderr": decoded_output(stderr),
            "exit_code": self.exit_code,
            "execution_time_ms": round(self.wall_ms, 1),
            "timed_out": self.timed_out,
            "truncated": self.truncated,
            "status": self.status.value,
        }
