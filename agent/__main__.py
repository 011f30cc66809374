"""`python -m agent start|dev|console|download-files`: the interviewer worker's command line.

- `start`: production worker (registers with the LiveKit server at LIVEKIT_URL, explicit dispatch only).
- `dev`: the same with auto-reload and dev logging.
- `console [--text]`: a whole interview in this terminal on the built-in demo (or AGENT_CONSOLE_INTERVIEW_ID),
  no LiveKit server needed; `--text` needs no sound device.
- `download-files`: nothing to download (the embedded models ship inside registry packages); kept for parity.
"""

from __future__ import annotations

import os
import sys
import warnings

# livekit's console defaults to DEBUG, which buries the interview under library chatter; INFO unless asked.
DEFAULT_LOG_LEVEL = "INFO"


def has_microphone() -> bool:
    """True when PortAudio reports a default input device (the audio console needs one)."""
    try:
        import sounddevice

        sounddevice.query_devices(kind="input")
    except Exception:  # PortAudioError, or PortAudio missing altogether (OSError)
        return False
    return True


def console_arguments(argv: list[str]) -> list[str]:
    """`console` without a microphone would start and silently stop; fall back to typing, and say so."""
    if len(argv) > 1 and argv[1] == "console" and "--text" not in argv and "--list-devices" not in argv:
        explicit_device = any(arg.startswith("--input-device") for arg in argv)
        if not explicit_device and not has_microphone():
            print("No microphone found: starting the console in text mode (type your answers).",
                  file=sys.stderr)
            return [*argv, "--text"]
    return argv


def main() -> None:
    # The built-in Python CLI is the only console that runs without the Go `lk` binary (not installable here);
    # livekit marks it deprecated, which is noise for our users, not an action for them.
    warnings.filterwarnings(
        "ignore", message="the built-in Python CLI is deprecated", category=DeprecationWarning
    )
    os.environ.setdefault("LIVEKIT_LOG_LEVEL", DEFAULT_LOG_LEVEL)
    from livekit.agents import cli

    from agent.worker import server

    sys.argv = console_arguments(sys.argv)
    cli.run_app(server)


if __name__ == "__main__":
    main()
