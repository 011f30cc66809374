"""The hostile-program catalogue: each program, and the safe outcome it must come back with.

Programs receive host facts (a listener port, the test process's pid, a secret) through `{…}`
placeholders filled in by the test, never through their environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from api.sandbox import bwrap
from api.sandbox.result import ExecutionResult, Status
from api.settings import Settings

Check = Callable[[ExecutionResult, dict[str, str]], None]


PROGRAMS = Path(__file__).parent / "hostile_programs"
# A fixed secret keeps Settings from generating a development one under ./data.
TEST_ENV = {"ENV": "test", "JWT_SECRET": "sandbox-tests-" + "x" * 40}


def settings_from_env() -> Settings:
    """The operator's settings (SANDBOX_* from the environment), as the API would see them."""
    return Settings.from_env({**os.environ, **TEST_ENV})


# Uids the API never uses, so runs of other processes on this machine cannot confuse the leftover checks.
TEST_UID_BASE = settings_from_env().sandbox_uid_base + bwrap.UID_POOL + 500
TEST_UID_POOL = 100
EXTENSIONS = {"python": "py", "javascript": "js"}


@dataclass(frozen=True)
class HostileCase:
    name: str
    language: str
    check: Check
    stdin: bytes = b""
    # Cases whose outcome needs more than the short default budget on a busy machine (V8 garbage
    # collecting up to its heap limit, node starting a worker) get the roomier test limits.
    roomy: bool = False

    @property
    def source(self) -> str:
        """The program, from hostile_programs/<name>.<ext>.tmpl, with `{fact}` placeholders unfilled."""
        return (PROGRAMS / f"{self.name}.{EXTENSIONS[self.language]}.tmpl").read_text()


def status_is(*allowed: Status) -> Check:
    def check(result: ExecutionResult, _facts: dict[str, str]) -> None:
        assert result.status in allowed, (result.status, result.stdout[-300:], result.stderr[-600:])

    return check


def all_of(*checks: Check) -> Check:
    def check(result: ExecutionResult, facts: dict[str, str]) -> None:
        for one in checks:
            one(result, facts)

    return check


def fill(template: str, facts: dict[str, str]) -> str:
    """Substitute `{name}` placeholders for known facts only (programs are full of other braces)."""
    for key, value in facts.items():
        template = template.replace("{" + key + "}", value)
    return template


def stdout_has(text: str) -> Check:
    def check(result: ExecutionResult, facts: dict[str, str]) -> None:
        assert fill(text, facts).encode() in result.stdout, (result.stdout[-500:], result.stderr[-500:])

    return check


def stdout_lacks_secret(result: ExecutionResult, facts: dict[str, str]) -> None:
    assert facts["secret"].encode() not in result.stdout + result.stderr


def stdout_lacks(text: str) -> Check:
    def check(result: ExecutionResult, facts: dict[str, str]) -> None:
        assert fill(text, facts).encode() not in result.stdout, result.stdout[-500:]

    return check


def stdout_exactly(expected: bytes) -> Check:
    def check(result: ExecutionResult, _facts: dict[str, str]) -> None:
        assert result.stdout == expected, (result.stdout[:200], result.stderr[-300:])
        result.api_dict()  # decoding arbitrary bytes must not raise

    return check


def output_capped(stream: str) -> Check:
    def check(result: ExecutionResult, facts: dict[str, str]) -> None:
        assert result.status is Status.OUTPUT_LIMIT and result.truncated
        assert len(getattr(result, stream)) == int(facts["output_cap"])

    return check


RUNAWAY = (Status.TIMEOUT,)
CONTAINED_BOMB = (Status.TIMEOUT, Status.RUNTIME_ERROR, Status.MEMORY_LIMIT, Status.OK)

CASES: tuple[HostileCase, ...] = (
    # --- runaway time ---------------------------------------------------------------------------
    HostileCase("py_infinite_loop", "python", status_is(*RUNAWAY)),
    HostileCase("js_infinite_loop", "javascript", status_is(*RUNAWAY)),
    HostileCase("py_sleep_past_limit", "python", status_is(*RUNAWAY)),
    HostileCase("js_sleep_past_limit", "javascript", status_is(*RUNAWAY)),
    HostileCase("py_ignores_signals", "python", status_is(*RUNAWAY)),
    HostileCase("js_ignores_signals", "javascript",
                status_is(*RUNAWAY)),
    # --- processes and threads ------------------------------------------------------------------
    HostileCase("py_fork_bomb", "python",
                status_is(*CONTAINED_BOMB)),
    HostileCase("js_fork_bomb", "javascript",
                status_is(*CONTAINED_BOMB)),
    HostileCase("py_thread_bomb", "python",
                all_of(status_is(Status.OK, Status.TIMEOUT, Status.RUNTIME_ERROR), stdout_has("stopped at"))),
    HostileCase("js_thread_bomb", "javascript",
                status_is(*CONTAINED_BOMB)),
    # --- memory ---------------------------------------------------------------------------------
    HostileCase("py_memory_bomb", "python",
                status_is(Status.MEMORY_LIMIT), roomy=True),
    HostileCase("js_memory_bomb", "javascript",
                status_is(Status.MEMORY_LIMIT), roomy=True),
    HostileCase("js_heap_bomb", "javascript",
                status_is(Status.MEMORY_LIMIT), roomy=True),
    HostileCase("py_shared_mmap_bomb", "python",
                status_is(Status.MEMORY_LIMIT, Status.RUNTIME_ERROR)),
    # --- output ---------------------------------------------------------------------------------
    HostileCase("py_stdout_flood", "python",
                output_capped("stdout")),
    HostileCase("py_stderr_flood", "python",
                output_capped("stderr")),
    HostileCase("js_stdout_flood", "javascript",
                output_capped("stdout")),
    # --- files ----------------------------------------------------------------------------------
    HostileCase("py_huge_file", "python",
                all_of(status_is(Status.OK), stdout_has("stopped at MiB"))),
    HostileCase("py_many_open_files", "python",
                all_of(status_is(Status.OK), stdout_has("opened"), stdout_has(" 24\n"))),
    HostileCase("py_read_shadow", "python",
                all_of(status_is(Status.OK), stdout_has("/etc/shadow denied"),
                       stdout_has("/root/.bashrc denied"), stdout_has("/proc/1/root/etc/shadow denied"))),
    HostileCase("js_read_shadow", "javascript",
                all_of(status_is(Status.OK), stdout_has("/etc/shadow denied"))),
    HostileCase("py_api_environment", "python",
                all_of(status_is(Status.OK), stdout_lacks_secret, stdout_has("{api_pid} denied"))),
    HostileCase("py_other_processes_environ", "python",
                all_of(status_is(Status.OK), stdout_lacks_secret)),
    HostileCase("js_environment", "javascript",
                all_of(status_is(Status.OK), stdout_lacks_secret)),
    HostileCase("py_write_outside_workdir", "python",
                all_of(status_is(Status.OK), stdout_has("box ok"), stdout_has("/usr/pwned denied"),
                       stdout_has("/pwned denied"), stdout_has("/dev/pwned denied"))),
    # --- network --------------------------------------------------------------------------------
    HostileCase("py_tcp_to_host_listener", "python",
                all_of(status_is(Status.OK), stdout_has("blocked"))),
    HostileCase("js_tcp_to_host_listener", "javascript",
                all_of(status_is(Status.OK), stdout_has("blocked"))),
    HostileCase("py_unix_socket_to_host", "python",
                all_of(status_is(Status.OK), stdout_has("blocked"))),
    HostileCase("py_dns_lookup", "python",
                all_of(status_is(Status.OK), stdout_has("no dns"))),
    HostileCase("js_dns_lookup", "javascript",
                all_of(status_is(Status.OK), stdout_has("no dns"))),
    # --- other processes and privileges ---------------------------------------------------------
    HostileCase("py_signal_parent", "python",
                status_is(Status.OK, Status.RUNTIME_ERROR)),
    HostileCase("py_ptrace_parent", "python",
                all_of(status_is(Status.OK), stdout_has("1 ptrace -1 1"))),
    HostileCase("py_daemon_double_fork", "python",
                all_of(status_is(Status.OK), stdout_has("parent done"))),
    HostileCase("js_detached_daemon", "javascript",
                all_of(status_is(Status.OK), stdout_has("spawned"))),
    HostileCase("py_raise_own_limits", "python",
                all_of(status_is(Status.OK), stdout_has("RLIMIT_NPROC denied"),
                       stdout_has("RLIMIT_CPU denied"), stdout_has("RLIMIT_AS denied"))),
    HostileCase("py_nested_namespaces", "python",
                all_of(status_is(Status.OK), stdout_has("0x10000000 unshare -1"),
                       stdout_has("0x20000000 unshare -1"))),
    HostileCase("py_write_proc_sys", "python",
                all_of(status_is(Status.OK), stdout_has("/proc/sys/kernel/hostname denied"),
                       stdout_has("/proc/sysrq-trigger denied"))),
    HostileCase("py_setuid_binaries", "python",
                all_of(status_is(Status.OK), stdout_lacks("/usr/bin/mount 0\n"),
                       stdout_lacks("/usr/bin/unshare 0\n"), stdout_has("euid "),
                       stdout_lacks("euid 0\n"))),
    HostileCase("py_kernel_surface", "python",
                all_of(status_is(Status.OK), stdout_has("bpf -1 1"), stdout_has("io_uring_setup -1 1"),
                       stdout_has("keyctl -1 1"))),
    # --- bytes in, bytes out --------------------------------------------------------------------
    HostileCase("py_binary_stdin", "python",
                stdout_exactly(bytes(range(256)) * 64), stdin=bytes(range(256)) * 64),
    HostileCase("py_nul_and_ansi_output", "python",
                stdout_exactly(b"a\x00b\x1b[31mred\x1b[0m\xff\xfe\r\n")),
    HostileCase("js_nul_output", "javascript",
                stdout_exactly(bytes([0, 255, 27, 91, 50, 74, 10]))),
    # --- benign programs that must keep working ------------------------------------------------
    HostileCase("py_multiprocessing_works", "python",
                all_of(status_is(Status.OK), stdout_has("100")), roomy=True),
    HostileCase("js_worker_threads_work", "javascript",
                all_of(status_is(Status.OK), stdout_has("got 42")), roomy=True),
    HostileCase("py_hostname_hidden", "python",
                all_of(status_is(Status.OK), stdout_has("host sandbox"))),
)


def sandbox_uid_processes() -> list[str]:
    """Live (non-zombie) processes owned by a test sandbox uid, as 'pid state name'."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        real_uid = int(fields.get("Uid", "0").split()[0])
        state = fields.get("State", "").strip()
        if TEST_UID_BASE <= real_uid < TEST_UID_BASE + TEST_UID_POOL and not state.startswith("Z"):
            found.append(f"{entry} {state} {fields.get('Name', '').strip()}")
    return found
