"""Show, in `console --text`, what the interviewer says outside a typed turn.

livekit's text console prints only the replies to the lines the user types (the events of its own
`session.run`). The interviewer also speaks on its own: the greeting, a welcome back on a resumed interview,
a nudge after a silence, a reaction to a code submission. Without this they would be invisible in text mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from livekit.agents import AgentSession, cli
from rich.text import Text

AGENT_LABEL_STYLE = "bold #09C338"


def _inside_a_run(session: AgentSession) -> bool:
    # The console drives each typed line through `session.run`, whose result it prints itself. livekit
    # exposes no public "is a run in flight" accessor; `_global_run_state` is the one the session keeps.
    run = getattr(session, "_global_run_state", None)
    return run is not None and not run.done()


def print_agent_line(text: str) -> None:
    # In console mode the instance is the rich (legacy) console, which has the `console` printer.
    console = getattr(cli.AgentsConsole.get_instance(), "console")  # noqa: B009
    console.print()
    console.print(Text.assemble(("  \u25cf ", "#09C338"), ("Agent", AGENT_LABEL_STYLE)))
    for line in text.strip().splitlines():
        console.print(Text(f"    {line}"))


def install_console_echo(session: AgentSession, opening: Callable[[], bool]) -> None:
    """Print every agent message the console itself will not print. `opening()` is true while the worker's
    own run for the opening words is in flight (a run the console knows nothing about)."""

    def on_item(event: Any) -> None:
        item = event.item
        if item.type != "message" or item.role != "assistant":
            return
        if _inside_a_run(session) and not opening():
            return
        print_agent_line(item.text_content or "")

    session.on("conversation_item_added", on_item)
