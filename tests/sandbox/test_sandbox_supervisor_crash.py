"""If the process supervising a run dies mid-run, the sandbox dies with it and the janitor cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sandbox_hostile_cases import TEST_ENV, TEST_UID_BASE, TEST_UID_POOL, sandbox_uid_processes

from api.sandbox.bwrap import BwrapBackend
from api.sandbox.cgroups import GROUP_PARENT, cgroup_root, detect_cgroup_mode, sweep_stale_cgroups

SUPERVISOR = """
import sys
sys.path.insert(0, {root!r})
from api.sandbox.bwrap import BwrapBackend
from api.sandbox.interface import RunRequest
from api.sandbox.languages import LANGUAGES
from api.sandbox.limits import Limits
source = ("import subprocess, time\\n"
          "subprocess.Popen(['/usr/bin/sleep', '60'], start_new_session=True)\\ntime.sleep(60)\\n")
backend = BwrapBackend(uid_base={uid_base}, uid_pool={uid_pool})
backend.run(RunRequest(LANGUAGES['python'], source, b'', Limits(wall_s=30, cpu_s=30)))
"""


def _wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_killing_the_supervisor_takes_the_sandbox_down_and_the_janitor_removes_its_cgroups() -> None:
    BwrapBackend().selfcheck()
    root = str(Path(__file__).resolve().parents[2])
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR.format(root=root, uid_base=TEST_UID_BASE,
                                                                          uid_pool=TEST_UID_POOL)],
                                  env={**os.environ, **TEST_ENV})
    try:
        assert _wait_for(lambda: len(sandbox_uid_processes()) >= 2, 20), "the sandboxed program never started"
    finally:
        os.kill(supervisor.pid, signal.SIGKILL)
        supervisor.wait()
    assert _wait_for(lambda: sandbox_uid_processes() == [], 3), sandbox_uid_processes()
    if detect_cgroup_mode() == "cgroup-v1":
        leftover = list((cgroup_root() / "pids" / GROUP_PARENT).glob(f"{supervisor.pid}-*"))
        assert leftover, "a crashed supervisor leaves its cgroup behind; the janitor is what removes it"
        sweep_stale_cgroups()
        assert not list((cgroup_root() / "pids" / GROUP_PARENT).glob(f"{supervisor.pid}-*"))
