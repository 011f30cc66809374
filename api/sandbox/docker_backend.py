"""The production isolation backend: one throw-away container per run, through the docker SDK.

Hardening per notes/sandbox.md §8: no network, read-only root, tmpfs work dirs, an unprivileged user,
no capabilities, no-new-privileges, pids/memory/CPU limits, ulimits, an init process, no logs kept,
removal after the run. Images are prepared ahead (see `DOCKER_IMAGES`) and never pulled on a request.
The source travels in an environment variable, so no volume or host path is involved.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from api.sandbox.interface import RunRequest, SandboxUnavailable, classify_exit
from api.sandbox.languages import LANGUAGES, Language
from api.sandbox.limits import COMPILE_LIMITS, Limits
from api.sandbox.result import ExecutionResult, Status
from api.settings import get_settings

RUN_LABEL = "sbx.run"
DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock"
SANDBOX_USER = "65534:65534"
COMPILE_FAILED_EXIT = 97
COMPILE_FAILED_MARK = b"@@sbx-compile-failed@@"
# Official images with the same toolchain versions as the local backend; pin by digest in production
# with SANDBOX_DOCKER_IMAGE_<LANGUAGE>=name@sha256:...
DOCKER_IMAGES = {
    "python": "python:3.11-slim-bookworm",
    "javascript": "node:20-bookworm-slim",
    "cpp": "gcc:12-bookworm",
    "java": "eclipse-temurin:17-jdk-jammy",
}
DOCKER_COMMANDS = {
    "python": "exec python3 -I -B main.py",
    "javascript": 'exec node --max-old-space-size="$SBX_HEAP_MB" --stack-size=984 main.js',
    "cpp": "g++ -std=c++17 -O2 -pipe -o main main.cpp",
    "java": "javac -J-Xmx512m -J-XX:+UseSerialGC -encoding UTF-8 Main.java",
}
DOCKER_RUN_AFTER_COMPILE = {
    "cpp": 'exec prlimit --as="$SBX_MEM_BYTES" -- ./main',
    "java": 'exec java -Xmx"$SBX_HEAP_MB"m -Xss8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp . Main',
}


def image_for(language: str) -> str:
    """The image for `language`: the operator's SANDBOX_DOCKER_IMAGE_<LANGUAGE>, else `DOCKER_IMAGES`."""
    return get_settings().sandbox_docker_image(language) or DOCKER_IMAGES[language]


def boot_script(lang: Language, limits: Limits) -> str:
    """The container's shell entry: write the source from $SBX_CODE, forget it, then compile/run."""
    write = f'printf %s "$SBX_CODE" > {lang.source_file} && unset SBX_CODE'
    if not lang.compiled:
        return f"{write} && {DOCKER_COMMANDS[lang.name]}"
    compile_cpu = int(COMPILE_LIMITS.cpu_s)
    return (f"{write} && (ulimit -t {compile_cpu}; {DOCKER_COMMANDS[lang.name]}) > .compile.log 2>&1 "
            f"|| {{ cat .compile.log >&2; printf '\\n%s\\n' '{COMPILE_FAILED_MARK.decode()}' >&2; "
            f"exit {COMPILE_FAILED_EXIT}; }}; ulimit -t {max(1, int(limits.cpu_s + 0.999))}; "
            f"{DOCKER_RUN_AFTER_COMPILE[lang.name]}")


def container_kwargs(lang: Language, limits: Limits, source: str, run_id: str) -> dict[str, Any]:
    """Everything `containers.create` receives; tests assert on this exact configuration."""
    from docker.types import LogConfig, Ulimit

    memory_mb = max(limits.memory_mb, lang.min_memory_mb, COMPILE_LIMITS.memory_mb if lang.compiled else 0)
    cpu = max(1, int(limits.cpu_s + 0.999))
    work_mb = max(limits.work_mb, COMPILE_LIMITS.work_mb if lang.compiled else 0)
    heap_mb = lang.run_command(max(limits.memory_mb, lang.min_memory_mb))
    # The container's CPU rlimit must also let the compiler finish; the run step lowers it again.
    cpu_ulimit = max(cpu, int(COMPILE_LIMITS.cpu_s)) if lang.compiled else cpu
    return {
        "image": image_for(lang.name),
        "command": ["/bin/sh", "-c", boot_script(lang, limits)],
        "environment": {
            "SBX_CODE": source,
            "SBX_HEAP_MB": str(_heap_mb(heap_mb)),
            "SBX_MEM_BYTES": str(limits.memory_mb * 1024 * 1024),
            "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8", **dict(lang.env),
        },
        "name": f"sbx-{run_id}",
        "labels": {RUN_LABEL: run_id},
        "hostname": "sandbox",
        "user": SANDBOX_USER,
        "working_dir": "/box",
        "network_mode": "none",
        "network_disabled": True,
        "read_only": True,
        "tmpfs": {"/box": f"rw,exec,nosuid,nodev,size={work_mb}m,mode=1777",
                  "/tmp": f"rw,nosuid,nodev,size={limits.tmp_mb}m,mode=1777"},
        "mem_limit": f"{memory_mb}m",
        "memswap_limit": f"{memory_mb}m",
        "nano_cpus": 1_000_000_000,
        "pids_limit": limits.pids,
        "ulimits": [Ulimit(name="cpu", soft=cpu_ulimit, hard=cpu_ulimit + 1),
                    Ulimit(name="nofile", soft=limits.open_files, hard=limits.open_files),
                    Ulimit(name="fsize", soft=limits.file_size_mb * 1024 * 1024,
                           hard=limits.file_size_mb * 1024 * 1024),
                    Ulimit(name="core", soft=0, hard=0)],
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "ipc_mode": "private",
        "init": True,
        "oom_score_adj": 1000,
        "log_config": LogConfig(type="none"),
        "stdin_open": True,
        "tty": False,
        "detach": True,
    }


def _heap_mb(run_argv: list[str]) -> int:
    """The heap size the local command line computed, so both backends give programs the same heap."""
    for part in run_argv:
        for prefix in ("--max-old-space-size=", "-Xmx"):
            if part.startswith(prefix):
                return int(part[len(prefix):].rstrip("m"))
    return 0


@dataclass
class FrameDemuxer:
    """Splits Docker's attach stream (8-byte header: stream id, 3 zero bytes, big-endian size) by stream,
    keeping at most `cap` bytes per stream."""

    cap: int
    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    over_cap: bool = False
    _pending: bytes = b""

    def feed(self, data: bytes) -> None:
        self._pending += data
        while len(self._pending) >= 8:
            stream, size = self._pending[0], struct.unpack(">I", self._pending[4:8])[0]
            if len(self._pending) < 8 + size:
                return
            payload, self._pending = self._pending[8:8 + size], self._pending[8 + size:]
            target = self.stderr if stream == 2 else self.stdout
            room = self.cap - len(target)
            if len(payload) > room:
                target += payload[:max(room, 0)]
                self.over_cap = True
            else:
                target += payload


class DockerBackend:
    name = "docker"

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def containment(self) -> str:
        return "docker"

    @property
    def client(self) -> Any:
        if self._client is None:
            import docker

            if not os.environ.get("DOCKER_HOST") and not os.path.exists(DEFAULT_DOCKER_SOCKET):
                raise SandboxUnavailable(f"no Docker engine: {DEFAULT_DOCKER_SOCKET} does not exist")
            try:
                self._client = docker.from_env(timeout=10)
            except Exception as exc:
                raise SandboxUnavailable(f"no Docker engine: {type(exc).__name__}") from exc
        return self._client

    def selfcheck(self) -> None:
        try:
            self.client.ping()
        except SandboxUnavailable:
            raise
        except Exception as exc:
            self.close()
            raise SandboxUnavailable(f"Docker engine unreachable: {type(exc).__name__}") from exc
        missing = []
        for language in LANGUAGES:
            try:
                self.client.images.get(image_for(language))
            except Exception:
                missing.append(image_for(language))
        if missing:  # images are prepared ahead; a request never pulls
            raise SandboxUnavailable(f"sandbox images not present: {', '.join(missing)}")
        self.sweep_stale_containers()

    def close(self) -> None:
        if self._client is not None and hasattr(self._client, "close"):
            self._client.close()
        self._client = None

    def sweep_stale_containers(self) -> int:
        stale = self.client.containers.list(all=True, filters={"label": RUN_LABEL})
        for container in stale:
            container.remove(force=True)
        return len(stale)

    def run(self, request: RunRequest) -> ExecutionResult:
        run_id = uuid.uuid4().hex[:16]
        kwargs = container_kwargs(request.language, request.limits, request.source, run_id)
        started = time.monotonic()
        container = self.client.containers.create(**kwargs)
        try:
            sock = container.attach_socket(params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
            raw = getattr(sock, "_sock", sock)
            container.start()
            wall_s = request.limits.wall_s + (COMPILE_LIMITS.wall_s if request.language.compiled else 0)
            demux, timed_out = _pump_socket(raw, request.stdin, started + wall_s, request.limits.output_bytes)
            if timed_out or demux.over_cap:
                container.kill()
            status_code = container.wait(timeout=10).get("StatusCode")
            container.reload()
            oom = bool(container.attrs.get("State", {}).get("OOMKilled"))
            return self._result(request, demux, status_code, timed_out, oom, started)
        finally:
            container.remove(force=True)

    def _result(self, request: RunRequest, demux: FrameDemuxer, status_code: int | None, timed_out: bool,
                oom: bool, started: float) -> ExecutionResult:
        stdout, stderr = bytes(demux.stdout), bytes(demux.stderr)
        wall_ms = (time.monotonic() - started) * 1000
        if status_code == COMPILE_FAILED_EXIT and COMPILE_FAILED_MARK in stderr:
            compile_output = stderr.split(COMPILE_FAILED_MARK)[0].rstrip(b"\n")
            return ExecutionResult(Status.COMPILE_ERROR, status_code, b"", b"", False, wall_ms, self.name,
                                   containment="docker", compile_output=compile_output)
        status, exit_code, sig = classify_exit(
            returncode=status_code, timed_out=timed_out, output_limited=demux.over_cap, oom_killed=oom,
            stderr=stderr, cpu_ms=None, cpu_limit_s=request.limits.cpu_s)
        return ExecutionResult(status, exit_code, stdout, stderr, demux.over_cap, wall_ms, self.name,
                               signal=sig, containment="docker")


def _pump_socket(sock: socket.socket, stdin: bytes, deadline: float, cap: int) -> tuple[FrameDemuxer, bool]:
    """Send stdin, then read frames until EOF, the output cap or the deadline."""
    demux = FrameDemuxer(cap)
    sock.setblocking(False)
    pending = memoryview(stdin)
    if not pending:
        sock.shutdown(socket.SHUT_WR)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return demux, True
        want_write = [sock] if pending else []
        readable, writable, _ = select.select([sock], want_write, [], min(remaining, 0.5))
        if writable:
            try:
                pending = pending[sock.send(pending[:65536]):]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                pending = pending[:0]
            if not pending:
                sock.shutdown(socket.SHUT_WR)
        if readable:
            try:
                chunk = sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            if not chunk:
                return demux, False
            demux.feed(chunk)
            if demux.over_cap:
                return demux, False
