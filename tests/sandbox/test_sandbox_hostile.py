"""The hostile-program suite on the bwrap backend: each program's safe outcome, and an unaffected host."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_hostile_cases import (
    CASES,
    TEST_UID_BASE,
    TEST_UID_POOL,
    HostileCase,
    fill,
    sandbox_uid_processes,
)

from api.sandbox import bwrap
from api.sandbox.bwrap import BwrapBackend
from api.sandbox.interface import RunRequest
from api.sandbox.languages import LANGUAGES
from api.sandbox.limits import Limits

# Short, server-side limits keep the suite fast; the runaway cases each cost about wall_s.
TEST_LIMITS = Limits(wall_s=3.0, cpu_s=1.0, memory_mb=128, pids=32, open_files=24, file_size_mb=8,
                     output_bytes=64 * 1024, work_mb=16, tmp_mb=8)
ROOMY_LIMITS = dataclasses.replace(TEST_LIMITS, wall_s=8.0, cpu_s=6.0)
SECRET = "sbx-secret-" + secrets.token_hex(8)
_LISTENERS: list[CountingListener] = []


class CountingListener:
    """A TCP listener on 127.0.0.1 and a unix socket that count every connection they accept."""

    def __init__(self, directory: Path) -> None:
        self.accepted = 0
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.unix_path = str(directory / "host.sock")
        self.unix = socket.socket(socket.AF_UNIX)
        self.unix.bind(self.unix_path)
        os.chmod(self.unix_path, 0o777)
        self.abstract_name = "sbx-test-" + secrets.token_hex(4)
        self.abstract = socket.socket(socket.AF_UNIX)
        self.abstract.bind("\0" + self.abstract_name)
        self._threads = []
        for sock in (self.tcp, self.unix, self.abstract):
            sock.listen(8)
            thread = threading.Thread(target=self._accept, args=(sock,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        for sock in (self.tcp, self.unix, self.abstract):
            sock.close()


@pytest.fixture(scope="module")
def backend() -> BwrapBackend:
    sandbox = BwrapBackend(uid_base=TEST_UID_BASE, uid_pool=TEST_UID_POOL)
    sandbox.selfcheck()  # fails (never skips) on a machine where bwrap cannot isolate
    return sandbox


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    directory = tmp_path_factory.mktemp("hostile")
    os.chmod(directory, 0o755)
    listener = CountingListener(directory)
    sentinel = subprocess.Popen(["/usr/bin/sleep", "600"])
    os.environ["SBX_TEST_SECRET"] = SECRET
    facts = {
        "api_pid": str(os.getpid()),
        "sentinel_pid": str(sentinel.pid),
        "secret": SECRET,
        "tcp_port": str(listener.tcp.getsockname()[1]),
        "unix_path": listener.unix_path,
        "abstract_name": listener.abstract_name,
        "host_marker": str(directory / "written-from-sandbox"),
        "output_cap": str(TEST_LIMITS.output_bytes),
    }
    _LISTENERS.append(listener)
    yield facts
    _LISTENERS.remove(listener)
    os.environ.pop("SBX_TEST_SECRET", None)
    sentinel.kill()
    sentinel.wait()
    listener.close()


def run_cgroups() -> list[str]:
    root = Path("/sys/fs/cgroup")
    mine = f"{os.getpid()}-"
    return [str(p) for p in root.glob("*/sbx/*") if p.name.startswith(mine)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_program_is_contained(case: HostileCase, backend: BwrapBackend, host: dict[str, str]) -> None:
    listener_before = _listener_count()
    source = fill(case.source, host)
    limits = ROOMY_LIMITS if case.roomy else TEST_LIMITS
    result = backend.run(RunRequest(LANGUAGES[case.language], source, case.stdin, limits))

    case.check(result, host)
    assert result.backend == "bwrap"
    assert result.wall_ms < (limits.wall_s + 1.5) * 1000, "the run outlived its wall limit"
    # The host is unaffected: nothing of the run survives, no listener was reached, no file appeared.
    assert sandbox_uid_processes() == []
    assert run_cgroups() == []
    assert _listener_count() == listener_before
    assert not Path(host["host_marker"]).exists()
    assert os.environ.get("SBX_TEST_SECRET") == SECRET
    os.kill(int(host["sentinel_pid"]), 0)  # the host process the program tried to kill is alive
    assert not bwrap.work_root().exists() or list(bwrap.work_root().glob(f"{os.getpid()}-*")) == []
    assert subprocess.run(["/usr/bin/true"], check=False).returncode == 0  # the host can still fork


def _listener_count() -> int:
    return sum(listener.accepted for listener in _LISTENERS)


def test_sigkill_of_the_supervisor_side_leaves_nothing(backend: BwrapBackend) -> None:
    """A run killed at the wall deadline takes its whole tree along, including setsid'd grandchildren."""
    source = ("import os, time, subprocess\nfor _ in range(5):\n"
              "    subprocess.Popen(['/usr/bin/sleep', '60'], start_new_session=True)\ntime.sleep(60)\n")
    result = backend.run(RunRequest(LANGUAGES["python"], source, b"", TEST_LIMITS))
    assert result.timed_out
    assert sandbox_uid_processes() == []


def test_result_reports_containment_mechanism(backend: BwrapBackend) -> None:
    result = backend.run(RunRequest(LANGUAGES["python"], "print('x')", b"", TEST_LIMITS))
    assert result.containment == backend.containment() != ""
    if result.containment.startswith("cgroup"):
        assert result.memory_peak_bytes and result.cpu_ms is not None


def test_listener_really_counts_connections(host: dict[str, str]) -> None:
    """Guards the network cases: a connection from the host itself is counted."""
    before = _listener_count()
    socket.create_connection(("127.0.0.1", int(host["tcp_port"])), timeout=2).close()
    for _ in range(100):
        if _listener_count() > before:
            break
        time.sleep(0.01)
    assert _listener_count() == before + 1
