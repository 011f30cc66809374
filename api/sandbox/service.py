"""The single entry point the API and the agent use: a checked backend behind a concurrency cap.

`SANDBOX_BACKEND` chooses "bwrap" (default) or "docker". An unusable backend raises
SandboxUnavailable (the API answers 503); there is no fallback to running on the host.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from api.sandbox.harness import TestReport, build_program, judge, new_nonce
from api.sandbox.interface import RunRequest, Sandbox, SandboxUnavailable
from api.sandbox.languages import resolve_language, supported_names
from api.sandbox.limits import Limits, clamp_timeout, server_limits
from api.sandbox.problems import Problem
from api.sandbox.result import ExecutionResult
from api.settings import Settings, get_settings

RECHECK_AFTER_S = 30.0


class UnknownLanguage(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unsupported language {name!r}; supported: {', '.join(supported_names())}")
        self.supported = supported_names()


def configured_backend_name(settings: Settings | None = None) -> str:
    return (settings or get_settings()).sandbox_backend.strip().lower()


def max_concurrency(settings: Settings | None = None) -> int:
    """SANDBOX_MAX_CONCURRENCY, or the number of CPUs when it is not set."""
    configured = (settings or get_settings()).sandbox_max_concurrency
    return max(1, configured) if configured is not None else max(1, os.cpu_count() or 1)


def make_sandbox(name: str) -> Sandbox:
    if name == "bwrap":
        from api.sandbox.bwrap import BwrapBackend

        return BwrapBackend()
    if name == "docker":
        from api.sandbox.docker_backend import DockerBackend

        return DockerBackend()
    raise SandboxUnavailable(f"unknown SANDBOX_BACKEND {name!r} (use bwrap or docker)")


class _Checked:
    """Process-wide backends, each self-checked once; a failure is remembered briefly, then retried."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: dict[str, Sandbox] = {}
        self._failures: dict[str, tuple[float, str]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()  # not `_lock`: that one is held during self-checks

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The pool that caps concurrent runs, sized from the settings on first use."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_concurrency(), thread_name_prefix="sandbox")
            return self._executor

    def get(self, name: str) -> Sandbox:
        with self._lock:
            if name in self._ready:
                return self._ready[name]
            failure = self._failures.get(name)
            if failure and time.monotonic() - failure[0] < RECHECK_AFTER_S:
                raise SandboxUnavailable(failure[1])
            try:
                sandbox = make_sandbox(name)
                sandbox.selfcheck()
            except SandboxUnavailable as exc:
                self._failures[name] = (time.monotonic(), str(exc))
                raise
            except Exception as exc:  # any other start-up failure is still "unavailable", never a fallback
                self._failures[name] = (time.monotonic(), f"{type(exc).__name__}: {exc}")
                raise SandboxUnavailable(self._failures[name][1]) from exc
            self._ready[name] = sandbox
            self._failures.pop(name, None)
            return sandbox


_CHECKED = _Checked()


def get_sandbox(backend: str | None = None) -> Sandbox:
    """The checked backend (default: `SANDBOX_BACKEND`); raises SandboxUnavailable, never falls back."""
    return _CHECKED.get((backend or configured_backend_name()).strip().lower())


def sandbox_status(backend: str | None = None) -> str:
    """For /health: the backend name, with its containment when weaker than cgroups, or "unavailable".

    The first call self-checks the backend (one tiny sandboxed run, ~0.1 s); later calls are cached.
    """
    try:
        sandbox = get_sandbox(backend)
    except SandboxUnavailable:
        return "unavailable"
    mode = sandbox.containment()
    return sandbox.name if mode.startswith(("cgroup", "docker")) else f"{sandbox.name} ({mode})"


async def run_request(request: RunRequest, backend: str | None = None) -> ExecutionResult:
    """Run one request on the checked backend, queued behind the concurrency cap."""
    loop = asyncio.get_running_loop()
    sandbox = await loop.run_in_executor(None, get_sandbox, backend)
    return await loop.run_in_executor(_CHECKED.executor, sandbox.run, request)


async def run_code(code: str, language: str, stdin: bytes = b"", timeout_s: float | None = None,
                   limits: Limits | None = None, backend: str | None = None) -> ExecutionResult:
    """Run a program as `/sandbox/execute` does. Raises UnknownLanguage or SandboxUnavailable."""
    lang = resolve_language(language)
    if lang is None:
        raise UnknownLanguage(language)
    effective = clamp_timeout(timeout_s, limits or server_limits())
    return await run_request(RunRequest(lang, code, stdin, effective), backend)


async def run_problem_tests(problem: Problem, code: str, language: str,
                            backend: str | None = None) -> TestReport:
    """Run the candidate's function on the problem's examples and hidden tests; per-case verdicts."""
    lang = resolve_language(language)
    if lang is None:
        raise UnknownLanguage(language)
    nonce = new_nonce()
    program = build_program(problem, code, lang.name, nonce)
    limits = clamp_timeout(problem.time_limit_s, server_limits())
    execution = await run_request(RunRequest(lang, program, b"", limits), backend)
    return judge(problem, lang.name, nonce, execution)
