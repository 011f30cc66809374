"""The Docker backend without an engine: its exact container configuration, the JSON the SDK would send,
the stream handling against a fake engine at the network edge, and the hostile suite on a real engine
(skipped, with the reason, where none is reachable)."""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import socket
import struct
import threading
import warnings
from typing import Any

import docker
import pytest
from docker.models.containers import _create_container_args
from sandbox_hostile_cases import CASES, HostileCase, fill

from api.sandbox.docker_backend import (
    COMPILE_FAILED_EXIT,
    COMPILE_FAILED_MARK,
    DOCKER_IMAGES,
    RUN_LABEL,
    DockerBackend,
    FrameDemuxer,
    container_kwargs,
)
from api.sandbox.interface import RunRequest, SandboxUnavailable
from api.sandbox.languages import LANGUAGES
from api.sandbox.limits import Limits
from api.sandbox.result import Status
from api.settings import Settings, set_settings

LIMITS = Limits(wall_s=2.0, cpu_s=1.0, memory_mb=128, pids=32, open_files=24, file_size_mb=8,
                output_bytes=1024, work_mb=16, tmp_mb=8)


def wire_body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body `POST /containers/create` would carry, built by the SDK without any engine."""
    api = docker.APIClient(base_url="unix:///nonexistent", version="1.43")
    create_args = _create_container_args({**kwargs, "version": "1.43"})
    create_args.pop("name", None)
    create_args.pop("platform", None)
    return dict(api.create_container_config(**create_args))


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_container_configuration_has_every_hardening_option(language: str) -> None:
    kwargs = container_kwargs(LANGUAGES[language], LIMITS, "print(1)", "run1")
    assert kwargs["network_mode"] == "none" and kwargs["network_disabled"] is True
    assert kwargs["read_only"] is True
    assert kwargs["cap_drop"] == ["ALL"]
    assert kwargs["security_opt"] == ["no-new-privileges:true"]
    assert kwargs["user"] == "65534:65534"
    assert kwargs["mem_limit"] == kwargs["memswap_limit"]  # no swap beyond the memory limit
    assert kwargs["pids_limit"] == LIMITS.pids
    assert kwargs["init"] is True and kwargs["ipc_mode"] == "private"
    assert kwargs["log_config"].type == "none"
    assert kwargs["labels"] == {RUN_LABEL: "run1"}
    assert set(kwargs["tmpfs"]) == {"/box", "/tmp"} and all("nosuid" in v for v in kwargs["tmpfs"].values())
    for forbidden in ("privileged", "volumes", "pid_mode", "cap_add", "devices", "network", "userns_mode"):
        assert forbidden not in kwargs
    limits = {u.name: (u.soft, u.hard) for u in kwargs["ulimits"]}
    assert limits["nofile"] == (24, 24) and limits["core"] == (0, 0)
    assert limits["fsize"] == (8 * 1024 * 1024,) * 2
    assert "@" in kwargs["image"] or ":" in kwargs["image"]  # a pinned tag or digest, never "latest"
    assert not kwargs["image"].endswith(":latest")


def test_an_operator_image_pins_one_language_and_leaves_the_others(sandbox_settings: Settings) -> None:
    pinned = "python@sha256:" + "0" * 64
    set_settings(dataclasses.replace(sandbox_settings, sandbox_docker_images=(("python", pinned),)))
    assert container_kwargs(LANGUAGES["python"], LIMITS, "print(1)", "run1")["image"] == pinned
    assert container_kwargs(LANGUAGES["java"], LIMITS, "", "run1")["image"] == DOCKER_IMAGES["java"]


def test_wire_body_carries_the_hardening_to_the_engine() -> None:
    body = wire_body(container_kwargs(LANGUAGES["python"], LIMITS, "print('hi')", "run2"))
    host = body["HostConfig"]
    assert host["NetworkMode"] == "none" and body["NetworkDisabled"] is True
    assert host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"] and host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Memory"] == host["MemorySwap"] == 128 * 1024 * 1024
    assert host["PidsLimit"] == 32 and host["NanoCpus"] == 1_000_000_000 and host["Init"] is True
    assert host["Tmpfs"]["/box"].startswith("rw,exec,nosuid,nodev,size=16m")
    assert {u["Name"] for u in host["Ulimits"]} == {"cpu", "nofile", "fsize", "core"}
    assert host["LogConfig"]["Type"] == "none"
    assert host["OomScoreAdj"] == 1000 and host["IpcMode"] == "private"
    assert "Privileged" not in host or host["Privileged"] is False
    assert "Binds" not in host or not host["Binds"]
    assert body["User"] == "65534:65534" and body["OpenStdin"] is True and body["Tty"] is False
    assert "SBX_CODE=print('hi')" in body["Env"]
    assert body["Labels"] == {RUN_LABEL: "run2"}


def test_a_misspelt_option_fails_without_an_engine() -> None:
    kwargs = container_kwargs(LANGUAGES["python"], LIMITS, "1", "r") | {"memory_limit": "1g"}
    with pytest.raises(TypeError):
        wire_body(kwargs)


def test_compiled_languages_compile_then_run_with_the_run_limits() -> None:
    kwargs = container_kwargs(LANGUAGES["cpp"], LIMITS, "int main(){}", "r")
    script = kwargs["command"][2]
    assert script.index("g++") < script.index("./main")
    assert f"exit {COMPILE_FAILED_EXIT}" in script and "prlimit --as" in script
    assert kwargs["environment"]["SBX_MEM_BYTES"] == str(128 * 1024 * 1024)


def frame(stream: int, payload: bytes) -> bytes:
    return struct.pack(">BxxxI", stream, len(payload)) + payload


def test_frame_demuxer_splits_streams_across_chunk_boundaries_and_caps() -> None:
    data = frame(1, b"hello ") + frame(2, b"oops") + frame(1, b"world")
    demux = FrameDemuxer(cap=100)
    for i in range(0, len(data), 3):
        demux.feed(data[i:i + 3])
    assert bytes(demux.stdout) == b"hello world" and bytes(demux.stderr) == b"oops"
    capped = FrameDemuxer(cap=4)
    capped.feed(frame(1, b"0123456789"))
    assert bytes(capped.stdout) == b"0123" and capped.over_cap


# --- the run flow against a fake engine (the network edge) ------------------------------------------


class FakeContainer:
    """Plays the engine's side of one container over a socketpair, from a thread (buffers are small)."""

    def __init__(self, frames: bytes, status_code: int, oom: bool = False, hang: bool = False) -> None:
        self.ours, self.theirs = socket.socketpair()
        self.frames, self.status_code, self.oom, self.hang = frames, status_code, oom, hang
        self.calls: list[str] = []
        self.stdin = b""
        self.attrs: dict[str, Any] = {}

    def attach_socket(self, params: dict[str, int]) -> socket.socket:
        self.calls.append("attach")
        return self.ours

    def start(self) -> None:
        self.calls.append("start")
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while chunk := self.theirs.recv(65536):
            self.stdin += chunk
        try:
            self.theirs.sendall(self.frames)
        except OSError:
            return
        if not self.hang:
            self.theirs.close()

    def kill(self) -> None:
        self.calls.append("kill")
        self.theirs.close()

    def wait(self, timeout: int) -> dict[str, int]:
        return {"StatusCode": 137 if "kill" in self.calls else self.status_code}

    def reload(self) -> None:
        self.attrs = {"State": {"OOMKilled": self.oom}}

    def remove(self, force: bool) -> None:
        self.calls.append("remove")
        self.ours.close()
        self.theirs.close()


class FakeContainers:
    def __init__(self, container: FakeContainer) -> None:
        self.container = container
        self.created: list[dict[str, Any]] = []

    def create(self, **kwargs: Any) -> FakeContainer:
        self.created.append(kwargs)
        return self.container


class FakeClient:
    def __init__(self, container: FakeContainer) -> None:
        self.containers = FakeContainers(container)


def run_fake(container: FakeContainer, source: str = "print(1)", stdin: bytes = b"",
             language: str = "python") -> tuple[Any, FakeClient]:
    client = FakeClient(container)
    result = DockerBackend(client).run(RunRequest(LANGUAGES[language], source, stdin, LIMITS))
    return result, client


def test_docker_run_sends_stdin_and_demultiplexes_output() -> None:
    container = FakeContainer(frame(1, b"out\n") + frame(2, b"err\n"), status_code=0)
    result, client = run_fake(container, stdin=b"x" * 300_000)
    assert result.status is Status.OK and result.stdout == b"out\n" and result.stderr == b"err\n"
    assert container.stdin == b"x" * 300_000
    assert container.calls == ["attach", "start", "remove"]
    assert client.containers.created[0]["environment"]["SBX_CODE"] == "print(1)"


def test_docker_timeout_kills_and_removes_the_container() -> None:
    result, _ = run_fake(container := FakeContainer(b"", status_code=0, hang=True))
    assert result.status is Status.TIMEOUT and result.timed_out
    assert container.calls[-2:] == ["kill", "remove"]


def test_docker_oom_is_reported_as_memory_limit() -> None:
    result, _ = run_fake(FakeContainer(b"", status_code=137, oom=True))
    assert result.status is Status.MEMORY_LIMIT


def test_docker_output_cap_kills_and_truncates() -> None:
    result, _ = run_fake(container := FakeContainer(frame(1, b"y" * 5000), status_code=0, hang=True))
    assert result.status is Status.OUTPUT_LIMIT and result.truncated
    assert len(result.stdout) == LIMITS.output_bytes
    assert "kill" in container.calls and container.calls[-1] == "remove"


def test_docker_compile_failure_is_reported_as_such() -> None:
    frames = frame(2, b"main.cpp:1: error: nope\n\n" + COMPILE_FAILED_MARK + b"\n")
    result, _ = run_fake(FakeContainer(frames, status_code=COMPILE_FAILED_EXIT), language="cpp")
    assert result.status is Status.COMPILE_ERROR and b"error: nope" in result.compile_output


def test_docker_backend_is_unavailable_without_an_engine_here() -> None:
    if _engine_reachable():
        pytest.skip("a Docker engine is reachable here; this checks the engine-less machine")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # docker-py's failed-connect socket, see above
        with pytest.raises(SandboxUnavailable):
            DockerBackend().selfcheck()
        gc.collect()


# --- a real engine ---------------------------------------------------------------------------------


@functools.cache
def _engine_reachable() -> bool:
    # docker-py leaks the socket of a failed connect to GC; collect it here, where that is expected.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            client = docker.from_env(timeout=3)
        except Exception:
            return False
        try:
            return bool(client.ping())
        except Exception:
            return False
        finally:
            client.close()
            gc.collect()


@pytest.mark.docker
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_program_is_contained_in_docker(case: HostileCase) -> None:
    if not _engine_reachable():
        pytest.skip("no Docker engine reachable (docker.from_env().ping() failed); runs where one is")
    backend = DockerBackend()
    backend.selfcheck()
    facts = {"api_pid": str(os.getpid()), "sentinel_pid": "1", "secret": "sbx-docker-secret",
             "tcp_port": "9", "unix_path": "/nonexistent.sock", "abstract_name": "sbx-none",
             "host_marker": "/nonexistent/marker", "output_cap": str(LIMITS.output_bytes)}
    limits = Limits(wall_s=3.0, cpu_s=1.0, memory_mb=128, pids=32, open_files=24, file_size_mb=8)
    result = backend.run(RunRequest(LANGUAGES[case.language], fill(case.source, facts), case.stdin, limits))
    case.check(result, facts | {"output_cap": str(limits.output_bytes)})
    assert backend.client.containers.list(all=True, filters={"label": RUN_LABEL}) == []
