"""`python -m agent start|dev|console|download-files`: the interviewer worker's command line.

- `start`: production worker (registers with the LiveKit server at LIVEKIT_URL, explicit dispatch only).
- `dev`: the same with auto-reload and dev logging.
- `console [--text]`: a whole interview in this terminal on the built-in demo (or AGENT_CONSOLE_INTERVIEW_ID),
  no LiveKit server needed; `--text` needs no sound device.
- `download-files`: nothing to download (the embedded models ship inside registry packages); kept for parity.
"""

from __future__ import annotations

import os
import warnings

# livekit's console defaults to DEBUG, which buries the interview under library chatter; INFO unless asked.
DEFAULT_LOG_LEVEL = "INFO"


def main() -> None:
    # The built-in Python CLI is the only console that runs without the Go `lk` binary (not installable here);
    # livekit marks it deprecated, which is noise for our users, not an action for them.
    warnings.filterwarnings(
        "ignore", message="the built-in Python CLI is deprecated", category=DeprecationWarning
    )
    os.environ.setdefault("LIVEKIT_LOG_LEVEL", DEFAULT_LOG_LEVEL)
    from livekit.agents import cli

    from agent.worker import server

    cli.run_app(server)


if __name__ == "__main__":
    main()
