"""The one interface both isolation backends implement, and how their exits become statuses."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from typing import Protocol

from api.sandbox.languages import Language
from api.sandbox.limits import Limits
from api.sandbox.result import ExecutionResult, Status

MEMORY_ERROR_MARKERS = (
    b"MemoryError",
    b"heap out of memory",
    b"Array buffer allocation failed",
    b"java.lang.OutOfMemoryError",
    b"std::bad_alloc",
)


class SandboxUnavailable(RuntimeError):
    """The configured backend cannot run code here. The API answers 503; nothing falls back."""


class ToolchainMissing(SandboxUnavailable):
    """The backend works, but one language's compiler or runtime is not installed on this host."""

    def __init__(self, language: str, program: str) -> None:
        super().__init__(f"{language} cannot run here: its toolchain ({program}) is not installed on the "
                         f"sandbox host")
        self.language, self.program = language, program


@dataclass(frozen=True)
class RunRequest:
    language: Language
    source: str
    stdin: bytes = b""
    limits: Limits = field(default_factory=Limits)


class Sandbox(Protocol):
    name: str

    def selfcheck(self) -> None:
        """Raise SandboxUnavailable unless a real, isolated run works; never degrade."""

    def containment(self) -> str:
        """How memory/processes are bounded here, e.g. "cgroup-v1" or "rlimit-only"."""

    def run(self, request: RunRequest) -> ExecutionResult:
        """Run untrusted code to completion; nothing it started survives the return."""


def classify_exit(
    *, returncode: int | None, timed_out: bool, output_limited: bool, oom_killed: bool, stderr: bytes,
    cpu_ms: float | None, cpu_limit_s: float,
) -> tuple[Status, int | None, int | None]:
    """(status, exit_code, signal). Exit codes follow the shell/Docker convention: 128 + signal."""
    exit_code: int | None = returncode
    if returncode is not None and returncode < 0:
        exit_code = 128 - returncode
    sig = exit_code - 128 if exit_code is not None and exit_code > 128 else None
    if output_limited:
        return Status.OUTPUT_LIMIT, exit_code, sig
    if timed_out:
        return Status.TIMEOUT, exit_code, sig
    if oom_killed:
        return Status.MEMORY_LIMIT, exit_code, sig
    cpu_exhausted = cpu_ms is not None and cpu_ms >= cpu_limit_s * 1000
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_exhausted):
        return Status.TIMEOUT, exit_code, sig
    if exit_code == 0:
        return Status.OK, exit_code, sig
    if any(marker in stderr for marker in MEMORY_ERROR_MARKERS):
        return Status.MEMORY_LIMIT, exit_code, sig
    return Status.RUNTIME_ERROR, exit_code, sig
