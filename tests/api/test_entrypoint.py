"""`python -m api` on the embedded SQLite default: migrates, then serves on HOST:PORT."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_python_m_api_migrates_sqlite_and_serves(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JWT_SECRET", "ENV"}}
    env.update({"DATA_DIR": str(tmp_path / "data"), "PORT": str(port), "LOG_LEVEL": "WARNING"})
    proc = subprocess.Popen([sys.executable, "-m", "api"], cwd=ROOT, env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None and health.status_code == 200, proc.poll()
        assert health.json()["database"] == "ok"
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
    database = tmp_path / "data" / "interviewlab.sqlite3"
    with sqlite3.connect(database) as con:
        versions = [row[0] for row in con.execute("SELECT version FROM aerich")]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert versions and versions[0].startswith("0_")
    assert {"users", "interviews", "transcript_messages"} <= tables
    assert (tmp_path / "data" / "jwt_secret").exists()  # the dev secret, generated once
    assert b"Traceback" not in stderr
