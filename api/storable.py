"""Text both databases can store. PostgreSQL refuses NUL (U+0000) in `text` and in `jsonb`; SQLite keeps it.

Clients cannot send NUL: `api.validation` refuses it in JSON with a 400 naming the field, and submitted
code (from the API or the console's `/submit FILE`) is refused by `api.sandbox.submissions`. Text the API did
not get from a client — a candidate program's output, a PDF's extracted text — has each NUL replaced by
U+FFFD, the character an undecodable byte already becomes, so the row is stored, and alike on both databases.
"""

from __future__ import annotations

from typing import Any

NUL = "\x00"
REPLACEMENT = "\ufffd"


def storable_text(text: str) -> str:
    return text.replace(NUL, REPLACEMENT) if NUL in text else text


def decoded_output(data: bytes) -> str:
    """A program's output bytes as storable text (invalid UTF-8 and NUL both become U+FFFD)."""
    return storable_text(data.decode("utf-8", errors="replace"))


def storable_json(value: Any) -> Any:
    """`value` (decoded JSON) with every string, keys included, made storable."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    if isinstance(value, dict):
        return {storable_text(str(key)): storable_json(item) for key, item in value.items()}
    return value


def nul_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in decoded JSON that holds a NUL, else None."""
    if isinstance(value, str):
        return (path or "body") if NUL in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        here = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and NUL in key:
            return storable_text(here)
        found = nul_path(item, here)
        if found is not None:
            return found
    return None
