"""Per-run cgroups: the real v1 hierarchy of this machine, and the v2 code path against a directory
laid out like a v2 mount (this kernel's v2 has no memory/pids controllers to test it for real)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import time
from pathlib import Path

import pytest

from api.sandbox import cgroups
from api.sandbox.cgroups import RunCgroup, detect_cgroup_mode, sweep_stale_cgroups
from api.sandbox.limits import Limits
from api.settings import Settings, set_settings

LIMITS = Limits(memory_mb=64, pids=7)


def test_v1_group_sets_limits_attaches_kills_and_is_removed() -> None:
    if detect_cgroup_mode() != "cgroup-v1":
        pytest.skip(f"this machine has {detect_cgroup_mode()}, not writable cgroup v1")
    group = RunCgroup.create("cgroup-v1", f"{os.getpid()}-unit", LIMITS)
    sleeper = subprocess.Popen(["/usr/bin/sleep", "30"])
    try:
        assert (group.paths["memory"] / "memory.limit_in_bytes").read_text().strip() == str(64 * 1024 * 1024)
        assert (group.paths["pids"] / "pids.max").read_text().strip() == "7"
        group.attach(sleeper.pid)
        assert group.pids() == [sleeper.pid]
        group.kill_all()
        assert sleeper.wait(timeout=5) == -9
        assert group.pids() == [] and not group.oom_killed()
    finally:
        sleeper.kill()
        sleeper.wait()
        paths = list(group.paths.values())
        group.remove()
    assert not any(p.exists() for p in paths)


@pytest.fixture
def fake_v2(tmp_path: Path, sandbox_settings: Settings) -> Path:
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    set_settings(dataclasses.replace(sandbox_settings, sandbox_cgroup_root=str(tmp_path)))
    return tmp_path


def test_v2_layout_is_detected_and_limits_written(fake_v2: Path) -> None:
    assert cgroups._v2_usable()
    group = RunCgroup.create("cgroup-v2", "123-run", LIMITS)
    path = fake_v2 / "sbx" / "123-run"
    assert group.paths == {"unified": path}
    assert (path / "memory.max").read_text() == str(64 * 1024 * 1024)
    assert (path / "memory.swap.max").read_text() == "0"
    assert (path / "pids.max").read_text() == "7"
    assert (path / "cpu.max").read_text() == "100000 100000"
    assert "+memory" in (fake_v2 / "cgroup.subtree_control").read_text()


def test_v2_kill_writes_cgroup_kill_and_reads_oom_events(fake_v2: Path) -> None:
    group = RunCgroup.create("cgroup-v2", "123-run", LIMITS)
    path = group.paths["unified"]
    sleeper = subprocess.Popen(["/usr/bin/sleep", "30"])
    try:
        group.attach(sleeper.pid)
        (path / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
        assert group.oom_killed()
        group.kill_all()
        assert (path / "cgroup.kill").read_text() == "1"
        assert sleeper.wait(timeout=5) == -9  # every listed pid is killed as well
    finally:
        sleeper.kill()
        sleeper.wait()


def test_janitor_removes_groups_of_dead_owners_only(fake_v2: Path) -> None:
    parent = fake_v2 / "sbx"
    dead = subprocess.Popen(["/usr/bin/true"])
    dead.wait()
    time.sleep(0.01)
    (parent / f"{dead.pid}-old").mkdir(parents=True)
    (parent / f"{os.getpid()}-live").mkdir()
    assert sweep_stale_cgroups() == 1
    assert sorted(p.name for p in parent.iterdir()) == [f"{os.getpid()}-live"]
