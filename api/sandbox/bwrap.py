"""The local isolation backend: setpriv → prlimit → unprivileged bubblewrap, in per-run cgroups.

Configuration follows docs/notes "sandbox.md" §7 (39/39 on the hostile catalogue), re-checked by
tests/sandbox/test_hostile.py. Compiled languages get a size-limited host tmpfs work dir that the
compile step and the run step share; it is unmounted and removed after the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
import os
import random
import shutil
import uuid
from pathlib import Path

from api.sandbox.cgroups import RunCgroup, detect_cgroup_mode, sweep_stale_cgroups
from api.sandbox.interface import RunRequest, SandboxUnavailable, ToolchainMissing, classify_exit
from api.sandbox.languages import LANGUAGES, Language, missing_toolchain
from api.sandbox.limits import COMPILE_LIMITS, Limits
from api.sandbox.pch import SANDBOX_PCH_DIR, cpp_pch_dir
from api.sandbox.result import ExecutionResult, Status
from api.sandbox.seccomp import SeccompUnavailable, deny_filter_bpf
from api.sandbox.supervisor import Outcome, run_supervised
from api.settings import get_settings

log = logging.getLogger(__name__)

BWRAP = "/usr/bin/bwrap"
SETPRIV = "/usr/bin/setpriv"
PRLIMIT = "/usr/bin/prlimit"
INSIDE_UID = 1000
# Each run gets its own host uid from a pool starting at SANDBOX_UID_BASE: RLIMIT_NPROC counts per uid
# system-wide, zombies included, so a shared uid lets one run's not-yet-reaped processes starve the next one.
UID_POOL = 1000
MS_NOSUID, MS_NODEV, MNT_DETACH = 2, 4, 2


def work_root() -> Path:
    """SANDBOX_WORK_ROOT: where the size-limited tmpfs work dirs of compiled runs are mounted."""
    return Path(get_settings().sandbox_work_root)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


class BwrapBackend:
    name = "bwrap"

    def __init__(self, uid_base: int | None = None, uid_pool: int = UID_POOL) -> None:
        self.uid_base = get_settings().sandbox_uid_base if uid_base is None else uid_base
        self.uid_pool = uid_pool
        self._uids = itertools.count(random.randrange(uid_pool))
        self._cgroup_mode = detect_cgroup_mode()
        self._as_root = os.geteuid() == 0

    def containment(self) -> str:
        return self._cgroup_mode

    def selfcheck(self) -> None:
        for tool in (BWRAP, PRLIMIT) + ((SETPRIV,) if self._as_root else ()):
            if not os.access(tool, os.X_OK):
                raise SandboxUnavailable(f"{tool} is not installed")
        try:
            deny_filter_bpf()
        except SeccompUnavailable as exc:
            raise SandboxUnavailable(str(exc)) from exc
        if self._cgroup_mode != "rlimit-only":
            sweep_stale_cgroups()
        sweep_stale_work_dirs()
        probe = self.run(RunRequest(LANGUAGES["python"], "print(6 * 7)", limits=Limits(wall_s=10, cpu_s=5)))
        if probe.status is not Status.OK or probe.stdout.strip() != b"42":
            raise SandboxUnavailable(f"bwrap self-check failed: {probe.status} {probe.stderr[-300:]!r}")
        for lang in LANGUAGES.values():
            program = missing_toolchain(lang)
            if program is not None:
                log.warning("sandbox: %s is not installed, so %s programs cannot run", program, lang.name)

    # -- one run ---------------------------------------------------------------------------------

    def run(self, request: RunRequest) -> ExecutionResult:
        lang = request.language
        program = missing_toolchain(lang)
        if program is not None:  # said plainly, not as bwrap's "execvp: No such file" in the program's stderr
            raise ToolchainMissing(lang.name, program)
        limits = request.limits
        if lang.min_memory_mb > limits.memory_mb:
            limits = Limits(**{**limits.__dict__, "memory_mb": lang.min_memory_mb})
        uid = self.uid_base + next(self._uids) % self.uid_pool
        run_name = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        if not lang.compiled:
            return self._step(lang, limits, uid, run_name, argv=lang.run_command(limits.memory_mb),
                              stdin=request.stdin, source=request.source.encode(), work_dir=None)
        work_dir, note = self._make_work_dir(run_name, uid, limits, request.source, lang)
        compile_argv = list(lang.compile_argv or ())
        binds: tuple[tuple[Path, str], ...] = ()
        pch = cpp_pch_dir() if lang.name == "cpp" else None
        if pch is not None:
            compile_argv.insert(1, f"-I{SANDBOX_PCH_DIR}")
            binds = ((pch, SANDBOX_PCH_DIR),)
        try:
            compiled = self._step(lang, COMPILE_LIMITS, uid, run_name + "-c", argv=compile_argv, stdin=b"",
                                  source=None, work_dir=work_dir, binds=binds)
            if compiled.status is not Status.OK:
                status = Status.TIMEOUT if compiled.status is Status.TIMEOUT else Status.COMPILE_ERROR
                return _as_compile_failure(compiled, status)
            ran = self._step(lang, limits, uid, run_name, argv=lang.run_command(limits.memory_mb),
                             stdin=request.stdin, source=None, work_dir=work_dir)
            return _with(ran, compile_output=compiled.stdout + compiled.stderr, notes=note)
        finally:
            _remove_work_dir(work_dir)

    def _step(self, lang: Language, limits: Limits, uid: int, run_name: str, *, argv: list[str], stdin: bytes,
              source: bytes | None, work_dir: Path | None,
              binds: tuple[tuple[Path, str], ...] = ()) -> ExecutionResult:
        fds: list[int] = []
        try:
            seccomp_fd = _memfd("seccomp", deny_filter_bpf())
            fds.append(seccomp_fd)
            source_fd = None
            if source is not None:
                source_fd = _memfd("source", source)
                fds.append(source_fd)
            info_r, info_w = os.pipe()
            block_r, block_w = os.pipe()
            fds += [info_r, block_w]
            bwrap = bwrap_argv(lang, limits, argv, info_fd=info_w, block_fd=block_r, seccomp_fd=seccomp_fd,
                               source_fd=source_fd, work_dir=work_dir, binds=binds)
            chain = self._privilege_chain(lang, limits, uid) + bwrap
            cgroup = RunCgroup.create(self._cgroup_mode, run_name, limits)
            try:
                passed = (info_w, block_r, seccomp_fd) + ((source_fd,) if source_fd is not None else ())
                outcome = run_supervised(chain, pass_fds=passed, info_w=info_w, info_r=info_r,
                                         block_w=block_w, block_r=block_r, stdin=stdin, wall_s=limits.wall_s,
                                         output_cap=limits.output_bytes, cgroup=cgroup)
                fds = [fd for fd in fds if fd not in (info_r, block_w)]  # closed by the supervisor
                return self._result(outcome, cgroup, limits)
            finally:
                cgroup.kill_all()
                cgroup.remove()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _privilege_chain(self, lang: Language, limits: Limits, uid: int) -> list[str]:
        cpu = max(1, int(limits.cpu_s + 0.999))
        rlimits = [f"--cpu={cpu}:{cpu + 1}", f"--nproc={limits.pids + 4}", f"--nofile={limits.open_files}",
                   f"--fsize={limits.file_size_mb * 1024 * 1024}", "--core=0"]
        if lang.limit_address_space:
            rlimits.append(f"--as={limits.memory_mb * 1024 * 1024}")
        elif self._cgroup_mode == "rlimit-only":
            # No memory cgroup: RLIMIT_DATA still bounds the heap of V8/JVM without breaking startup.
            rlimits.append(f"--data={limits.memory_mb * 1024 * 1024}")
        prlimit = [PRLIMIT, *rlimits, "--"]
        if not self._as_root:
            return prlimit
        setpriv = [SETPRIV, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                   "--bounding-set=-all", "--"]
        return setpriv + prlimit

    def _result(self, outcome: Outcome, cgroup: RunCgroup, limits: Limits) -> ExecutionResult:
        if outcome.start_error is not None:
            return ExecutionResult(Status.INTERNAL_ERROR, None, b"", outcome.start_error.encode(), False,
                                   outcome.wall_ms, self.name, containment=cgroup.mode)
        cpu_ms = cgroup.cpu_ms()
        status, exit_code, sig = classify_exit(
            returncode=outcome.returncode, timed_out=outcome.timed_out, output_limited=outcome.output_limited,
            oom_killed=cgroup.oom_killed(), stderr=outcome.stderr, cpu_ms=cpu_ms, cpu_limit_s=limits.cpu_s)
        return ExecutionResult(status, exit_code, outcome.stdout, outcome.stderr, outcome.truncated,
                               outcome.wall_ms, self.name, signal=sig, cpu_ms=cpu_ms,
                               memory_peak_bytes=cgroup.memory_peak_bytes(), containment=cgroup.mode)

    def _make_work_dir(self, run_name: str, uid: int, limits: Limits, source: str,
                       lang: Language) -> tuple[Path, tuple[str, ...]]:
        root = work_root()
        root.mkdir(mode=0o711, parents=True, exist_ok=True)
        path = root / run_name
        path.mkdir(mode=0o700)
        size = max(limits.work_mb, COMPILE_LIMITS.work_mb) * 1024 * 1024
        opts = f"size={size},mode=0700,uid={uid},gid={uid}".encode()
        note: tuple[str, ...] = ()
        if _libc().mount(b"tmpfs", str(path).encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts) != 0:
            note = ("work dir is not size-limited: tmpfs mount not permitted",)
            os.chown(path, uid, uid)
        (path / lang.source_file).write_text(source)
        os.chown(path / lang.source_file, uid, uid)
        return path, note


def bwrap_argv(lang: Language, limits: Limits, argv: list[str], *, info_fd: int, block_fd: int,
               seccomp_fd: int, source_fd: int | None, work_dir: Path | None,
               binds: tuple[tuple[Path, str], ...] = ()) -> list[str]:
    """The bubblewrap command line; every flag's reason is in notes/sandbox.md §7."""
    cmd = [BWRAP, "--info-fd", str(info_fd), "--block-fd", str(block_fd),
           "--unshare-all", "--unshare-user", "--disable-userns",
           "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID),
           "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv"]
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8", "USER": "sandbox",
           **dict(lang.env)}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    for path in lang.extra_ro_binds:
        cmd += ["--ro-bind-try", path, path]
    for host_path, inside in binds:
        cmd += ["--ro-bind", str(host_path), inside]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(8 * 1024 * 1024), "--tmpfs", "/dev/shm",
            "--remount-ro", "/dev", "--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    if work_dir is None:
        cmd += ["--size", str(limits.work_mb * 1024 * 1024), "--tmpfs", "/box"]
        if source_fd is not None:
            cmd += ["--ro-bind-data", str(source_fd), f"/box/{lang.source_file}"]
    else:
        cmd += ["--bind", str(work_dir), "/box"]
    cmd += ["--remount-ro", "/", "--chdir", "/box", "--seccomp", str(seccomp_fd), "--", *argv]
    return cmd


def sweep_stale_work_dirs() -> int:
    """Unmount and remove compile work dirs left by a crashed supervisor (named after its pid)."""
    removed = 0
    root = work_root()
    if not root.is_dir():
        return removed
    for path in root.iterdir():
        owner = path.name.split("-", 1)[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            _remove_work_dir(path)
            removed += 1
    return removed


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _remove_work_dir(path: Path) -> None:
    _libc().umount2(str(path).encode(), MNT_DETACH)
    shutil.rmtree(path, ignore_errors=True)


def _with(result: ExecutionResult, *, compile_output: bytes, notes: tuple[str, ...]) -> ExecutionResult:
    from dataclasses import replace

    return replace(result, compile_output=compile_output, notes=result.notes + notes)


def _as_compile_failure(compiled: ExecutionResult, status: Status) -> ExecutionResult:
    from dataclasses import replace

    return replace(compiled, status=status, compile_output=compiled.stdout + compiled.stderr, stdout=b"",
                   stderr=b"")
