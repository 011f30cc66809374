"""Drive `python -m agent console --text` under a pseudo-terminal, as a person at a keyboard would.

The console is a full-screen prompt (rich + raw key reads), so it needs a real terminal: `pty.fork` gives it
one. We own the child: it is stopped by its pid only (SIGINT, then SIGKILL if it does not go).
"""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import sys
import time
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROMPT = r"Type to talk"  # the console's input line, drawn when it waits for the next typed line
STARTUP_SECONDS = 120  # imports, hash-checked model loading, migrations: ~15 s here, slower on a cold disk
TURN_SECONDS = 30
PROMPT_SETTLE_SECONDS = 0.3
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\r")


def plain(text: str) -> str:
    return ANSI.sub("", text)


def console_env(data_dir: Path, database: Path, **extra: str) -> dict[str, str]:
    """The console's environment: the embedded engines, its own SQLite file, no LiveKit or OpenAI settings."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("LIVEKIT_", "OPENAI_"))
    }
    env.update(DATABASE_URL=f"sqlite://{database}", DATA_DIR=str(data_dir), ENGINES="embedded",
               COLUMNS="120", LINES="40", TERM="xterm", **extra)
    return env


class ConsoleSession:
    def __init__(self, args: list[str], env: Mapping[str, str], cwd: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the console
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "agent", *args], dict(env))
        self.raw = b""
        self.exit_status: int | None = None

    @property
    def output(self) -> str:
        return plain(self.raw.decode(errors="replace"))

    def _pump(self, wait: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            try:
                self.raw += os.read(self.fd, 65536)
            except OSError:  # the child closed the terminal
                time.sleep(wait)
        if self.exit_status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = status

    def wait_for(self, pattern: str, *, timeout: float, after: int = 0) -> int:
        """Read until `pattern` (regex) appears in the output past offset `after`; returns the match end."""
        deadline = time.monotonic() + timeout
        compiled = re.compile(pattern)
        while time.monotonic() < deadline:
            match = compiled.search(self.output, after)
            if match:
                return match.end()
            if self.exit_status is not None:
                break
            self._pump(0.1)
        raise AssertionError(f"{pattern!r} not seen within {timeout}s; output tail:\n{self.output[-3000:]}")

    def type_line(self, text: str) -> None:
        # The prompt switches the terminal to raw mode when it starts reading, which discards keys typed
        # before it: give it a moment after it is drawn.
        self._pump(PROMPT_SETTLE_SECONDS)
        time.sleep(PROMPT_SETTLE_SECONDS)
        os.write(self.fd, text.encode() + b"\r")

    def wait_exit(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.exit_status is None and time.monotonic() < deadline:
            self._pump(0.1)
        if self.exit_status is None:
            raise AssertionError(f"console did not exit within {timeout}s; tail:\n{self.output[-3000:]}")
        return self.exit_status

    def stop(self) -> None:
        """Make sure our child is gone (SIGINT like Ctrl+C, then SIGKILL), by its pid only."""
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGINT)
                self.wait_exit(5)
            except (AssertionError, ProcessLookupError):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                self.exit_status = -9
        os.close(self.fd)
