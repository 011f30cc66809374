"""Starts one sandboxed process tree and supervises it: stdin, capped output, deadline, kill.

The spawn has no preexec_fn (so CPython can vfork, whatever the API's RSS) and the untrusted
program starts only after the supervisor has put it in its cgroups: bwrap reports its child pid
on `--info-fd` and waits on `--block-fd` until we write a byte.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass

from api.sandbox.cgroups import RunCgroup

STDIN_CHUNK = 64 * 1024
READ_CHUNK = 64 * 1024
# After the direct child exits, a descendant holding the pipes open gets this long before the kill.
EXIT_GRACE_S = 0.2
INFO_TIMEOUT_S = 5.0


@dataclass
class Outcome:
    returncode: int | None
    stdout: bytes
    stderr: bytes
    truncated: bool
    timed_out: bool
    output_limited: bool
    wall_ms: float
    start_error: str | None = None


class StartFailed(RuntimeError):
    """The sandbox did not start: bwrap never reported its child on the info fd before the deadline."""


def _read_info(fd: int, proc: subprocess.Popen[bytes]) -> dict[str, int]:
    """bwrap's `--info-fd` JSON, or StartFailed when bwrap dies before the sandbox exists."""
    buf = b""
    deadline = time.monotonic() + INFO_TIMEOUT_S
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(0.05):
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
            try:
                return dict(json.loads(buf))
            except ValueError:
                continue
    raise StartFailed(f"sandbox did not start (exit {proc.poll()})")


def _kill_tree(proc: subprocess.Popen[bytes], cgroup: RunCgroup) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    cgroup.kill_all()


class _Streams:
    """The output pipes under a per-stream cap."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.data: dict[int, bytearray] = {}
        self.over_cap = False

    def take(self, fd: int, chunk: bytes) -> None:
        buf = self.data.setdefault(fd, bytearray())
        room = self.cap - len(buf)
        if len(chunk) > room:
            buf += chunk[: max(room, 0)]
            self.over_cap = True
        else:
            buf += chunk


def run_supervised(argv: list[str], *, pass_fds: tuple[int, ...], info_w: int, info_r: int, block_w: int,
                   block_r: int, stdin: bytes, wall_s: float, output_cap: int, cgroup: RunCgroup) -> Outcome:
    """Spawn `argv` (a bwrap chain using the given info/block fds) and supervise it to the end."""
    started = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={}, pass_fds=pass_fds, start_new_session=True, close_fds=True)
    finally:
        os.close(info_w)
        os.close(block_r)
    try:
        try:
            info = _read_info(info_r, proc)
            cgroup.attach(proc.pid)
            cgroup.attach(int(info["child-pid"]))
            os.write(block_w, b"g")
        except (StartFailed, OSError, KeyError, ValueError) as exc:
            _kill_tree(proc, cgroup)
            err = proc.stderr.read() if proc.stderr else b""
            proc.wait()
            return Outcome(None, b"", b"", False, False, False, _ms(started),
                           start_error=f"{exc}: {err.decode(errors='replace')[:500]}")
        finally:
            os.close(block_w)
        return _pump(proc, stdin, started + wall_s, output_cap, cgroup, started)
    finally:
        os.close(info_r)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def _pump(proc: subprocess.Popen[bytes], stdin: bytes, deadline: float, cap: int, cgroup: RunCgroup,
          started: float) -> Outcome:
    assert proc.stdin and proc.stdout and proc.stderr
    out_fd, err_fd, in_fd = proc.stdout.fileno(), proc.stderr.fileno(), proc.stdin.fileno()
    streams = _Streams(cap)
    streams.data[out_fd], streams.data[err_fd] = bytearray(), bytearray()
    pidfd = os.pidfd_open(proc.pid)
    sel = selectors.DefaultSelector()
    sel.register(out_fd, selectors.EVENT_READ)
    sel.register(err_fd, selectors.EVENT_READ)
    sel.register(pidfd, selectors.EVENT_READ)
    pending = memoryview(stdin)
    if pending:
        os.set_blocking(in_fd, False)
        sel.register(in_fd, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    open_outputs, exited_at, timed_out = 2, None, False
    try:
        while open_outputs and not streams.over_cap:
            now = time.monotonic()
            limit = deadline if exited_at is None else min(deadline, exited_at + EXIT_GRACE_S)
            if now >= limit:
                timed_out = exited_at is None
                break
            for key, _ in sel.select(limit - now):
                fd = key.fd
                if fd == pidfd:
                    exited_at = time.monotonic()
                    sel.unregister(pidfd)
                elif fd == in_fd:
                    pending = _feed(in_fd, pending, sel, proc)
                else:
                    chunk = os.read(fd, READ_CHUNK)
                    if chunk:
                        streams.take(fd, chunk)
                    else:
                        sel.unregister(fd)
                        open_outputs -= 1
        if exited_at is None and not timed_out and not streams.over_cap:
            remaining = deadline - time.monotonic()
            try:
                proc.wait(timeout=max(remaining, 0))
            except subprocess.TimeoutExpired:
                timed_out = True
    finally:
        sel.close()
        os.close(pidfd)
    _kill_tree(proc, cgroup)  # always: a daemon may live on after the direct child exited
    proc.wait()
    return Outcome(
        returncode=proc.returncode,
        stdout=bytes(streams.data[out_fd]),
        stderr=bytes(streams.data[err_fd]),
        truncated=streams.over_cap,
        timed_out=timed_out,
        output_limited=streams.over_cap,
        wall_ms=_ms(started),
    )


def _feed(in_fd: int, pending: memoryview, sel: selectors.BaseSelector,
          proc: subprocess.Popen[bytes]) -> memoryview:
    try:
        written = os.write(in_fd, pending[:STDIN_CHUNK])
        pending = pending[written:]
    except BlockingIOError:
        return pending
    except (BrokenPipeError, OSError):
        pending = pending[:0]
    if not pending:
        sel.unregister(in_fd)
        assert proc.stdin is not None
        with contextlib.suppress(OSError):
            proc.stdin.close()
    return pending


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000
