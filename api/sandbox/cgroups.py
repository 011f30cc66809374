"""Per-run control groups: memory, process count and CPU bounds, and a kill of the whole group.

cgroup v1 (memory, pids, cpu, cpuacct, freezer) and v2 (memory.max, pids.max, cpu.max, cgroup.kill)
share one interface. Where neither is writable, `detect_cgroup_mode()` says "rlimit-only" and the
backend reports that on every result and in health, instead of silently running weaker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from api.sandbox.limits import Limits
from api.settings import get_settings

GROUP_PARENT = "sbx"
V1_CONTROLLERS = ("memory", "pids", "cpu", "cpuacct", "freezer")
CPU_PERIOD_US = 100_000


def cgroup_root() -> Path:
    """SANDBOX_CGROUP_ROOT: the mounted cgroup hierarchy (v1 controllers or the v2 unified tree)."""
    return Path(get_settings().sandbox_cgroup_root)


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def _v1_usable() -> bool:
    root = cgroup_root()
    for ctl in V1_CONTROLLERS:
        base = root / ctl
        if not (base / "cgroup.procs").exists() or not os.access(base, os.W_OK):
            return False
    return True


def _v2_usable() -> bool:
    root = cgroup_root()
    controllers = root / "cgroup.controllers"
    if not controllers.exists() or not os.access(root, os.W_OK):
        return False
    available = set(controllers.read_text().split())
    return {"memory", "pids"} <= available


def detect_cgroup_mode() -> str:
    if _v1_usable():
        return "cgroup-v1"
    if _v2_usable():
        return "cgroup-v2"
    return "rlimit-only"


@dataclass
class RunCgroup:
    """The cgroup directories of one run; `paths` is empty in rlimit-only mode."""

    mode: str
    paths: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def create(cls, mode: str, run_name: str, limits: Limits) -> RunCgroup:
        group = cls(mode)
        if mode == "cgroup-v1":
            group._create_v1(run_name, limits)
        elif mode == "cgroup-v2":
            group._create_v2(run_name, limits)
        return group

    def _create_v1(self, run_name: str, limits: Limits) -> None:
        memory = str(limits.memory_mb * 1024 * 1024)
        root = cgroup_root()
        try:
            for ctl in V1_CONTROLLERS:
                path = root / ctl / GROUP_PARENT / run_name
                path.mkdir(parents=True, exist_ok=True)
                self.paths[ctl] = path
            _write(self.paths["memory"] / "memory.limit_in_bytes", memory)
            with contextlib.suppress(OSError):  # absent when swap accounting is off; there is no swap then
                _write(self.paths["memory"] / "memory.memsw.limit_in_bytes", memory)
            _write(self.paths["pids"] / "pids.max", str(limits.pids))
            _write(self.paths["cpu"] / "cpu.cfs_period_us", str(CPU_PERIOD_US))
            _write(self.paths["cpu"] / "cpu.cfs_quota_us", str(CPU_PERIOD_US))
        except OSError:
            self.remove()
            raise

    def _create_v2(self, run_name: str, limits: Limits) -> None:
        root = cgroup_root()
        parent = root / GROUP_PARENT
        try:
            parent.mkdir(exist_ok=True)
            wanted = {"memory", "pids", "cpu"} & set((root / "cgroup.controllers").read_text().split())
            enable = " ".join(f"+{c}" for c in sorted(wanted))
            for level in (root, parent):
                with contextlib.suppress(OSError):
                    _write(level / "cgroup.subtree_control", enable)
            path = parent / run_name
            path.mkdir(exist_ok=True)
            self.paths["unified"] = path
            _write(path / "memory.max", str(limits.memory_mb * 1024 * 1024))
            with contextlib.suppress(OSError):
                _write(path / "memory.swap.max", "0")
            _write(path / "pids.max", str(limits.pids))
            with contextlib.suppress(OSError):
                _write(path / "cpu.max", f"{CPU_PERIOD_US} {CPU_PERIOD_US}")
        except OSError:
            self.remove()
            raise

    def attach(self, pid: int) -> None:
        for path in self.paths.values():
            _write(path / "cgroup.procs", str(pid))

    def pids(self) -> list[int]:
        source = self.paths.get("pids") or self.paths.get("unified")
        if source is None:
            return []
        try:
            return [int(x) for x in (source / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self) -> None:
        """Kill every process still in the group, including ones that left the pid namespace."""
        if "unified" in self.paths:
            with contextlib.suppress(OSError):
                _write(self.paths["unified"] / "cgroup.kill", "1")
        freezer = self.paths.get("freezer")
        for _ in range(50):
            alive = self.pids()
            if not alive:
                return
            if freezer is not None:  # frozen processes cannot fork while we kill them
                with contextlib.suppress(OSError):
                    _write(freezer / "freezer.state", "FROZEN")
            for pid in alive:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            if freezer is not None:
                with contextlib.suppress(OSError):
                    _write(freezer / "freezer.state", "THAWED")
            time.sleep(0.002)

    def oom_killed(self) -> bool:
        if "memory" in self.paths:
            text = _read(self.paths["memory"] / "memory.oom_control")
        elif "unified" in self.paths:
            text = _read(self.paths["unified"] / "memory.events")
        else:
            return False
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and value.strip().isdigit():
                return int(value) > 0
        return False

    def cpu_ms(self) -> float | None:
        if "cpuacct" in self.paths:
            raw = _read(self.paths["cpuacct"] / "cpuacct.usage").strip()
            return int(raw) / 1e6 if raw.isdigit() else None
        if "unified" in self.paths:
            for line in _read(self.paths["unified"] / "cpu.stat").splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1000
        return None

    def memory_peak_bytes(self) -> int | None:
        if "memory" in self.paths:
            raw = _read(self.paths["memory"] / "memory.max_usage_in_bytes").strip()
        elif "unified" in self.paths:
            raw = _read(self.paths["unified"] / "memory.peak").strip()
        else:
            return None
        return int(raw) if raw.isdigit() else None

    def remove(self) -> None:
        for path in self.paths.values():
            for _ in range(100):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # exiting tasks still listed for a moment
                    time.sleep(0.005)
        self.paths.clear()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def sweep_stale_cgroups() -> int:
    """Remove run groups left by a crashed supervisor (names start with the owner's pid)."""
    removed = 0
    root = cgroup_root()
    parents = [root / ctl / GROUP_PARENT for ctl in V1_CONTROLLERS] + [root / GROUP_PARENT]
    for parent in parents:
        if not parent.is_dir():
            continue
        for child in parent.iterdir():
            if not child.is_dir():
                continue
            owner = child.name.split("-", 1)[0]
            if owner.isdigit() and Path(f"/proc/{owner}").exists():
                continue
            for pid in _read(child / "cgroup.procs").split():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(int(pid), signal.SIGKILL)
            with contextlib.suppress(OSError):
                child.rmdir()
                removed += 1
    return removed
