"""Show, in `console --text`, what the interviewer says outside a typed turn, and the console's own lines.

livekit's text console prints only the replies to the lines the user types (the events of its own
`session.run`). The interviewer also speaks on its own: the greeting, a welcome back on a resumed interview,
a nudge after a silence, a reaction to a code submission. Without this they would be invisible in text mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from livekit.agents import AgentSession, cli
from rich.text import Text

AGENT_COLOUR = "#09C338"
CONSOLE_COLOUR = "#F9AE1F"


def _inside_a_run(session: AgentSession) -> bool:
    # The console drives each typed line through `session.run`, whose result it prints itself. livekit
    # exposes no public "is a run in flight" accessor; `_global_run_state` is the one the session keeps.
    run = getattr(session, "_global_run_state", None)
    return run is not None and not run.done()


def _legacy_console() -> Any:
    # In console mode the instance is the rich (legacy) console: its `console` is a rich printer, and its
    # `print` writes a tagged line like its own start-up banner. The typed `cli.AgentsConsole` has neither.
    return cli.AgentsConsole.get_instance()


def _rich_console() -> Any:
    return _legacy_console().console


def _print_label(console: Any, label: str, colour: str) -> None:
    console.print()
    console.print(Text.assemble(("  \u25cf ", colour), (label, f"bold {colour}")))


def print_agent_line(text: str) -> None:
    console = _rich_console()
    _print_label(console, "Agent", AGENT_COLOUR)
    for line in text.strip().splitlines():
        console.print(Text(f"    {line}"))


def print_console_note(text: str, label: str = "Console") -> None:
    """What the console itself shows (never part of the conversation): a command's output, the scorecard.
    Lines are printed as they are, not indented or wrapped, so code can be copied from the terminal."""
    console = _rich_console()
    _print_label(console, label, CONSOLE_COLOUR)
    for line in text.rstrip().splitlines():
        console.print(Text(line), soft_wrap=True)


def print_console_hint(text: str) -> None:
    """A start-up line beside livekit's own banner lines (printed, never spoken)."""
    _legacy_console().print(Text(text), tag="Commands")


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
